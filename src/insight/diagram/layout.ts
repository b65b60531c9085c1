/**
 * Lays the diagram graph out with ELK (the Eclipse Layout Kernel's layered algorithm, via `elkjs`):
 * left to right from the internet, groups as compound nodes, orthogonal edges routed across groups.
 * Text is measured by character count (a sans-serif at 12 px averages under 7 px a character), which
 * keeps the layout deterministic and free of a font engine.
 */
import elk, { type ElkExtendedEdge, type ElkNode } from "elkjs/lib/elk.bundled.js";

/** elkjs is CommonJS; its constructor is also its `default` property, which Node's ESM import and TypeScript agree on. */
const ELK = elk.default;
import type { DiagramEdge, DiagramGraph, DiagramGroup, DiagramNode } from "./graph.js";

export const FONT = { title: 13, line: 11, charWidth: 0.6, lineHeight: 16, padding: 10 } as const;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedNode extends Box {
  readonly node: DiagramNode;
}
export interface PlacedGroup extends Box {
  readonly group: DiagramGroup;
  readonly depth: number;
}
export interface PlacedEdge {
  readonly edge: DiagramEdge;
  readonly points: readonly { x: number; y: number }[];
  readonly labelAt: { x: number; y: number } | undefined;
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly groups: readonly PlacedGroup[];
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

const GROUP_HEADER = 26;

export function nodeSize(n: DiagramNode): { width: number; height: number } {
  // Bold titles run wider than regular lines.
  const widest = Math.max(n.title.length * FONT.title * 1.1, ...n.lines.map((l) => l.length * FONT.line)) * FONT.charWidth;
  return { width: Math.ceil(widest + 2 * FONT.padding), height: FONT.padding * 2 + FONT.lineHeight * (1 + n.lines.length) };
}

export async function layoutDiagram(g: DiagramGraph): Promise<Layout> {
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      // Two regions side by side would be twice as wide as tall: with regions, the layers run top to bottom.
      "elk.direction": g.groups.filter((x) => x.kind === "region").length > 1 ? "DOWN" : "RIGHT",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.layered.spacing.nodeNodeBetweenLayers": "60",
      "elk.spacing.nodeNode": "30",
      "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
      "elk.randomSeed": "1",
    },
    children: [],
    edges: [],
  };
  elkNodes.set("root", root);
  for (const grp of g.groups) {
    elkNodes.set(grp.id, {
      id: grp.id,
      layoutOptions: { "elk.padding": `[top=${GROUP_HEADER + 8},left=14,bottom=14,right=14]` },
      children: [],
    });
  }
  for (const grp of g.groups) elkNodes.get(grp.parent ?? "root")!.children!.push(elkNodes.get(grp.id)!);
  for (const n of g.nodes) elkNodes.get(n.group ?? "root")!.children!.push({ id: n.id, ...nodeSize(n) });
  root.edges = g.edges.map((e): ElkExtendedEdge => ({ id: e.id, sources: [e.backward ? e.to : e.from], targets: [e.backward ? e.from : e.to] }));

  const out = await new ELK().layout(root);

  // ELK gives positions relative to the parent, and edge points relative to the edge's container.
  const abs = new Map<string, { x: number; y: number }>([["root", { x: 0, y: 0 }]]);
  const groups: PlacedGroup[] = [];
  const nodes: PlacedNode[] = [];
  const groupById = new Map(g.groups.map((x) => [x.id, x]));
  const nodeById = new Map(g.nodes.map((x) => [x.id, x]));
  const walk = (n: ElkNode, parent: { x: number; y: number }, depth: number) => {
    for (const c of n.children ?? []) {
      const at = { x: parent.x + (c.x ?? 0), y: parent.y + (c.y ?? 0) };
      abs.set(c.id, at);
      const box = { x: at.x, y: at.y, width: c.width ?? 0, height: c.height ?? 0 };
      if (groupById.has(c.id)) groups.push({ ...box, group: groupById.get(c.id)!, depth });
      else nodes.push({ ...box, node: nodeById.get(c.id)! });
      walk(c, at, depth + 1);
    }
  };
  walk(out, { x: 0, y: 0 }, 0);
  const edgeById = new Map(g.edges.map((e) => [e.id, e]));
  const edges: PlacedEdge[] = (out.edges ?? []).map((e) => {
    const off = abs.get(e.container ?? "root") ?? { x: 0, y: 0 };
    const points = (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]).map((p) => ({ x: p.x + off.x, y: p.y + off.y }));
    const mid = points.length >= 2 ? longestSegmentMiddle(points) : undefined;
    return { edge: edgeById.get(e.id)!, points, labelAt: mid };
  });
  return { width: Math.ceil(out.width ?? 0), height: Math.ceil(out.height ?? 0), groups, nodes, edges };
}

function longestSegmentMiddle(points: readonly { x: number; y: number }[]): { x: number; y: number } {
  let best = { x: points[0]!.x, y: points[0]!.y };
  let len = -1;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const l = Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
    if (l > len) {
      len = l;
      best = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
  }
  return best;
}
