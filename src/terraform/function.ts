/**
 * A `function-<name>` stack: one Lambda function zipped by berth from its folder (`package.zip` beside
 * the `.tf` files, an asset of the stack) or running a container image, its role, log group, security group in the VPC, the `live`
 * alias, its EventBridge and SQS triggers and its alarms. HTTP routes live in the API's own stack (`http-api.ts`).
 * Each file is rendered by a module in `function/`; this one lists them in order.
 */
import type { HclFile } from "../hcl/index.js";
import { stackPlan } from "../model/stacks.js";
import { functionStackId } from "../model/stack-ids.js";
import type { Environment, LambdaFunction } from "../model/types.js";
import { alarmsFile } from "./function/alarms.js";
import { codedeployFile } from "./function/codedeploy.js";
import { functionContext, PACKAGE_FILE } from "./function/context.js";
import { iamFile } from "./function/iam.js";
import { functionFile, logsFile } from "./function/lambda.js";
import { functionOutputs } from "./function/outputs.js";
import { securityFile } from "./function/security.js";
import { eventsFile, queueFile } from "./function/triggers.js";
import { assembleStack, type Stack } from "./stack.js";

export function renderFunctionStack(env: Environment, fn: LambdaFunction): Stack {
  const ctx = functionContext(env, fn);
  const files: HclFile[] = [
    ...(fn.vpc ? [{ name: "security.tf", body: securityFile(ctx) }] : []),
    { name: "iam.tf", body: iamFile(ctx) },
    { name: "logs.tf", body: logsFile(ctx) },
    { name: "function.tf", body: functionFile(ctx) },
    ...(fn.events.length > 0 ? [{ name: "events.tf", body: eventsFile(ctx) }] : []),
    ...(fn.queueTrigger ? [{ name: "queue.tf", body: queueFile(ctx, fn.queueTrigger) }] : []),
    ...(fn.alarms.length > 0 ? [{ name: "alarms.tf", body: alarmsFile(ctx) }] : []),
    ...(fn.blueGreen ? [{ name: "codedeploy.tf", body: codedeployFile(ctx, fn.blueGreen) }] : []),
  ];
  const stack = assembleStack(stackPlan(env, functionStackId(fn.key)), { files, inputs: ctx.inputs, outputs: functionOutputs(ctx) });
  return fn.dir === null ? stack : { ...stack, assets: [{ name: PACKAGE_FILE, kind: "zip", dir: fn.dir }] };
}
