/** `berth logs`, `exec` and `status`: a service's logs, a shell in one of its tasks, the environment at a glance; by the names the model decides. */
import { STACK, serviceStackId } from "../model/stack-ids.js";
import * as wires from "../model/wires.js";
import type { Environment } from "../model/types.js";
import { Accounts } from "../runner/accounts.js";
import { type AwsCli, awsCli } from "../runner/aws-cli.js";
import { connectDatabase, environmentStatus, execInTask, pickEnvironment, pickRegion, pickService, type ServiceStatus, tailLogs } from "../runner/day2.js";
import { recordStore } from "../runner/records.js";
import { loadModel, loadStacks } from "./context.js";
import { println, table } from "./output.js";

export interface Day2Flags {
  readonly config?: string;
  readonly env?: string;
  /** One of the environment's regions; default the primary. */
  readonly region?: string;
}

export async function logs(service: string, flags: Day2Flags & { since: string; follow?: boolean }): Promise<void> {
  const { model } = await loadModel(flags);
  const env = pickRegion(pickEnvironment(model.environments, "logs"), flags.region);
  process.exitCode = await tailLogs(await awsFor(env), env, pickService(env, service), { since: flags.since, follow: flags.follow === true });
}

export async function exec(service: string, command: readonly string[], flags: Day2Flags): Promise<void> {
  const { model } = await loadModel(flags);
  const env = pickRegion(pickEnvironment(model.environments, "exec"), flags.region);
  process.exitCode = await execInTask(await awsFor(env), env, pickService(env, service), command);
}

export async function status(flags: Day2Flags & { out: string; json?: boolean }): Promise<void> {
  const { model, stacks } = await loadStacks(flags);
  const env = pickRegion(pickEnvironment(model.environments, "status"), flags.region);
  const accounts = new Accounts(awsCli());
  const aws = await accounts.cli(env.role, env.region);
  const store = recordStore(accounts, flags.out);
  const report = await environmentStatus(aws, env, async (service) => {
    const stack = stacks.find((s) => s.env === env.name && s.region === env.region && s.id === serviceStackId(service.name));
    const arns = stack ? (await store.read(stack))?.outputs?.target_group_arns : undefined;
    return arns && typeof arns === "object" && !Array.isArray(arns) ? (arns as Record<string, string>) : {};
  });
  if (flags.json) {
    println(JSON.stringify(report, null, 2));
    return;
  }
  const targets = (t: ServiceStatus["targets"]) =>
    Object.entries(t)
      .map(
        ([lb, counts]) =>
          `${lb}: ${
            Object.entries(counts)
              .map(([state, n]) => `${n} ${state}`)
              .join(", ") || "no targets"
          }`,
      )
      .join("; ") || "-";
  const others = flags.region === undefined ? pickEnvironment(model.environments, "status").recovery.map((r) => r.region) : [];
  println(`${env.name} (${env.tier}, ${env.region}${others.length > 0 ? `; recovery: ${others.map((r) => `--region ${r}`).join(", ")}` : ""})`);
  println(
    table(
      ["service", "desired", "running", "pending", "rollout", "targets"],
      report.services.map((s) => [s.service, String(s.desired), String(s.running), String(s.pending), s.rollout, targets(s.targets)]),
    ),
  );
  println(report.alarms.length === 0 ? "\nno alarm in ALARM" : `\nin ALARM:\n${report.alarms.map((a) => `  ${a.name}: ${a.reason}`).join("\n")}`);
  if (report.alarms.length > 0 || report.services.some((s) => s.running < s.desired || s.rollout === "FAILED" || s.rollout === "missing")) process.exitCode = 3;
}

export async function dbConnect(database: string, flags: Day2Flags & { out: string; port?: number }): Promise<void> {
  const { model, stacks } = await loadStacks(flags);
  const env = pickRegion(pickEnvironment(model.environments, "db connect"), flags.region);
  const accounts = new Accounts(awsCli());
  const aws = await accounts.cli(env.role, env.region);
  const store = recordStore(accounts, flags.out);
  const data = stacks.find((s) => s.env === env.name && s.region === env.region && s.id === STACK.data);
  const db = env.databases.find((d) => d.key === database);
  const outputs = data && db ? (await store.read(data))?.outputs : undefined;
  const address = db ? outputs?.[wires.data.databaseAddress(env, db).name] : undefined;
  const bastion = outputs?.[wires.data.bastionInstanceId().name];
  process.exitCode = await connectDatabase(
    aws,
    env,
    database,
    { address: typeof address === "string" ? address : undefined, bastion: typeof bastion === "string" ? bastion : undefined },
    flags.port ?? db?.port ?? 15432,
    println,
  );
}

/** The AWS CLI acting in the environment's account: as its role when the config names one. */
function awsFor(env: Environment): Promise<AwsCli> {
  return new Accounts(awsCli()).cli(env.role, env.region);
}
