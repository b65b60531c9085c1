/** A steady, bounded load on loopback for end-to-end tests: `concurrency` clients in a loop until stopped. */
import { Agent, request } from "undici";

export interface LoadResult {
  readonly ok: number;
  readonly failed: { readonly at: number; readonly status: number | string }[];
}

export function steadyLoad(url: string, concurrency: number): { stop(): Promise<LoadResult> } {
  const agent = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
  let running = true;
  let ok = 0;
  const failed: { at: number; status: number | string }[] = [];
  const client = async () => {
    while (running) {
      try {
        const res = await request(url, { dispatcher: agent, headersTimeout: 10_000 });
        await res.body.dump();
        if (res.statusCode === 200) ok++;
        else failed.push({ at: Date.now(), status: res.statusCode });
      } catch (e) {
        failed.push({ at: Date.now(), status: (e as Error).message });
      }
    }
  };
  const clients = Array.from({ length: concurrency }, client);
  return {
    async stop() {
      running = false;
      await Promise.all(clients);
      await agent.close();
      return { ok, failed };
    },
  };
}
