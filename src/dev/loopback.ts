/** An HTTP server of `berth dev` bound to a loopback port: its port and URL, and a close that ends open connections too. */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Loopback {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 at `port` (0: any free port); rejects with the listen error (e.g. EADDRINUSE). The
 * listener for that error is removed once bound, so it cannot swallow a later one.
 */
export async function listenOnLoopback(server: Server, port: number): Promise<Loopback> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
