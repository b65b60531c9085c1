/**
 * Day-2 operations on a running environment, by the names the model decides (never an ARN from the
 * user): container logs (`aws logs tail`), a shell in a running task (`aws ecs execute-command`, which
 * needs the Session Manager plugin), all through the AWS CLI like the rest of the runner.
 */
import { UsageError } from "../errors.js";
import type { Environment, Service } from "../model/types.js";
import { type AwsCli, attachAws, runAws } from "./aws-cli.js";
import { compareText } from "../model/text-order.js";

/** The environment a day-2 command acts on: the one named, or the only one. */
export function pickEnvironment(envs: readonly Environment[], command: string): Environment {
  if (envs.length === 1) return envs[0]!;
  throw new UsageError(`berth ${command} needs --env`, `environments: ${envs.map((e) => e.name).join(", ")}`);
}

/**
 * The environment as it is in one of its regions: the primary without `--region`, else the recovery
 * region named (its own cluster, log groups, alarms and records); another region is a usage error.
 */
export function pickRegion(env: Environment, region: string | undefined): Environment {
  if (region === undefined || region === env.region) return env;
  const found = env.recovery.find((r) => r.region === region);
  if (found) return found;
  throw new UsageError(
    `${env.name} does not run in ${region}`,
    `regions: ${[`${env.region} (primary, the default)`, ...env.recovery.map((r) => `${r.region} (recovery)`)].join(", ")}`,
  );
}

export function pickService(env: Environment, name: string): Service {
  const service = env.services.find((s) => s.name === name);
  if (!service) throw new UsageError(`there is no service ${JSON.stringify(name)} in ${env.name}`, `services: ${env.services.map((s) => s.name).join(", ")}`);
  return service;
}

/** `aws logs tail` of the service's log group: `since` as the CLI takes it (`10m`, `1h`, `2d`), `follow` streams. */
export function tailLogs(aws: AwsCli, env: Environment, service: Service, opts: { since: string; follow: boolean }): Promise<number> {
  if (!/^\d+[smhdw]$/.test(opts.since)) throw new UsageError(`--since ${JSON.stringify(opts.since)} is not a duration`, "e.g. --since 15m, 1h or 2d");
  return attachAws(aws, ["logs", "tail", service.logGroup, "--since", opts.since, ...(opts.follow ? ["--follow"] : []), "--format", "short"], env.region);
}

/** ECS Exec into the first running task of the service (its container has the service's name). */
export async function execInTask(aws: AwsCli, env: Environment, service: Service, command: readonly string[]): Promise<number> {
  if (!service.enableExecuteCommand) {
    throw new UsageError(
      `ECS Exec is off for ${service.name} in ${env.name}`,
      `set services.${service.name}.execCommand: true, then berth apply and redeploy (running tasks keep their setting)`,
    );
  }
  const listed = JSON.parse(
    await runAws(aws, ["ecs", "list-tasks", "--cluster", env.cluster.name, "--service-name", service.serviceName, "--desired-status", "RUNNING"], env.region),
  ) as { taskArns?: string[] };
  const task = [...(listed.taskArns ?? [])].sort()[0];
  if (!task) throw new UsageError(`${service.name} has no running task in ${env.name}`, `berth status --env ${env.name} shows why`);
  const line = command.length > 0 ? command.join(" ") : "sh";
  return attachAws(
    aws,
    ["ecs", "execute-command", "--cluster", env.cluster.name, "--task", task, "--container", service.name, "--interactive", "--command", line],
    env.region,
  );
}

