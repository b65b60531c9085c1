/** Binds a gateway to a loopback port with Node's HTTP server (keep-alive to clients, streaming both ways). */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Gateway } from "./gateway.js";

export interface ServedGateway {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function serveGateway(gateway: Gateway, opts: { port: number; host?: string; idleTimeoutMs?: number }): Promise<ServedGateway> {
  const host = opts.host ?? "127.0.0.1";
  let port = opts.port;
  const server: Server = createServer({ keepAlive: true }, (req, res) => {
    const length = req.headers["content-length"];
    const hasBody = length !== undefined ? length !== "0" : req.headers["transfer-encoding"] !== undefined;
    try {
      gateway.handle(
        {
          method: req.method ?? "GET",
          path: req.url ?? "/",
          headers: req.headers,
          body: hasBody ? req : null,
          remoteAddress: req.socket.remoteAddress ?? "127.0.0.1",
          localPort: port,
        },
        res,
      );
    } catch {
      if (res.headersSent) res.destroy();
      else gateway.answer(res, 502);
    }
  });
  server.keepAliveTimeout = opts.idleTimeoutMs ?? 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
