/** Binds a gateway to a loopback port with Node's HTTP server (keep-alive to clients, streaming both ways). */
import { createServer, type Server } from "node:http";
import type { Gateway } from "./gateway.js";
import { listenOnLoopback, type Loopback } from "./loopback.js";

export type ServedGateway = Loopback;

export async function serveGateway(gateway: Gateway, opts: { port: number; idleTimeoutMs?: number }): Promise<ServedGateway> {
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
  const bound = await listenOnLoopback(server, opts.port);
  port = bound.port;
  return bound;
}
