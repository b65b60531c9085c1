/** `berth bootstrap`: the state bucket (and optional lock table) of each selected environment, in its account; safe to rerun. */
import { ConfigError } from "../errors.js";
import { Accounts } from "../runner/accounts.js";
import { awsCli } from "../runner/aws-cli.js";
import { bootstrapState } from "../runner/bootstrap.js";
import { loadModel } from "./context.js";
import { println } from "./output.js";
import type { RunnerFlags } from "./run-context.js";

export async function bootstrap(flags: Pick<RunnerFlags, "config" | "env" | "endpoint" | "json">): Promise<void> {
  const { file, model } = await loadModel(flags);
  const accounts = new Accounts(awsCli({ endpoint: flags.endpoint }));
  const done = new Set<string>();
  for (const env of model.environments) {
    const key = `${env.state.bucket}/${env.state.region}/${env.state.lockTable ?? ""}/${env.state.role?.arn ?? ""}`;
    if (done.has(key)) continue;
    done.add(key);
    // In the environment's account: the bucket is made with its role's credentials when it names one.
    await accounts.check([env]);
    const aws = await accounts.cli(env.state.role, env.state.region);
    const account = env.account === undefined ? "" : ` (account ${env.account}${env.state.role ? `, as ${env.state.role.arn}` : ""})`;
    if (!flags.json)
      println(
        `${env.name}: state bucket ${env.state.bucket} in ${env.state.region}${env.state.lockTable ? `, lock table ${env.state.lockTable}` : ""}${account}`,
      );
    await bootstrapState(aws, env.state, (s) =>
      println(flags.json ? JSON.stringify({ event: "bootstrap", env: env.name, ...s }) : `  ${s.resource}: ${s.action} (${s.detail})`),
    ).catch((e: unknown) => {
      // A bucket that exists elsewhere is the config's to fix: name the file like any config error.
      if (e instanceof ConfigError) e.file ??= file;
      throw e;
    });
  }
}
