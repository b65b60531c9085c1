/**
 * `renderDiagram(env, format)`: the environment's diagram as SVG, Mermaid or PNG, and the guard that
 * keeps `--out` from overwriting a file berth did not write.
 */
import { existsSync, readFileSync } from "node:fs";
import { UsageError } from "../../errors.js";
import type { Environment } from "../../model/types.js";
import { diagramGraph } from "./graph.js";
import { layoutDiagram } from "./layout.js";
import { diagramMermaid, MERMAID_MARKER } from "./mermaid.js";
import { hasTextChunk, PNG_MARKER, svgToPng } from "./png.js";
import { diagramSvg, SVG_MARKER } from "./svg.js";

export type DiagramFormat = "svg" | "mermaid" | "png";
export const DIAGRAM_FORMATS: readonly DiagramFormat[] = ["svg", "mermaid", "png"];

export async function renderDiagram(env: Environment, format: DiagramFormat): Promise<string | Buffer> {
  const graph = diagramGraph(env);
  if (format === "mermaid") return diagramMermaid(graph);
  const layout = await layoutDiagram(graph);
  const svg = diagramSvg(layout, graph.title);
  if (format === "svg") return svg;
  const size = /width="(\d+)" height="(\d+)"/.exec(svg)!;
  return svgToPng(svg, Number(size[1]), Number(size[2]));
}

/** The format a file name implies (`.svg`, `.mmd`/`.md`, `.png`). */
export function formatOfFile(file: string): DiagramFormat | undefined {
  if (/\.svg$/i.test(file)) return "svg";
  if (/\.png$/i.test(file)) return "png";
  if (/\.(mmd|mermaid|md)$/i.test(file)) return "mermaid";
  return undefined;
}

/** Refuses to replace a file that berth did not write (no berth marker in it). */
export function checkOverwrite(file: string): void {
  if (!existsSync(file)) return;
  const head = readFileSync(file).subarray(0, 4096);
  const ours = head.toString("latin1").includes(SVG_MARKER) || head.toString("latin1").includes(MERMAID_MARKER) || hasTextChunk(head, PNG_MARKER);
  if (!ours) throw new UsageError(`${file} exists and was not written by berth diagram; berth leaves it alone`, "choose another --out, or remove the file");
}
