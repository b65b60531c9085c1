/** What every file of a function stack reads: the environment, the function, and the stack's upstream reads. */
import type { Expr } from "../../hcl/index.js";
import { functionStackId } from "../../model/stack-ids.js";
import type { Database, Environment, LambdaFunction, Queue, Topic } from "../../model/types.js";
import type { Wire } from "../../model/wires.js";
import { StackInputs } from "../common/inputs.js";

export interface FunctionContext {
  readonly env: Environment;
  readonly fn: LambdaFunction;
  readonly inputs: StackInputs;
  readonly read: (wire: Wire) => Expr;
  readonly ref: (wire: Wire) => string;
}

export function functionContext(env: Environment, fn: LambdaFunction): FunctionContext {
  const inputs = new StackInputs(functionStackId(fn.key));
  return { env, fn, inputs, read: (w) => inputs.read(w), ref: (w) => inputs.ref(w) };
}

/** The package berth zips from the function's folder, beside the stack's `.tf` files. */
export const PACKAGE_FILE = "package.zip";

function find<T extends { key: string }>(ctx: FunctionContext, list: readonly T[], what: string, key: string): T {
  const x = list.find((i) => i.key === key);
  if (!x) throw new Error(`bug: function ${ctx.fn.key} uses ${what} "${key}", which environment ${ctx.env.name} does not have`);
  return x;
}

export const databaseOf = (ctx: FunctionContext, key: string): Database => find(ctx, ctx.env.databases, "database", key);
export const queueOf = (ctx: FunctionContext, key: string): Queue => find(ctx, ctx.env.queues, "queue", key);
export const topicOf = (ctx: FunctionContext, key: string): Topic => find(ctx, ctx.env.topics, "topic", key);
