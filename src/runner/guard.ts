/**
 * Safety gates before anything changes: prod-tier environments need a typed confirmation (or `--yes`
 * in CI), and nothing in a prod tier is destroyed — by `destroy` or by a plan that deletes or
 * replaces resources — without `--allow-destroy`. Refusals are user errors: exit 2, nothing changed.
 */
import { createInterface } from "node:readline/promises";
import { UsageError } from "../errors.js";

export interface GuardOptions {
  readonly yes?: boolean;
  readonly allowDestroy?: boolean;
  /** Asks the user; undefined when there is no terminal to ask on. */
  readonly ask?: (question: string) => Promise<string>;
}

/** Asks on the terminal when stdin and stderr are TTYs. */
export function terminalAsk(): GuardOptions["ask"] {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  };
}

/** Confirms a change to `env` by having the user type its name. */
export async function confirmChange(env: string, tier: string, what: string, opts: GuardOptions): Promise<void> {
  if (opts.yes) return;
  if (!opts.ask) {
    throw new UsageError(
      `${what} in the ${tier}-tier environment ${env} needs confirmation, and there is no terminal to ask on`,
      "rerun with --yes once the plan has been reviewed (e.g. in CI)",
    );
  }
  const answer = (await opts.ask(`${what} in the ${tier}-tier environment ${env}. Type "${env}" to continue: `)).trim();
  if (answer !== env) throw new UsageError(`not confirmed (typed "${answer}", expected "${env}"); nothing was changed`);
}

/** Refuses to destroy anything in a prod-tier environment without `--allow-destroy`. */
export function requireAllowDestroy(env: string, what: string, opts: GuardOptions): void {
  if (opts.allowDestroy) return;
  throw new UsageError(
    `${what} in the prod-tier environment ${env}; berth never destroys in prod without --allow-destroy`,
    "review the plan, then rerun with --allow-destroy",
  );
}