export interface ServiceStatus {
  readonly service: string;
  readonly desired: number;
  readonly running: number;
  readonly pending: number;
  /** The primary deployment's rollout state (`COMPLETED`, `IN_PROGRESS`, `FAILED`), or `missing` when ECS has no such service. */
  readonly rollout: string;
  /** Target states per load balancer, e.g. `{ public: { healthy: 2, unhealthy: 1 } }`; empty before the stack's first apply. */
  readonly targets: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface EnvironmentStatus {
  readonly env: string;
  readonly services: readonly ServiceStatus[];
  /** CloudWatch alarms of the environment (names start with its prefix) in ALARM. */
  readonly alarms: readonly { readonly name: string; readonly reason: string }[];
}

interface EcsService {
  readonly desiredCount?: number;
  readonly runningCount?: number;
  readonly pendingCount?: number;
  readonly status?: string;
  readonly deployments?: readonly { readonly status: string; readonly rolloutState?: string }[];
}

/**
 * The environment at a glance: per service the ECS counts and rollout state, the health of its targets
 * (target groups from the service stacks' apply records: `targetGroups(service)`), then the alarms in ALARM.
 */
export async function environmentStatus(
  aws: AwsCli,
  env: Environment,
  targetGroups: (service: Service) => Promise<Readonly<Record<string, string>>>,
): Promise<EnvironmentStatus> {
  const services: ServiceStatus[] = [];
  for (const s of env.services) {
    const out = JSON.parse(await runAws(aws, ["ecs", "describe-services", "--cluster", env.cluster.name, "--services", s.serviceName], env.region)) as {
      services?: EcsService[];
    };
    const svc = out.services?.find((x) => x.status !== "INACTIVE");
    const targets: Record<string, Record<string, number>> = {};
    for (const [lb, arn] of Object.entries(await targetGroups(s)).sort(([a], [b]) => compareText(a, b))) {
      const health = JSON.parse(await runAws(aws, ["elbv2", "describe-target-health", "--target-group-arn", arn], env.region)) as {
        TargetHealthDescriptions?: { TargetHealth?: { State?: string } }[];
      };
      const counts: Record<string, number> = {};
      for (const t of health.TargetHealthDescriptions ?? []) {
        const state = t.TargetHealth?.State ?? "unknown";
        counts[state] = (counts[state] ?? 0) + 1;
      }
      targets[lb] = counts;
    }
    services.push({
      service: s.name,
      desired: svc?.desiredCount ?? 0,
      running: svc?.runningCount ?? 0,
      pending: svc?.pendingCount ?? 0,
      rollout: svc ? (svc.deployments?.find((d) => d.status === "PRIMARY")?.rolloutState ?? "unknown") : "missing",
      targets,
    });
  }
  const alarms = JSON.parse(
    await runAws(aws, ["cloudwatch", "describe-alarms", "--alarm-name-prefix", `${env.prefix}-`, "--state-value", "ALARM"], env.region),
  ) as { MetricAlarms?: { AlarmName: string; StateReason?: string }[] };
  return {
    env: env.name,
    services,
    alarms: (alarms.MetricAlarms ?? []).map((a) => ({ name: a.AlarmName, reason: a.StateReason ?? "" })).sort((a, b) => compareText(a.name, b.name)),
  };
}

/**
 * A local port to a database through SSM port forwarding, with no open port: through the bastion when
 * the environment has one (`network.bastion`; `bastion` is its recorded instance id), else through a
 * running task (ECS Exec on) of a service that uses the database, which its security group already
 * admits. `address` is the database's recorded host name; the password stays in Secrets Manager (the
 * hint prints the command that reads it, never the value).
 */
export async function connectDatabase(
  aws: AwsCli,
  env: Environment,
  key: string,
  recorded: { address: string | undefined; bastion: string | undefined },
  localPort: number,
  print: (line: string) => void,
): Promise<number> {
  const db = env.databases.find((d) => d.key === key);
  if (!db)
    throw new UsageError(`there is no database ${JSON.stringify(key)} in ${env.name}`, `databases: ${env.databases.map((d) => d.key).join(", ") || "none"}`);
  const address = recorded.address;
  if (!address) throw new UsageError(`the data stack of ${env.name} has no recorded address for ${key}`, `apply it first (berth apply --env ${env.name})`);
  if (env.network.bastion) {
    if (!recorded.bastion)
      throw new UsageError(`the data stack of ${env.name} has no recorded bastion instance`, `apply it first (berth apply --env ${env.name})`);
    return forward(aws, env, db, address, localPort, recorded.bastion, `the bastion ${recorded.bastion}`, print);
  }
  const via = env.services.find((s) => s.enableExecuteCommand && db.users.includes(s.name));
  if (!via) {
    throw new UsageError(
      `no service that uses ${key} has ECS Exec on in ${env.name}; the SSM session needs a running task it may reach the database from`,
      `set execCommand: true on one of: ${db.users.join(", ") || "(no service uses it)"}, then apply and redeploy it`,
    );
  }
  const listed = JSON.parse(
    await runAws(aws, ["ecs", "list-tasks", "--cluster", env.cluster.name, "--service-name", via.serviceName, "--desired-status", "RUNNING"], env.region),
  ) as { taskArns?: string[] };
  const task = [...(listed.taskArns ?? [])].sort()[0];
  if (!task) throw new UsageError(`${via.name} has no running task in ${env.name} to reach ${key} through`);
  const described = JSON.parse(await runAws(aws, ["ecs", "describe-tasks", "--cluster", env.cluster.name, "--tasks", task], env.region)) as {
    tasks?: { containers?: { name: string; runtimeId?: string }[] }[];
  };
  const runtimeId = described.tasks?.[0]?.containers?.find((c) => c.name === via.name)?.runtimeId;
  if (!runtimeId) throw new UsageError(`the task ${task} of ${via.name} reports no runtime id for its container yet; try again in a moment`);
  const target = `ecs:${env.cluster.name}_${task.split("/").at(-1)}_${runtimeId}`;
  return forward(aws, env, db, address, localPort, target, `a task of ${via.name}`, print);
}

/** `aws ssm start-session` with AWS's port-forwarding document to the database, through `target`. */
function forward(
  aws: AwsCli,
  env: Environment,
  db: Environment["databases"][number],
  address: string,
  localPort: number,
  target: string,
  through: string,
  print: (line: string) => void,
): Promise<number> {
  const key = db.key;
  const client =
    db.family === "postgres"
      ? `psql "host=127.0.0.1 port=${localPort} dbname=${db.databaseName} user=${db.username} sslmode=require"`
      : `mysql -h 127.0.0.1 -P ${localPort} -u ${db.username} -p --ssl-mode=REQUIRED ${db.databaseName}`;
  print(`${key} (${address}:${db.port}) on 127.0.0.1:${localPort}, through ${through}; Ctrl-C closes it. Then, in another terminal:`);
  print(`  ${client}`);
  print(`  (the password: berth output --env ${env.name} --all shows the secret ARN for aws secretsmanager get-secret-value)`);
  const parameters = JSON.stringify({ host: [address], portNumber: [String(db.port)], localPortNumber: [String(localPort)] });
  return attachAws(
    aws,
    ["ssm", "start-session", "--target", target, "--document-name", "AWS-StartPortForwardingSessionToRemoteHost", "--parameters", parameters],
    env.region,
  );
}
