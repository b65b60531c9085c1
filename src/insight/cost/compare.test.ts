import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { estimatesAtRef } from "./baseline.js";
import { compareEstimates, parseSavedEstimates } from "./compare.js";
import { costJson } from "./format.js";

const item = (stack: string, name: string, monthly: number) => ({ item: name, stack, monthly });

describe("compareEstimates", () => {
  it("compares each environment and region with its own, and a saved estimate without regions with the primary", () => {
    const est = (region: string | undefined, monthly: number) => ({
      environment: "prod",
      ...(region ? { region } : {}),
      currency: "USD",
      monthly,
      items: [item("platform", "ALB", monthly)],
    });
    const now = [est("us-east-1", 12), est("us-west-2", 5)];
    expect(compareEstimates(now, [est("us-east-1", 10), est("us-west-2", 5)]).map((c) => [c.region, c.delta])).toEqual([
      ["us-east-1", 2],
      ["us-west-2", 0],
    ]);
    // Saved before berth printed regions: one object, the primary's.
    expect(compareEstimates(now, [est(undefined, 10)]).map((c) => [c.region, c.baseline, c.monthly])).toEqual([
      ["us-east-1", 10, 12],
      ["us-west-2", 0, 5],
    ]);
  });

  it("matches lines by stack and name without their detail, and adds on-demand and Spot", () => {
    const before = [
      {
        environment: "prod",
        currency: "USD",
        monthly: 30,
        items: [item("service-api", "Fargate vCPU, api (x86_64, on demand, 2 tasks)", 20), item("network", "NAT gateways (single: 1)", 10)],
      },
    ];
    const after = [
      {
        environment: "prod",
        currency: "USD",
        monthly: 34,
        items: [
          item("service-api", "Fargate vCPU, api (x86_64, on demand, 2 tasks)", 20),
          item("service-api", "Fargate vCPU, api (x86_64, Spot, 1 task)", 4),
          item("network", "NAT gateways (single: 1)", 10),
        ],
      },
    ];
    expect(compareEstimates(after, before)).toEqual([
      {
        environment: "prod",
        currency: "USD",
        baseline: 30,
        monthly: 34,
        delta: 4,
        changes: [{ stack: "service-api", item: "Fargate vCPU, api", before: 20, after: 24, delta: 4 }],
      },
    ]);
  });

  it("counts an environment that is new or gone against $0", () => {
    const r = compareEstimates([{ environment: "dev", currency: "USD", monthly: 5, items: [item("network", "x", 5)] }], []);
    expect(r[0]).toMatchObject({ environment: "dev", baseline: 0, monthly: 5, delta: 5 });
  });
});

describe("parseSavedEstimates", () => {
  it("reads NDJSON and arrays", () => {
    const e = { environment: "prod", currency: "USD", monthly: 1, items: [] };
    expect(parseSavedEstimates(`${JSON.stringify(e)}\n${JSON.stringify({ ...e, environment: "dev" })}\n`, "f")).toHaveLength(2);
    expect(parseSavedEstimates(JSON.stringify([e]), "f")).toHaveLength(1);
  });
  it("refuses anything else with the command that writes one", () => {
    expect(() => parseSavedEstimates("{", "est.json")).toThrow(/est\.json is not a saved cost estimate/);
    expect(() => parseSavedEstimates('{"a":1}', "est.json")).toThrow(/expected objects with environment, monthly and items/);
  });
});

describe("estimatesAtRef", () => {
  const yaml = (nat: string) =>
    [
      "project: shop",
      `network: { nat: ${nat} }`,
      "loadBalancers: { public: {} }",
      "services: { web: { port: 3000, routes: [{ loadBalancer: public }] } }",
      "environments: { prod: { tier: staging, region: us-east-1 } }",
      "",
    ].join("\n");

  it("estimates the config as it was at a git ref, touching nothing in the working tree", async () => {
    const repo = mkdtempSync(join(tmpdir(), "berth-cost-repo-"));
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: repo, stdio: "pipe" });
    git("init", "-q", "-b", "main");
    writeFileSync(join(repo, "berth.yaml"), yaml("perAz"));
    git("add", ".");
    git("commit", "-qm", "perAz");
    writeFileSync(join(repo, "berth.yaml"), yaml("single"));
    const [then] = await estimatesAtRef("main", join(repo, "berth.yaml"), undefined);
    expect(then!.items.find((i) => i.item.startsWith("NAT gateways"))!.item).toBe("NAT gateways (perAz: 2)");
    expect(readdirSync(repo).sort()).toEqual([".git", "berth.yaml"]);
    const [cmp] = compareEstimates([costJson(then!)], [costJson(then!)]);
    expect(cmp!.delta).toBe(0);
  });

  it("refuses a ref that does not exist, as a user error", async () => {
    const repo = mkdtempSync(join(tmpdir(), "berth-cost-repo-"));
    execFileSync("git", ["init", "-q"], { cwd: repo });
    writeFileSync(join(repo, "berth.yaml"), yaml("single"));
    await expect(estimatesAtRef("no-such-branch", join(repo, "berth.yaml"), undefined)).rejects.toThrow(
      /--compare no-such-branch: not a saved estimate file, nor a git ref/,
    );
  });
});
