/** Binds a gateway to a loopback port with Node's HTTP server (keep-alive to clients, streaming both ways). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import type { Gateway } from "./gateway.js";

export interface ServedGateway {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function serveGateway(gateway: Gateway, opts: { port: number; host?: string; idleTimeoutMs?: number }): Promise<ServedGateway> {
  const host = opts.host ?? "127.0.0.1";
  let port = opts.port;
  const server: Server = createServer({ keepAlive: true }, (req, res) => void handle(req, res));
  server.keepAliveTimeout = opts.idleTimeoutMs ?? 60_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hasBody = req.headers["content-length"] !== undefined ? req.headers["content-length"] !== "0" : req.headers["transfer-encoding"] !== undefined;
    try {
      const out = await gateway.handle({
        method: req.method ?? "GET",
        path: req.url ?? "/",
        headers: req.headers,
        body: hasBody ? req : null,
        remoteAddress: req.socket.remoteAddress ?? "127.0.0.1",
        localPort: port,
      });
      res.writeHead(out.status, out.headers);
      if (typeof out.body === "string") res.end(out.body);
      else relay(out.body, res);
    } catch {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
      res.end("502 Bad Gateway");
    }
  }

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

/**
 * Streams a target's body to the client. `pipe` plus two listeners instead of `stream.pipeline`, which
 * builds an AbortController and throws a DOMException for every response (measurable at proxy rates).
 */
function relay(body: Readable, res: ServerResponse): void {
  body.once("error", () => res.destroy());
  res.once("close", () => {
    if (!body.readableEnded) body.destroy();
  });
  body.pipe(res);
}
