/**
 * `berth changed --base <ref> [--env E] [--json]`: the stacks a change touches (content, new, or
 * downstream of one), for a CI matrix of plan jobs: `--json` prints `[{"env":…,"stack":…,"reason":…}]`.
 */
import { resolve } from "node:path";
import { baseAt, changedStacks, synthesizedHashes } from "../runner/changed.js";
import { loadModel } from "./context.js";
import { println } from "./output.js";

export interface ChangedFlags {
  readonly config?: string;
  readonly env?: string;
  readonly base: string;
  readonly json?: boolean;
}

export async function changed(flags: ChangedFlags): Promise<void> {
  const { configDir, model, loaded } = await loadModel({ config: flags.config, env: flags.env });
  const head = synthesizedHashes(model, configDir);
  const at = await baseAt(flags.base, resolve(loaded.path), configDir);
  try {
    const stacks = changedStacks(head, at.base, at.codeChanged, model);
    if (at.note) process.stderr.write(`note: ${at.note}\n`);
    if (flags.json) {
      println(JSON.stringify(stacks));
      return;
    }
    if (stacks.length === 0) println(`no stack changed since ${flags.base}`);
    for (const s of stacks) println(`${s.stack}  ${s.reason === "upstream" ? "(downstream of a change)" : s.reason}`);
  } finally {
    at.dispose();
  }
}
