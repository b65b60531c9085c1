/**
 * Day-2 operations on a running environment, by the names the model decides (never an ARN from the
 * user): container logs (`aws logs tail`), a shell in a running task (`aws ecs execute-command`, which
 * needs the Session Manager plugin), all through the AWS CLI like the rest of the runner.
 */
import { UsageError } from "../errors.js";
import type { Environment, Service } from "../model/types.js";
import { type AwsCli, attachAws, runAws } from "./aws-cli.js";

/** The environment a day-2 command acts on: the one named, or the only one. */
export function pickEnvironment(envs: readonly Environment[], command: string): Environment {
  if (envs.length === 1) return envs[0]!;
  throw new UsageError(`berth ${command} needs --env`, `environments: ${envs.map((e) => e.name).join(", ")}`);
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
    await runAws(aws, ["ecs", "list-tasks", "--cluster", env.cluster.name, "--service-name", service.fullName, "--desired-status", "RUNNING"], env.region),
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
