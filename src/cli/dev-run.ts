/** `berth dev run <job>`: runs a scheduled job at once in the running `berth dev` session, prints how it ended (exit 1 when it failed). */
import { dirname } from "node:path";
import { readSession, sessionFile } from "../dev/dev-session.js";
import { localEnvironment } from "../dev/plan.js";
import { UsageError } from "../errors.js";
import { loadModel } from "./context.js";
import { println } from "./output.js";

export interface DevRunOptions {
  readonly config?: string;
  readonly env?: string;
}

export async function devRun(job: string, opts: DevRunOptions): Promise<void> {
  const { model, loaded } = await loadModel(opts);
  const env = localEnvironment(model.environments);
  const configDir = dirname(loaded.path);
  const session = readSession(configDir, env.name);
  if (!session)
    throw new UsageError(
      `no berth dev session of environment "${env.name}" is running for ${loaded.display} (${sessionFile(configDir, env.name)} is missing or stale)`,
      `start one with \`berth dev${opts.env ? ` --env ${opts.env}` : ""}\` (with its console, the default) in another terminal`,
    );
  let res: Response;
  try {
    res = await fetch(new URL("/api/run-job", session.consoleUrl), {
      method: "POST",
      headers: { "content-type": "application/json", "x-berth-token": session.token },
      body: JSON.stringify({ job, wait: true }),
    });
  } catch (e) {
    throw new UsageError(`cannot reach the berth dev session at ${session.consoleUrl}: ${(e as Error).message}`, "is berth dev still running?");
  }
  const text = await res.text();
  if (!res.ok) throw new UsageError(text.trim());
  const outcome = JSON.parse(text) as { run: string; result: string; attempts: number; exitCode: number | null; durationMs: number };
  println(
    `${outcome.run}: ${outcome.result} after ${outcome.attempts} ${outcome.attempts === 1 ? "try" : "tries"} (${outcome.durationMs} ms${outcome.exitCode !== null && outcome.exitCode !== 0 ? `, exit code ${outcome.exitCode}` : ""}); its output is in the berth dev session`,
  );
  if (outcome.result !== "succeeded") process.exitCode = 1;
}
