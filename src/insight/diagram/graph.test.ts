import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/load.js";
import { resolveModel } from "../../model/resolve.js";
import type { Environment } from "../../model/types.js";
import { diagramGraph } from "./graph.js";
import { layoutDiagram } from "./layout.js";
import { diagramMermaid } from "./mermaid.js";
import { diagramSvg } from "./svg.js";

const EXAMPLES = ["skyfox", "sky-high-booker", "8byte-backend", "sarc-ng", "task-api"];
const envs: [string, Environment][] = [];
beforeAll(async () => {
  for (const ex of EXAMPLES) {
    const { config } = await loadConfig({ config: join(import.meta.dirname, "..", "..", "..", "examples", ex, "berth.config.ts") });
    for (const env of resolveModel(config).environments) envs.push([`${ex} ${env.name}`, env]);
  }
});

describe("diagramGraph", () => {
  it("has every service, load balancer and database of every example's model, and edges only between its nodes", () => {
    expect(envs.length).toBeGreaterThanOrEqual(9);
    for (const [name, env] of envs) {
      const g = diagramGraph(env);
      const ids = new Set(g.nodes.map((n) => n.id));
      for (const s of env.services) expect(ids.has(`svc:${s.name}`), `${name} ${s.name}`).toBe(true);
      for (const lb of env.loadBalancers) expect(ids.has(`lb:${lb.key}`), `${name} ${lb.key}`).toBe(true);
      for (const d of env.databases) expect(ids.has(`db:${d.key}`), `${name} ${d.key}`).toBe(true);
      for (const e of g.edges) expect(ids.has(e.from) && ids.has(e.to), `${name} ${e.from} → ${e.to}`).toBe(true);
      for (const n of g.nodes)
        if (n.group)
          expect(
            g.groups.some((x) => x.id === n.group),
            `${name} ${n.id} in ${n.group}`,
          ).toBe(true);
    }
  });

  it("draws the internet → load balancer → service → database path, with the listener rules on the load balancer", () => {
    const env = envs.find(([n]) => n === "task-api prod")![1];
    const g = diagramGraph(env);
    const pairs = g.edges.map((e) => `${e.from} → ${e.to}`);
    expect(pairs).toEqual(expect.arrayContaining(["internet → lb:public", "lb:public → svc:api", "svc:api → db:main"]));
    expect(g.nodes.find((n) => n.id === "lb:public")!.lines).toEqual(["HTTPS 443 (HTTP → 301)", "/* → api"]);
    expect(g.nodes.filter((n) => n.kind === "nat").map((n) => n.lines[0])).toEqual(["us-east-1a", "us-east-1b"]);
  });

  it("shows the interface endpoints and the resources the config names outside berth (SkyFox)", () => {
    const g = diagramGraph(envs.find(([n]) => n === "skyfox devprod")![1]);
    expect(g.nodes.find((n) => n.id === "endpoints")!.title).toBe("9 interface endpoints × 3 AZs");
    expect(g.nodes.filter((n) => n.kind === "external").map((n) => n.lines[0])).toContain("arn:aws:s3:::skyfox-devprod-files");
  });
});

describe("layout, SVG and Mermaid", () => {
  it("places every node inside its group, and writes each node into the SVG and the Mermaid chart", async () => {
    for (const [name, env] of envs.filter(([n]) => /prod/.test(n))) {
      const g = diagramGraph(env);
      const layout = await layoutDiagram(g);
      for (const p of layout.nodes) {
        expect(p.width * p.height, name).toBeGreaterThan(0);
        const box = layout.groups.find((x) => x.group.id === p.node.group);
        if (box)
          expect(p.x >= box.x && p.y >= box.y && p.x + p.width <= box.x + box.width && p.y + p.height <= box.y + box.height, `${name} ${p.node.id}`).toBe(true);
      }
      const svg = diagramSvg(layout, g.title);
      const mermaid = diagramMermaid(g);
      for (const s of env.services) {
        expect(svg, name).toContain(`>Service ${s.name}</text>`);
        expect(mermaid, name).toContain(`Service ${s.name}<br/>`);
      }
      expect(layout.edges.every((e) => e.points.length >= 2)).toBe(true);
    }
  });

  it("is deterministic", async () => {
    const env = envs.find(([n]) => n === "skyfox devprod")![1];
    const a = diagramSvg(await layoutDiagram(diagramGraph(env)), "x");
    const b = diagramSvg(await layoutDiagram(diagramGraph(env)), "x");
    expect(a).toBe(b);
  });
});
