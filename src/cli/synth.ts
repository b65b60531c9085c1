/** `berth synth`: renders the stacks and writes them atomically to the output directory. */
import { relative } from "node:path";
import { writeStacks } from "../terraform/write.js";
import { type CommonOptions, loadStacks } from "./context.js";
import { println, table } from "./output.js";

export async function synth(opts: CommonOptions & { out: string }): Promise<void> {
  const { stacks } = await loadStacks(opts);
  const result = writeStacks(stacks, opts.out);
  println(table(["stack", "files", "depends on"], stacks.map((s) => [s.path, String(s.files.length), s.dependsOn.join(", ") || "-"])));
  println(`\nwrote ${result.files} files to ${relative(process.cwd(), result.outDir) || "."}`);
}
