/**
 * The sidecars' container definitions in `task.tf`: each with its image, port, environment, secrets (by
 * name or ARN, read by the execution role), health check, start order and the service's log group.
 */
import type { Value } from "../../hcl/index.js";
import type { Sidecar } from "../../model/types.js";
import type { ServiceContext } from "./context.js";
import { containerDependsOn, containerHealthCheck, logConfiguration, secretValueFrom } from "./container-parts.js";

/** The writable `/tmp` of a sidecar under a read-only root filesystem: a volume of its own. */
export const sidecarTmpVolume = (s: Sidecar): string => `tmp-${s.name}`;

export function sidecarContainers(ctx: ServiceContext): Value[] {
  return ctx.service.sidecars.map((s) => sidecarContainer(ctx, s));
}

function sidecarContainer(ctx: ServiceContext, s: Sidecar): Value {
  return {
    name: s.name,
    image: s.image,
    command: s.command ? [...s.command] : undefined,
    essential: s.essential,
    cpu: s.cpu ?? undefined,
    memory: s.memory ?? undefined,
    portMappings: s.port === null ? undefined : [{ containerPort: s.port, hostPort: ctx.awsvpc ? s.port : 0, protocol: "tcp" }],
    environment: s.environment.length > 0 ? s.environment.map((e) => ({ name: e.name, value: e.value })) : undefined,
    secrets: s.secrets.length > 0 ? s.secrets.map((x) => ({ name: x.name, valueFrom: secretValueFrom(ctx, x) })) : undefined,
    readonlyRootFilesystem: s.readonlyRootFilesystem,
    mountPoints: s.readonlyRootFilesystem ? [{ sourceVolume: sidecarTmpVolume(s), containerPath: "/tmp", readOnly: false }] : undefined,
    healthCheck: s.healthCheck ? containerHealthCheck(s.healthCheck) : undefined,
    dependsOn: s.dependsOn.length > 0 ? containerDependsOn(s.dependsOn) : undefined,
    logConfiguration: logConfiguration(ctx.env, s.name),
  };
}
