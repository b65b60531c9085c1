/**
 * `logs.tf` and `task.tf`: the log group and the task definition with its one container. Secrets
 * appear only as names and ARNs; ECS reads their values at start-up with the execution role.
 */
import { attr, attrs, block, body, type BodyItem, comment, type Expr, jsonencode, raw, resource, tpl, type Value } from "../../hcl/index.js";
import type { ContainerDependency, ContainerHealthCheck, EnvVar, SecretRef } from "../../model/types.js";
import { banner } from "../common/files.js";
import { STACK } from "../../model/stack-ids.js";
import * as wires from "../../model/wires.js";
import { allSecrets, database, lit, ruleHosts, type ServiceContext, urlBase } from "./context.js";
import { LOG_ROUTER_TMP, sidecarContainers, sidecarTmpVolume } from "./sidecars.js";
import { efsVolumeBlocks, volumeMountPoints } from "./storage.js";
import { containerDependsOn, containerHealthCheck, logConfiguration, secretValueFrom } from "./container-parts.js";
import { ipProtocols } from "../platform/network-load-balancers.js";
import { messagingEnvironment } from "./messaging.js";
import { compareText } from "../../model/text-order.js";

export function logsFile(ctx: ServiceContext): BodyItem[] {
  const { service } = ctx;
  return [
    banner("Container logs", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html"),
    resource("aws_cloudwatch_log_group", "this", [attrs({ name: service.logGroup, retention_in_days: service.logRetentionDays, kms_key_id: logKey(ctx) })]),
  ];
}

function logKey(ctx: ServiceContext): Value | undefined {
  const key = ctx.service.logKmsKey;
  if (key === null) return undefined;
  return key.kind === "arn" ? key.arn : ctx.read(wires.network.logsKeyArn(ctx.env));
}

export const TMP_VOLUME = "tmp";

export function taskFile(ctx: ServiceContext): BodyItem[] {
  const { service } = ctx;
  return body([
    banner("Task definition", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html"),
    needsAccountLocal(ctx) && [
      comment("The account of the secrets' ARNs, read from the cluster ARN: no API call, so offline plans work too."),
      block("locals", [], [attr("account_id", raw(`split(":", ${ctx.ref(wires.platform.clusterArn(ctx.env))})[4]`))]),
    ],
    resource("aws_ecs_task_definition", "this", [
      attrs({
        family: service.family,
        requires_compatibilities: [service.launch === "fargate" ? "FARGATE" : "EC2"],
        network_mode: service.networkMode,
        cpu: String(service.cpu),
        memory: String(service.memory),
        execution_role_arn: raw("aws_iam_role.task_exec.arn"),
        task_role_arn: raw("aws_iam_role.task.arn"),
      }),
      attr("container_definitions", jsonencode([container(ctx), ...sidecarContainers(ctx)])),
      block("runtime_platform", [], [attrs({ operating_system_family: "LINUX", cpu_architecture: service.architecture === "arm64" ? "ARM64" : "X86_64" })]),
      service.ephemeralStorageGib !== null && block("ephemeral_storage", [], [attr("size_in_gib", service.ephemeralStorageGib)]),
      ...efsVolumeBlocks(ctx),
      service.readonlyRootFilesystem && [
        comment("Writable scratch space under a read-only root filesystem: the task's own storage, gone when it stops."),
        block("volume", [], [attr("name", TMP_VOLUME)]),
        ...service.sidecars.map((s) => block("volume", [], [attr("name", sidecarTmpVolume(s))])),
        service.firelens && block("volume", [], [attr("name", LOG_ROUTER_TMP)]),
      ],
      service.launch === "ec2" && [
        comment("Keeps the service on instances of its own subnet tier."),
        block(
          "placement_constraints",
          [],
          [
            attrs({
              type: "memberOf",
              expression: tpl(`attribute:ecs.subnet-id in [\${join(", ", ${ctx.ref(wires.network.subnetIds(ctx.env, service.subnetTier))})}]`),
            }),
          ],
        ),
      ],
    ]),
  ]);
}

/** The service's port, then each other port or protocol its NLB listeners forward to (ECS maps only declared ports). */
function portMappings(ctx: ServiceContext): Value[] | undefined {
  const { service } = ctx;
  const mappings = service.port === null ? [] : [{ containerPort: service.port, hostPort: ctx.awsvpc ? service.port : 0, protocol: "tcp" }];
  const more = service.nlbListeners
    .flatMap((l) => ipProtocols(l).map((protocol) => ({ containerPort: l.targetPort, hostPort: l.targetPort, protocol })))
    .sort((a, b) => a.containerPort - b.containerPort || compareText(a.protocol, b.protocol));
  for (const m of more) if (!mappings.some((k) => k.containerPort === m.containerPort && k.protocol === m.protocol)) mappings.push(m);
  return mappings.length > 0 ? mappings : undefined;
}

function container(ctx: ServiceContext): Value {
  const { service, env } = ctx;
  const check = service.containerHealthCheck;
  return {
    name: service.name,
    image: image(ctx),
    command: service.command ? [...service.command] : undefined,
    essential: true,
    portMappings: portMappings(ctx),
    environment: [
      ...service.environment.map((e) => ({ name: e.name, value: envValue(ctx, e) })),
      ...databaseEnvironment(ctx),
      ...messagingEnvironment(ctx),
    ].sort((a, b) => compareText(a.name, b.name)),
    secrets: secretsOf(ctx),
    readonlyRootFilesystem: service.readonlyRootFilesystem,
    mountPoints: mountPoints(ctx),
    healthCheck: check ? containerHealthCheck(check) : undefined,
    dependsOn: service.dependsOn.length > 0 ? containerDependsOn(service.dependsOn) : undefined,
    logConfiguration: logConfiguration(ctx, service.name),
  };
}

/** The scratch `/tmp` under a read-only root, then the service's EFS volumes. */
function mountPoints(ctx: ServiceContext): Value[] | undefined {
  const points: Value[] = [
    ...(ctx.service.readonlyRootFilesystem ? [{ sourceVolume: TMP_VOLUME, containerPath: "/tmp", readOnly: false }] : []),
    ...volumeMountPoints(ctx),
  ];
  return points.length > 0 ? points : undefined;
}

function image(ctx: ServiceContext): Expr | string {
  if (ctx.service.image !== undefined) return ctx.service.image;
  // A digest (`berth deploy --image sha256:…`) is joined with "@", a tag with ":".
  return tpl(`\${${ctx.ref(wires.platform.repositoryUrl(ctx.env, ctx.repository!))}}\${startswith(var.image_tag, "sha256:") ? "@" : ":"}\${var.image_tag}`);
}

function envValue(ctx: ServiceContext, e: EnvVar): Expr | string {
  if (e.value.kind === "literal") return e.value.value;
  const { loadBalancer, service, path } = e.value;
  const lb = ctx.env.loadBalancers.find((l) => l.key === loadBalancer);
  if (!lb) throw new Error(`bug: ${e.name} points at load balancer ${loadBalancer}, which the environment does not have`);
  return tpl(`${urlBase(ctx, lb, ruleHosts(lb, service))}${lit(path)}`);
}

/** The account id for secret and `rds-db:connect` ARNs when the config names none: read from the cluster ARN, no API call. */
const needsAccountLocal = (ctx: ServiceContext): boolean =>
  ctx.env.account === undefined && (allSecrets(ctx.service).some((s) => s.source === "secretsmanager") || ctx.service.databases.some((u) => u.iamUser));

/** Host, port and database name of each database the service uses: plain values, not secrets. */
function databaseEnvironment(ctx: ServiceContext): { name: string; value: Expr | string }[] {
  return ctx.service.databases.flatMap((u) => {
    const db = ctx.env.databases.find((d) => d.key === u.database);
    return [
      { name: u.hostVar, value: ctx.read(wires.data.databaseAddress(ctx.env, database(ctx, u.database))) },
      { name: u.portVar, value: String(u.port) },
      { name: u.nameVar, value: db?.databaseName ?? "" },
      // IAM database authentication: the user is known, the password is a token the app asks RDS for.
      ...(u.iamUser ? [{ name: u.usernameVar, value: u.iamUser }] : []),
    ];
  });
}

/** Declared secrets, then each database's user name and password from its managed secret's JSON keys. */
function secretsOf(ctx: ServiceContext): Value[] | undefined {
  // A declared secret or parameter goes by its name, which the data stack creates: it must exist first.
  if (allSecrets(ctx.service).some((s) => s.declared !== undefined)) ctx.inputs.requires(STACK.data);
  const { service } = ctx;
  const fromDatabases = service.databases
    .filter((u) => !u.iamUser)
    .flatMap((u) => [
      { name: u.usernameVar, valueFrom: tpl(`\${${ctx.ref(wires.data.databaseSecretArn(ctx.env, database(ctx, u.database)))}}:username::`) },
      { name: u.passwordVar, valueFrom: tpl(`\${${ctx.ref(wires.data.databaseSecretArn(ctx.env, database(ctx, u.database)))}}:password::`) },
    ]);
  const all = [...service.secrets.map((s) => ({ name: s.name, valueFrom: secretValueFrom(ctx, s) })), ...fromDatabases].sort((a, b) =>
    compareText(a.name, b.name),
  );
  return all.length > 0 ? all : undefined;
}
