/**
 * A `ClientResponse` that collects the gateway's answer in memory, for in-process requests (tests, no
 * sockets): `await res.finished` resolves once the answer is complete or the connection was cut.
 */
import { EventEmitter } from "node:events";
import type { OutgoingHttpHeaders } from "node:http";
import type { ClientResponse } from "./gateway.js";

export class MemoryResponse extends EventEmitter implements ClientResponse {
  headersSent = false;
  status = 0;
  headers: OutgoingHttpHeaders = {};
  /** True when the gateway cut the connection instead of ending the answer. */
  destroyed = false;
  readonly finished: Promise<void>;
  private readonly chunks: Buffer[] = [];
  private settle!: () => void;

  constructor() {
    super();
    this.finished = new Promise<void>((resolve) => (this.settle = resolve));
  }

  get text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }

  writeHead(status: number, headers: OutgoingHttpHeaders): this {
    this.status = status;
    this.headers = headers;
    this.headersSent = true;
    return this;
  }

  write(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  end(body?: string): this {
    if (body !== undefined) this.chunks.push(Buffer.from(body));
    this.close();
    return this;
  }

  destroy(): this {
    this.destroyed = true;
    this.close();
    return this;
  }

  private close(): void {
    this.settle();
    this.emit("close");
  }
}
