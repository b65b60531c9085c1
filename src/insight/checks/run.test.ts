import { describe, expect, it } from "vitest";
import { configSchema } from "../../config/schema/app.js";
import { resolveModel } from "../../model/resolve.js";
import { renderStacks, stackFiles } from "../../terraform/render.js";
import { clean, cleanServerless } from "./rules.cases.js";
import { atOrAbove, checkSuppressions, runChecks, runChecksInRegions, unusedSuppressions } from "./run.js";

const withoutDomain = () => {
  const c = clean();
  delete c.environments.prod!.domain;
  return c;
};

describe("runChecksInRegions", () => {
  it("checks a recovery region's model and stacks too, pointing into its own files, with the standby's config path", () => {
    const c = clean();
    delete c.databases;
    delete c.services.web!.databases;
    c.environments.prod!.recovery = { region: "us-west-2", network: { cidr: "10.1.0.0/16" }, desiredCount: 1 };
    const model = resolveModel(c);
    const env = model.environments[0]!;
    const findings = runChecksInRegions(env, renderStacks(model));
    const standby = findings.filter((f) => f.location?.file.startsWith("prod/us-west-2/"));
    expect(standby.map((f) => [f.rule, f.message, f.configPath])).toContainEqual([
      "BERTH050",
      "web runs 1 task (standby in us-west-2)",
      "environments.prod.recovery.desiredCount",
    ]);
    expect(findings.filter((f) => f.location?.file.startsWith("prod/us-east-1/") && f.rule === "BERTH050")).toEqual([]);
  });

  it("asks for DNSSEC once, of the primary's zone: a recovery region's dns stack has no zone", () => {
    const c = clean();
    delete c.databases;
    delete c.services.web!.databases;
    c.environments.prod!.domain = { name: "shop.example.com" };
    c.environments.prod!.recovery = { region: "us-west-2", network: { cidr: "10.1.0.0/16" } };
    const model = resolveModel(c);
    const findings = runChecksInRegions(model.environments[0]!, renderStacks(model)).filter((f) => f.rule === "BERTH082");
    expect(findings.map((f) => f.location?.file.split("/").slice(0, 3).join("/"))).toEqual(["prod/us-east-1/dns"]);
  });

  it("does not count a scheduled job as a service with one task or no autoscaling", () => {
    const model = resolveModel(cleanServerless());
    const findings = runChecks(model.environments[0]!, renderStacks(model));
    expect(findings.filter((f) => ["BERTH050", "BERTH054"].includes(f.rule) && f.resource === "service nightly")).toEqual([]);
  });
});

describe("runChecks", () => {
  it("points a finding at the line of its resource in the printed file", () => {
    const model = resolveModel(withoutDomain());
    const stacks = renderStacks(model);
    const [f] = runChecks(model.environments[0]!, stacks).filter((x) => x.rule === "BERTH001");
    const stack = stacks.find((s) => f!.location!.file.startsWith(`${s.path}/`))!;
    const text = new Map(stackFiles(stack)).get(f!.location!.file.split("/").pop()!)!;
    expect(text.split("\n")[f!.location!.line - 1]).toBe(`resource "${f!.location!.address!.split(".")[0]}" "${f!.location!.address!.split(".")[1]}" {`);
    expect(f).toMatchObject({
      rule: "BERTH001",
      severity: "high",
      resource: "load balancer public",
      configPath: "environments.prod.domain",
      environment: "prod",
    });
  });

  it("marks findings the config accepts, by rule or by rule and resource, with the reason and where it is written", () => {
    const c = withoutDomain();
    c.services.web!.readonlyRootFilesystem = false;
    c.checks = { suppress: [{ rule: "BERTH045", resource: "service web", reason: "writes its cache beside the code" }] };
    c.environments.prod!.checks = {
      suppress: [
        { rule: "BERTH001", reason: "no domain yet: HTTPS comes with it" },
        { rule: "BERTH045", resource: "service other", reason: "matches nothing here" },
      ],
    };
    const env = resolveModel(c).environments[0]!;
    const found = runChecks(env, renderStacks(resolveModel(c)));
    expect(found.map((f) => [f.rule, f.suppressed?.at])).toEqual([
      ["BERTH001", "environments.prod.checks.suppress[0]"],
      ["BERTH045", "checks.suppress[0]"],
    ]);
    expect(unusedSuppressions(env, found).map((s) => s.at)).toEqual(["environments.prod.checks.suppress[1]"]);
  });

  it("refuses a suppression without a reason, or of a rule that does not exist", () => {
    const noReason = configSchema.safeParse({ ...clean(), checks: { suppress: [{ rule: "BERTH001" }] } });
    expect(noReason.success).toBe(false);
    expect(JSON.stringify(noReason.error?.issues.map((i) => i.path))).toBe('[["checks","suppress",0,"reason"]]');
    const c = clean();
    c.checks = { suppress: [{ rule: "BERTH999", reason: "no such rule, for the test" }] };
    expect(() => checkSuppressions(resolveModel(c).environments[0]!, "berth.config.ts")).toThrow(/checks\.suppress\[0\]\.rule: no rule "BERTH999"/);
  });

  it("orders severities", () => {
    expect([atOrAbove("high", "medium"), atOrAbove("medium", "high"), atOrAbove("critical", "critical"), atOrAbove("low", "low")]).toEqual([
      true,
      false,
      true,
      true,
    ]);
  });
});

describe("checks in an existing VPC (network.vpc)", () => {
  it("find nothing in the clean environment moved into an existing VPC: no rule assumes berth's VPC, NAT or endpoints", () => {
    const c = clean();
    c.environments.prod!.account = "111111111111";
    c.environments.prod!.network = {
      vpc: {
        id: "vpc-0123456789abcdef0",
        cidr: "172.31.0.0/16",
        subnets: { public: ["subnet-0aaa0001", "subnet-0aaa0002"], private: ["subnet-0bbb0001", "subnet-0bbb0002"] },
      },
    };
    const model = resolveModel(c);
    const env = model.environments[0]!;
    expect(env.network.existing).not.toBeNull();
    expect(runChecks(env, renderStacks(model)).map((f) => `${f.rule} ${f.message}`)).toEqual([]);
  });
});
