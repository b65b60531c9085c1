/**
 * The sidecars' container definitions in `task.tf`: each with its image, port, environment, secrets (by
 * name or ARN, read by the execution role), health check, start order and the service's logs; then the
 * FireLens log router when the service routes its logs.
 */
import type { Value } from "../../hcl/index.js";
import type { FireLens, Sidecar } from "../../model/types.js";
import type { ServiceContext } from "./context.js";
import { cloudWatchLogs, containerDependsOn, containerHealthCheck, logConfiguration, secretValueFrom } from "./container-parts.js";
import { LOG_ROUTER } from "../../model/firelens.js";

/** The writable `/tmp` of a sidecar under a read-only root filesystem: a volume of its own. */
export const sidecarTmpVolume = (s: Sidecar): string => `tmp-${s.name}`;

/** The sidecars, then the FireLens log router when the service has one. */
export function sidecarContainers(ctx: ServiceContext): Value[] {
  const router = ctx.service.firelens ? [logRouter(ctx, ctx.service.firelens)] : [];
  return [...ctx.service.sidecars.map((s) => sidecarContainer(ctx, s)), ...router];
}

/** The log router's writable `/tmp` under a read-only root filesystem. */
export const LOG_ROUTER_TMP = "tmp-log-router";

/** Fluent Bit, configured by ECS from the other containers' `awsfirelens` options; its own logs go to the service's log group. */
function logRouter(ctx: ServiceContext, f: FireLens): Value {
  const readonly = ctx.service.readonlyRootFilesystem;
  return {
    name: LOG_ROUTER,
    image: f.image,
    essential: true,
    memoryReservation: 50,
    firelensConfiguration: { type: "fluentbit", options: { "enable-ecs-log-metadata": String(f.metadata) } },
    readonlyRootFilesystem: readonly,
    mountPoints: readonly ? [{ sourceVolume: LOG_ROUTER_TMP, containerPath: "/tmp", readOnly: false }] : undefined,
    logConfiguration: cloudWatchLogs(ctx, "firelens"),
  };
}

/** Its own writable `/tmp` under a read-only root, then the service's volumes it mounts. */
function sidecarMountPoints(s: Sidecar): Value[] | undefined {
  const points: Value[] = [
    ...(s.readonlyRootFilesystem ? [{ sourceVolume: sidecarTmpVolume(s), containerPath: "/tmp", readOnly: false }] : []),
    ...s.mountPoints.map((m) => ({ sourceVolume: m.volume, containerPath: m.path, readOnly: m.readOnly })),
  ];
  return points.length > 0 ? points : undefined;
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
    mountPoints: sidecarMountPoints(s),
    healthCheck: s.healthCheck ? containerHealthCheck(s.healthCheck) : undefined,
    dependsOn: s.dependsOn.length > 0 ? containerDependsOn(s.dependsOn) : undefined,
    logConfiguration: logConfiguration(ctx, s.name),
  };
}
