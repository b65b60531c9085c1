/**
 * A `service-<name>` stack: one ECS service with its security rules, IAM roles, log group, target
 * groups and listener rules, task definition and autoscaling, on the network and platform stacks.
 * Each file is rendered by a module in `service/`; this one lists them in order.
 */
import type { HclFile } from "../hcl/index.js";
import type { Environment, Service } from "../model/types.js";
import { backendFile, inputsOf, outputsFile, outputsOf, providersFile, variablesFile, versionsFile } from "./common/files.js";
import { alarmsFile } from "./service/alarms.js";
import { autoscalingFile } from "./service/autoscaling.js";
import { serviceContext, usesDataStack } from "./service/context.js";
import { serviceFile } from "./service/ecs-service.js";
import { iamFile } from "./service/iam.js";
import { serviceOutputs } from "./service/outputs.js";
import { routingFile } from "./service/routing.js";
import { securityFile } from "./service/security.js";
import { logsFile, taskFile } from "./service/task.js";
import { serviceVariables } from "./service/variables.js";
import { type Stack, stackOf } from "./stack.js";
import { DATA, NETWORK, PLATFORM, serviceStackId } from "./wiring.js";

export function renderServiceStack(env: Environment, service: Service): Stack {
  const id = serviceStackId(service.name);
  const ctx = serviceContext(env, service);
  const variables = serviceVariables(ctx);
  const outputs = serviceOutputs(ctx);
  const security = securityFile(ctx);
  const files: HclFile[] = [
    versionsFile(),
    backendFile(env, id),
    providersFile(env),
    variablesFile(variables),
    ...(security.length > 0 ? [{ name: "security.tf", body: security }] : []),
    { name: "iam.tf", body: iamFile(ctx) },
    { name: "logs.tf", body: logsFile(ctx) },
    ...(ctx.targets.length > 0 ? [{ name: "routing.tf", body: routingFile(ctx) }] : []),
    { name: "task.tf", body: taskFile(ctx) },
    { name: "service.tf", body: serviceFile(ctx) },
    ...(service.autoscaling ? [{ name: "autoscaling.tf", body: autoscalingFile(ctx, service.autoscaling) }] : []),
    ...(service.alarms.length > 0 ? [{ name: "alarms.tf", body: alarmsFile(ctx) }] : []),
    outputsFile(outputs),
  ];
  return stackOf(env, id, {
    files,
    dependsOn: usesDataStack(ctx) ? [NETWORK, PLATFORM, DATA] : [NETWORK, PLATFORM],
    inputs: inputsOf(variables),
    outputs: outputsOf(outputs),
  });
}
