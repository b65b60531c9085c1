/**
 * The Lambda Runtime API on loopback, for a function `berth dev` runs with `functions.<key>.local.command`:
 * the process (a runtime interface client such as `awslambdaric`, a custom runtime's `bootstrap`, or an
 * image started with `AWS_LAMBDA_RUNTIME_API`) polls `GET /2018-06-01/runtime/invocation/next`, which
 * answers with the next event when berth delivers one (the request is held until then, as Lambda does),
 * and posts the result to `…/invocation/<id>/response` or the failure to `…/invocation/<id>/error`; an
 * initialization failure goes to `…/runtime/init/error`. One server per warm process: Lambda's execution
 * environment serves one invocation at a time, and so does this.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { FunctionError } from "./function-pool.js";
import { listenOnLoopback } from "./loopback.js";

const PREFIX = "/2018-06-01/runtime";
const MAX_BODY = 6 * 1024 * 1024; // Lambda's synchronous response limit

/** An invocation handed to the process. */
export interface RuntimeInvocation {
  readonly id: string;
  readonly event: unknown;
  readonly deadline: number;
}

/** What the process answered for an invocation. */
export type RuntimeReply =
  | { readonly id: string; readonly ok: true; readonly result: unknown }
  | { readonly id: string; readonly ok: false; readonly error: FunctionError };

export class LambdaRuntimeApi {
  private readonly server: Server;
  private readonly queue: RuntimeInvocation[] = [];
  private waiting: ServerResponse | undefined;

  /**
   * @param functionArn what `Lambda-Runtime-Invoked-Function-Arn` says
   * @param onReply called once per answered invocation
   * @param onInitError called with the error a runtime reports before it can take invocations
   */
  constructor(
    private readonly functionArn: string,
    private readonly onReply: (reply: RuntimeReply) => void,
    private readonly onInitError: (error: FunctionError) => void,
  ) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Listens on 127.0.0.1 (any free port); resolves to `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`. */
  async listen(): Promise<string> {
    return `127.0.0.1:${(await listenOnLoopback(this.server, 0)).port}`;
  }

  /** Hands the invocation to the process: at once when it is waiting on `next`, else at its next poll. */
  deliver(invocation: RuntimeInvocation): void {
    const res = this.waiting;
    this.waiting = undefined;
    if (res && !res.destroyed) this.send(res, invocation);
    else this.queue.push(invocation);
  }

  close(): void {
    this.waiting?.destroy();
    this.server.closeAllConnections();
    this.server.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "").split("?")[0]!;
    if (req.method === "GET" && path === `${PREFIX}/invocation/next`) {
      const next = this.queue.shift();
      if (next) this.send(res, next);
      else this.waiting = res;
      return;
    }
    const answer = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(path);
    if (req.method === "POST" && (answer || path === `${PREFIX}/init/error`)) {
      const body = await readBody(req);
      if (body === undefined) return reply(res, 413, { errorMessage: "payload above 6 MB", errorType: "RequestEntityTooLarge" });
      if (!answer) this.onInitError(runtimeError(body, req));
      else if (answer[2] === "response") this.onReply({ id: decodeURIComponent(answer[1]!), ok: true, result: parse(body) });
      else this.onReply({ id: decodeURIComponent(answer[1]!), ok: false, error: runtimeError(body, req) });
      return reply(res, 202, { status: "OK" });
    }
    reply(res, 404, { errorMessage: `${req.method} ${path} is not part of the Lambda Runtime API`, errorType: "InvalidRequest" });
  }

  private send(res: ServerResponse, inv: RuntimeInvocation): void {
    res.writeHead(200, {
      "content-type": "application/json",
      "lambda-runtime-aws-request-id": inv.id,
      "lambda-runtime-deadline-ms": String(inv.deadline),
      "lambda-runtime-invoked-function-arn": this.functionArn,
      "lambda-runtime-trace-id": `Root=1-00000000-${inv.id.replace(/-/g, "").slice(0, 24)};Sampled=0`,
    });
    res.end(JSON.stringify(inv.event ?? null));
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** The request body as text; undefined above Lambda's payload limit. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A response body as Lambda passes it on: JSON when it parses, else the text. */
function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** An error body (`{ errorMessage, errorType, stackTrace }`), the type also from `Lambda-Runtime-Function-Error-Type`. */
function runtimeError(body: string, req: IncomingMessage): FunctionError {
  const parsed = parse(body);
  const o = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const header = req.headers["lambda-runtime-function-error-type"];
  return {
    errorType: typeof o.errorType === "string" ? o.errorType : typeof header === "string" ? header : "Runtime.Unknown",
    errorMessage: typeof o.errorMessage === "string" ? o.errorMessage : typeof parsed === "string" ? parsed : "",
    trace: Array.isArray(o.stackTrace) ? o.stackTrace.map(String) : [],
  };
}
