/** `berth synth`: renders the stacks and writes what changed to the output directory, leaving the user's own files alone. */
import { relative } from "node:path";
import { writeStacks } from "../terraform/write.js";
import { type CommonOptions, loadStacks } from "./context.js";
import { println, table } from "./output.js";

export async function synth(opts: CommonOptions & { out: string }): Promise<void> {
  const { stacks, configDir } = await loadStacks(opts);
  const result = writeStacks(stacks, opts.out, { configDir });
  for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
  println(
    table(
      ["stack", "files", "depends on"],
      stacks.map((s) => [s.path, String(s.files.length), s.dependsOn.join(", ") || "-"]),
    ),
  );
  const where = relative(process.cwd(), result.outDir) || ".";
  const removed = result.removed > 0 ? `, removed ${result.removed}` : "";
  println(
    result.written === 0 && result.removed === 0
      ? `\nunchanged: ${result.files} files in ${where} already up to date`
      : `\nwrote ${result.written} of ${result.files} files to ${where} (${result.unchanged} unchanged${removed})`,
  );
}
