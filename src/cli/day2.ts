/** `berth logs` and `berth exec`: a service's logs and a shell in one of its tasks, by the names the model decides. */
import { awsCli } from "../runner/aws-cli.js";
import { execInTask, pickEnvironment, pickService, tailLogs } from "../runner/day2.js";
import { loadModel } from "./context.js";

export interface Day2Flags {
  readonly config?: string;
  readonly env?: string;
}

export async function logs(service: string, flags: Day2Flags & { since: string; follow?: boolean }): Promise<void> {
  const { model } = await loadModel(flags);
  const env = pickEnvironment(model.environments, "logs");
  process.exitCode = await tailLogs(awsCli(), env, pickService(env, service), { since: flags.since, follow: flags.follow === true });
}

export async function exec(service: string, command: readonly string[], flags: Day2Flags): Promise<void> {
  const { model } = await loadModel(flags);
  const env = pickEnvironment(model.environments, "exec");
  process.exitCode = await execInTask(awsCli(), env, pickService(env, service), command);
}
