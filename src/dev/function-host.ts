/**
 * The runtime harness of a function under `berth dev`: a small Node program berth starts once per warm
 * function process (`node --input-type=module -e <source> <dir> <handler>`, with an IPC channel). It loads
 * the handler as Lambda's Node runtime does — `file.export` from the function's folder, trying `.js`, `.mjs`
 * then `.cjs` — and answers one invocation at a time: `{ id, event, deadline }` in, `{ id, ok, result }` or
 * `{ id, ok: false, error }` out. A handler may return (or resolve) its result or take Lambda's callback.
 * Kept as source text so the same program runs from the sources, the compiled files and the bundle.
 */
export const FUNCTION_HOST_SOURCE = String.raw`
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, spec, functionName] = process.argv.slice(1);
const dot = spec.lastIndexOf(".");
const file = spec.slice(0, dot);
const exportName = spec.slice(dot + 1);

async function load() {
  for (const ext of [".js", ".mjs", ".cjs"]) {
    const path = join(dir, file + ext);
    if (!existsSync(path)) continue;
    const mod = await import(pathToFileURL(path).href);
    const fn = mod[exportName] ?? mod.default?.[exportName];
    if (typeof fn !== "function") throw new Error(file + ext + " exports no function " + JSON.stringify(exportName));
    return fn;
  }
  throw new Error("no " + file + ".js, " + file + ".mjs or " + file + ".cjs in " + dir + " (handler " + JSON.stringify(spec) + ")");
}

const handler = load();
handler.catch(() => {});

function call(fn, event, context) {
  if (fn.length < 3) return fn(event, context);
  return new Promise((resolve, reject) => {
    const done = (err, value) => (err ? reject(err) : resolve(value));
    const returned = fn(event, context, done);
    if (returned && typeof returned.then === "function") returned.then(resolve, reject);
  });
}

function errorOf(e) {
  if (e instanceof Error) return { errorType: e.name, errorMessage: e.message, trace: String(e.stack ?? "").split("\n") };
  return { errorType: "Error", errorMessage: typeof e === "string" ? e : JSON.stringify(e) ?? String(e), trace: [] };
}

process.on("message", async ({ id, event, deadline }) => {
  const context = {
    functionName,
    functionVersion: "$LATEST",
    awsRequestId: id,
    invokedFunctionArn: "arn:aws:lambda:local:000000000000:function:" + functionName,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: "/aws/lambda/" + functionName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await call(await handler, event, context);
    process.send({ id, ok: true, result: result === undefined ? null : result });
  } catch (e) {
    process.send({ id, ok: false, error: errorOf(e) });
  }
});
process.on("disconnect", () => process.exit(0));
`;
