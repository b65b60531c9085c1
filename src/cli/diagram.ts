/** `berth diagram`: the environment's architecture as SVG (laid out by ELK), Mermaid or PNG (headless Chromium). */
import { renameSync, writeFileSync } from "node:fs";
import { UsageError } from "../errors.js";
import { checkOverwrite, DIAGRAM_FORMATS, type DiagramFormat, formatOfFile, renderDiagram } from "../insight/diagram/render.js";
import { type CommonOptions, loadModel } from "./context.js";

export interface DiagramOptions extends CommonOptions {
  readonly out?: string;
  readonly format?: string;
}

export async function diagram(opts: DiagramOptions): Promise<void> {
  const format = (opts.format ?? (opts.out ? formatOfFile(opts.out) : undefined) ?? "svg") as DiagramFormat;
  if (!DIAGRAM_FORMATS.includes(format)) throw new UsageError(`--format ${opts.format}: expected ${DIAGRAM_FORMATS.join(", ")}`);
  if (format === "png" && !opts.out) throw new UsageError("--format png writes a file: add --out <file>.png");
  if (opts.out) checkOverwrite(opts.out);
  const { model } = await loadModel(opts);
  if (model.environments.length > 1) {
    throw new UsageError(`the config has ${model.environments.length} environments; choose one with --env`, `e.g. --env ${model.environments[0]!.name}`);
  }
  const out = await renderDiagram(model.environments[0]!, format);
  if (!opts.out) {
    process.stdout.write(out);
    return;
  }
  const tmp = `${opts.out}.berth-tmp-${process.pid}`;
  writeFileSync(tmp, out);
  renameSync(tmp, opts.out);
  process.stderr.write(`wrote ${opts.out} (${model.environments[0]!.name}, ${format})\n`);
}
