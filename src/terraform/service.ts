/**
 * A `service-<name>` stack: one ECS service with its security rules, IAM roles, log group, target
 * groups and listener rules, task definition and autoscaling, on the network and platform stacks. A
 * scheduled job has its schedule and state machine where a service has its ECS service.
 * Each file is rendered by a module in `service/`; this one lists them in order.
 */
import type { HclFile } from "../hcl/index.js";
import { IMAGE_TAG_VARIABLE, stackPlan } from "../model/stacks.js";
import { serviceStackId } from "../model/stack-ids.js";
import type { Environment, Service } from "../model/types.js";
import type { VariableSpec } from "./common/files.js";
import { alarmsFile } from "./service/alarms.js";
import { autoscalingFile } from "./service/autoscaling.js";
import { type ServiceContext, serviceContext } from "./service/context.js";
import { serviceFile } from "./service/ecs-service.js";
import { iamFile } from "./service/iam.js";
import { codedeployFile } from "./service/codedeploy.js";
import { nlbFile } from "./service/nlb.js";
import { serviceOutputs } from "./service/outputs.js";
import { routingFile } from "./service/routing.js";
import { scheduleFile } from "./service/schedule.js";
import { securityFile } from "./service/security.js";
import { storageFile } from "./service/storage.js";
import { logsFile, taskFile } from "./service/task.js";
import { assembleStack, type Stack } from "./stack.js";

export function renderServiceStack(env: Environment, service: Service): Stack {
  const ctx = serviceContext(env, service);
  const security = securityFile(ctx);
  const storage = storageFile(ctx);
  const files: HclFile[] = [
    ...(security.length > 0 ? [{ name: "security.tf", body: security }] : []),
    { name: "iam.tf", body: iamFile(ctx) },
    { name: "logs.tf", body: logsFile(ctx) },
    ...(ctx.targets.length > 0 ? [{ name: "routing.tf", body: routingFile(ctx) }] : []),
    ...(service.nlbListeners.length > 0 ? [{ name: "nlb.tf", body: nlbFile(ctx) }] : []),
    ...(storage.length > 0 ? [{ name: "storage.tf", body: storage }] : []),
    { name: "task.tf", body: taskFile(ctx) },
    service.schedule ? { name: "schedule.tf", body: scheduleFile(ctx, service.schedule) } : { name: "service.tf", body: serviceFile(ctx) },
    ...(service.blueGreen ? [{ name: "codedeploy.tf", body: codedeployFile(ctx, service.blueGreen) }] : []),
    ...(service.autoscaling ? [{ name: "autoscaling.tf", body: autoscalingFile(ctx, service.autoscaling) }] : []),
    ...(service.alarms.length > 0 ? [{ name: "alarms.tf", body: alarmsFile(ctx) }] : []),
  ];
  return assembleStack(stackPlan(env, serviceStackId(service.name)), { files, inputs: ctx.inputs, outputs: serviceOutputs(ctx), parameters: [imageTag(ctx)] });
}

/** `image_tag`, which `berth deploy` sets. */
function imageTag(ctx: ServiceContext): VariableSpec {
  return {
    name: IMAGE_TAG_VARIABLE,
    type: "string",
    description: ctx.repository
      ? "Tag of the image to run from the repository; `berth deploy` sets it to the tag it pushed."
      : `Unused: the service runs ${ctx.service.image}; declared so \`berth deploy\` may set it on every stack.`,
    default: ctx.service.imageTag,
  };
}
