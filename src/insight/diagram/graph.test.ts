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
  it("has every service, load balancer (application and network) and database of every example's model, and edges only between its nodes", () => {
    expect(envs.length).toBeGreaterThanOrEqual(9);
    for (const [name, env] of envs) {
      const g = diagramGraph(env);
      const ids = new Set(g.nodes.map((n) => n.id));
      for (const s of env.services) expect(ids.has(`svc:${s.name}`), `${name} ${s.name}`).toBe(true);
      for (const lb of env.loadBalancers) expect(ids.has(`lb:${lb.key}`), `${name} ${lb.key}`).toBe(true);
      for (const nlb of env.networkLoadBalancers) {
        expect(ids.has(`nlb:${nlb.key}`), `${name} ${nlb.key}`).toBe(true);
        for (const l of nlb.listeners)
          expect(
            g.edges.some((e) => e.from === `nlb:${nlb.key}` && e.to === `svc:${l.service}`),
            `${name} ${nlb.key} → ${l.service}`,
          ).toBe(true);
      }
      for (const d of env.databases) expect(ids.has(`db:${d.key}`), `${name} ${d.key}`).toBe(true);
      for (const f of env.functions) expect(ids.has(`fn:${f.key}`), `${name} ${f.key}`).toBe(true);
      for (const a of env.httpApis) {
        expect(ids.has(`api:${a.key}`), `${name} ${a.key}`).toBe(true);
        const lines = g.nodes.find((n) => n.id === `api:${a.key}`)!.lines;
        for (const r of a.routes) expect(lines, `${name} ${a.key} ${r.key}`).toContain(`${r.key} → ${r.function}`);
      }
      for (const q of env.queues) {
        expect(ids.has(`queue:${q.key}`), `${name} ${q.key}`).toBe(true);
        if (q.deadLetter) expect(g.nodes.find((n) => n.id === `queue:${q.key}`)!.lines.join(" "), `${name} ${q.key}`).toContain(q.deadLetter.name);
      }
      for (const t of env.topics) expect(ids.has(`topic:${t.key}`), `${name} ${t.key}`).toBe(true);
      for (const s of env.services.filter((x) => x.schedule)) expect(ids.has(`schedule:${s.name}`), `${name} ${s.name}`).toBe(true);
      for (const r of env.recovery) {
        expect(g.groups.some((x) => x.id === `region:${r.region}`)).toBe(true);
        for (const s of r.services) expect(ids.has(`${r.region}/svc:${s.name}`), `${name} ${r.region} ${s.name}`).toBe(true);
        for (const lb of r.loadBalancers) expect(ids.has(`${r.region}/lb:${lb.key}`), `${name} ${r.region} ${lb.key}`).toBe(true);
        for (const nlb of r.networkLoadBalancers) expect(ids.has(`${r.region}/nlb:${nlb.key}`), `${name} ${r.region} ${nlb.key}`).toBe(true);
        for (const d of r.databases) expect(ids.has(`${r.region}/db:${d.key}`), `${name} ${r.region} ${d.key}`).toBe(true);
      }
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

  it("draws sarc-ng prod's serverless and messaging parts: the API's routes to the function, the queue between api and its worker, the daily job's schedule", () => {
    const g = diagramGraph(envs.find(([n]) => n === "sarc-ng prod")![1]);
    const pairs = g.edges.map((e) => `${e.from} → ${e.to}${e.label ? ` (${e.label})` : ""}`);
    expect(pairs).toEqual(
      expect.arrayContaining([
        "internet → api:public (HTTPS)",
        "api:public → fn:api (invoke)",
        "fn:api → db:main (:3306)",
        "svc:api → queue:reservation-events (send)",
        "queue:reservation-events → svc:recorder (consume)",
        "schedule:expire → svc:expire (run task)",
      ]),
    );
    expect(g.nodes.find((n) => n.id === "svc:recorder")!.title).toBe("Worker recorder");
    expect(g.nodes.find((n) => n.id === "schedule:expire")!.lines[0]).toBe("cron(0 3 * * ? *)");
  });

  it("draws the recovery region as a region of its own, with its replication and failover edges (sarc-ng prod)", () => {
    const g = diagramGraph(envs.find(([n]) => n === "sarc-ng prod")![1]);
    expect(g.groups.filter((x) => x.kind === "region").map((x) => x.title)).toEqual(["us-east-1 · primary region", "us-west-2 · recovery region"]);
    expect(g.groups.find((x) => x.id === "us-west-2/vpc")!.parent).toBe("region:us-west-2");
    const pairs = g.edges.map((e) => `${e.from} → ${e.to}${e.label ? ` (${e.label})` : ""}`);
    expect(pairs).toEqual(
      expect.arrayContaining([
        "db:main → us-west-2/db:main (Aurora global replication)",
        "ecr → us-west-2/ecr (ECR replication)",
        "internet → lb:public (HTTPS (failover primary))",
        "internet → us-west-2/lb:public (HTTPS (failover secondary))",
      ]),
    );
    expect(g.title).toBe("sarc-ng-prod (prod, us-east-1 + us-west-2)");
  });

  it("draws RDS backups replicated to another region (task-api prod)", () => {
    const g = diagramGraph(envs.find(([n]) => n === "task-api prod")![1]);
    expect(g.edges.map((e) => `${e.from} → ${e.to}`)).toContain("db:main → us-west-2/backups:main");
    expect(g.nodes.find((n) => n.id === "us-west-2/backups:main")!.group).toBe("region:us-west-2");
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
        const title = `${s.kind === "job" ? "Job" : s.kind === "worker" ? "Worker" : "Service"} ${s.name}`;
        expect(svg, name).toContain(`>${title}</text>`);
        expect(mermaid, name).toContain(`${title}<br/>`);
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

describe("diagramGraph of static sites", () => {
  it("draws each site as CloudFront in front of its bucket, reached from the internet, and lays out", async () => {
    const { validateConfig } = await import("../../config/validate.js");
    const env = resolveModel(
      validateConfig({
        project: "shop",
        services: {},
        sites: { web: { dir: "web/dist", spa: true, host: "@" } },
        environments: { prod: { tier: "prod", region: "eu-west-1", domain: { name: "shop.example.com" } } },
      }),
    ).environments[0]!;
    const g = diagramGraph(env);
    expect(g.nodes.find((n) => n.id === "site:web")).toMatchObject({ kind: "edge", lines: ["shop.example.com", "single-page app", "PriceClass_100"] });
    expect(g.nodes.find((n) => n.id === "site-bucket:web")).toMatchObject({ kind: "aws", title: "S3 shop-prod-web-site" });
    expect(g.edges.map((e) => [e.from, e.to, e.label])).toEqual(
      expect.arrayContaining([
        ["internet", "site:web", "HTTPS"],
        ["site:web", "site-bucket:web", "origin access control"],
      ]),
    );
    expect(diagramMermaid(g)).toContain(`site_web -->|"origin access control"| site_bucket_web`);
    expect(diagramSvg(await layoutDiagram(g), g.title)).toContain("S3 shop-prod-web-site");
  });

  it("names an existing VPC by its id and counts its AZs, whose names berth does not know", () => {
    const vpc = {
      id: "vpc-0123456789abcdef0",
      cidr: "172.31.0.0/16",
      subnets: { public: ["subnet-0aaa0001", "subnet-0aaa0002"], private: ["subnet-0bbb0001", "subnet-0bbb0002"] },
    };
    const env = resolveModel({
      project: "shop",
      services: { api: { port: 80 } },
      environments: { prod: { tier: "prod", region: "eu-west-1", account: "111111111111", network: { vpc } } },
    }).environments[0]!;
    const g = diagramGraph(env);
    expect(g.groups.find((x) => x.kind === "vpc")!.title).toBe("existing VPC vpc-0123456789abcdef0 172.31.0.0/16 · eu-west-1");
    expect(g.groups.filter((x) => x.kind === "tier").every((x) => x.title.endsWith("· 2 AZs"))).toBe(true);
    expect(g.nodes.some((n) => n.kind === "nat")).toBe(false);
  });
});
