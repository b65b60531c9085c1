/** Help text every command shares: examples at the end of its --help. */
import type { Command } from "commander";

/** Adds examples of the command to the end of its --help. */
export function examples(cmd: Command, ...lines: string[]): Command {
  return cmd.addHelpText("after", `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}`);
}
