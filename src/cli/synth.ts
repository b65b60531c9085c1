/** `berth synth`: renders the stacks and writes what changed to the output directory, leaving the user's own files alone. */
import { relative } from "node:path";
import { synthesize } from "../terraform/synthesize.js";
import { type CommonOptions, loadModel } from "./context.js";
import { UsageError } from "../errors.js";
import { println, table } from "./output.js";

export async function synth(opts: CommonOptions & { out: string }): Promise<void> {
  const { model, configDir } = await loadModel(opts);
  const result = await synthesize(model, opts.out, { configDir, threads: threadsFromEnv() });
  const { stacks } = result;
  for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
  println(
    table(
      ["stack", "files", "depends on"],
      stacks.map((s) => [s.path, String(s.files), s.dependsOn.join(", ") || "-"]),
    ),
  );
  const where = relative(process.cwd(), result.outDir) || ".";
  const removed = result.removed > 0 ? `, removed ${result.removed}` : "";
  const threads = result.threads > 1 ? `; rendered on ${result.threads} threads` : "";
  println(
    result.written === 0 && result.removed === 0
      ? `\nunchanged: ${result.files} files in ${where} already up to date${threads.replace(";", ",")}`
      : `\nwrote ${result.written} of ${result.files} files to ${where} (${result.unchanged} unchanged${removed}${threads})`,
  );
}

/** `BERTH_SYNTH_THREADS=<n>` renders on n threads (synth workers); unset, on one. */
function threadsFromEnv(): number | undefined {
  const raw = process.env.BERTH_SYNTH_THREADS;
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new UsageError(`BERTH_SYNTH_THREADS=${raw} is not a number of threads`, "set it to a whole number from 1 to 64, or unset it");
  return n;
}
