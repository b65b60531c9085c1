/** The values a function stack outputs (the wires `model/wires.ts` lists for it). */
import { type Expr, raw } from "../../hcl/index.js";
import * as wires from "../../model/wires.js";
import type { FunctionContext } from "./context.js";

export function functionOutputs(ctx: FunctionContext): Record<string, Expr> {
  const { fn } = ctx;
  return {
    [wires.fn.name(fn).name]: raw("aws_lambda_function.this.function_name"),
    [wires.fn.aliasArn(ctx.env, fn).name]: raw("aws_lambda_alias.live.arn"),
    version: raw("aws_lambda_function.this.version"),
    log_group_name: raw("aws_cloudwatch_log_group.this.name"),
    ...(ctx.fn.vpc ? { security_group_id: raw("aws_security_group.this.id") } : {}),
  };
}
