/** writeStacks: user files survive, user files at berth's paths are refused, stale berth files go, only changes are written. */
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { put, read, stacksOf, tempDir, tree, mtimes } from "../../test/support/write-fixtures.js";
import { UsageError } from "../errors.js";
import { GENERATED_HEADER } from "./generated.js";
import { writeStacks } from "./write.js";

const NET = "prod/eu-west-1/network";
const API = "prod/eu-west-1/service-api";

describe("writeStacks", () => {
  it("writes every rendered file under the generated-file header", () => {
    const out = tempDir();
    const result = writeStacks(stacksOf("prod", ["api"]), out);
    expect(tree(out)).toEqual([`${NET}/versions.tf`, `${NET}/vpc.tf`, `${API}/service.tf`, `${API}/versions.tf`]);
    expect(read(out, `${NET}/vpc.tf`)).toBe(`${GENERATED_HEADER}resource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n}\n`);
    expect(result).toMatchObject({ files: 4, written: 4, unchanged: 0, removed: 0 });
  });

  it("keeps the user's files: override.tf, waf.tf, .terraform.lock.hcl in a stack, runbook.md in the environment", () => {
    const out = tempDir();
    writeStacks(stacksOf("prod", ["api"]), out);
    const mine = {
      [`${NET}/vpc_override.tf`]: 'resource "aws_vpc" "this" {\n  enable_dns_support = false\n}\n',
      [`${NET}/waf.tf`]: 'resource "aws_wafv2_web_acl" "this" {}\n',
      [`${NET}/.terraform.lock.hcl`]: "# lock\n",
      [`${NET}/.terraform/modules.json`]: "{}",
      ["prod/runbook.md"]: "# runbook\n",
      ["notes.txt"]: "mine\n",
    };
    for (const [rel, text] of Object.entries(mine)) put(out, rel, text);
    writeStacks(stacksOf("prod", ["api"], "10.1.0.0/16"), out);
    for (const [rel, text] of Object.entries(mine)) expect(read(out, rel)).toBe(text);
    expect(read(out, `${NET}/vpc.tf`)).toContain("10.1.0.0/16");
  });

  it("refuses a user's file at a path berth writes, names it and writes nothing", () => {
    const out = tempDir();
    writeStacks(stacksOf("prod", ["api"]), out);
    put(out, `${NET}/versions.tf`, 'terraform {\n  required_version = ">= 1.9"\n}\n');
    put(out, "staging/eu-west-1/network/vpc.tf", "# my own staging network\n");
    const before = mtimes(out);
    const stacks = [...stacksOf("prod", ["api", "web"], "10.1.0.0/16"), ...stacksOf("staging", [])];
    expect(() => writeStacks(stacks, out)).toThrow(UsageError);
    expect(() => writeStacks(stacks, out)).toThrow(
      /2 paths that hold a file it did not write[^]*prod\/eu-west-1\/network\/versions\.tf[^]*staging\/eu-west-1\/network\/vpc\.tf/,
    );
    expect(mtimes(out)).toEqual(before);
    expect(existsSync(join(out, "prod/eu-west-1/service-web"))).toBe(false);
  });

  it("refuses a folder or a file where berth needs the other", () => {
    const out = tempDir();
    put(out, "prod", "not a folder\n");
    expect(() => writeStacks(stacksOf("prod", []), out)).toThrow(/written:\n\s+\S+\/prod$/);
    const out2 = tempDir();
    mkdirSync(join(out2, NET, "vpc.tf"), { recursive: true });
    expect(() => writeStacks(stacksOf("prod", []), out2)).toThrow(/network\/vpc\.tf/);
  });

  it("replaces files written by a berth from before the headers when their content is berth's", () => {
    const out = tempDir();
    writeStacks(stacksOf("prod", []), out);
    put(out, `${NET}/vpc.tf`, read(out, `${NET}/vpc.tf`).slice(GENERATED_HEADER.length));
    expect(writeStacks(stacksOf("prod", []), out)).toMatchObject({ written: 1, unchanged: 1 });
    expect(read(out, `${NET}/vpc.tf`).startsWith(GENERATED_HEADER)).toBe(true);
  });

  it("removes berth's files of a stack that left the config, keeps the user's there, and the folder only when empty", () => {
    const out = tempDir();
    writeStacks(stacksOf("prod", ["api", "web"]), out);
    put(out, `${API}/terraform.tfvars.json`, "{}\n");
    put(out, `${API}/plan.json`, "{}\n");
    put(out, `${API}/.terraform.lock.hcl`, "# lock\n");
    put(out, `${API}/waf.tf`, "# mine\n");
    const result = writeStacks(stacksOf("prod", []), out);
    expect(result.removed).toBe(2 + 2 + 2);
    expect(tree(out)).toEqual([`${NET}/versions.tf`, `${NET}/vpc.tf`, `${API}/.terraform.lock.hcl`, `${API}/waf.tf`]);
    expect(existsSync(join(out, "prod/eu-west-1/service-web"))).toBe(false);
  });

  it("removes a rendered file the stack no longer has", () => {
    const out = tempDir();
    writeStacks(stacksOf("prod", []), out);
    const [net] = stacksOf("prod", []);
    const fewer = { ...net!, files: net!.files.filter((f) => f.name !== "versions.tf") };
    expect(writeStacks([fewer], out)).toMatchObject({ removed: 1, written: 0, unchanged: 1 });
    expect(tree(out)).toEqual([`${NET}/vpc.tf`]);
  });

  it("leaves the environments it does not write alone", () => {
    const out = tempDir();
    writeStacks([...stacksOf("prod", ["api"]), ...stacksOf("staging", ["api"])], out);
    writeStacks(stacksOf("prod", []), out);
    expect(tree(out).filter((f) => f.startsWith("staging/"))).toHaveLength(4);
  });

  it("writes nothing when nothing changed, and only the changed file otherwise", () => {
    const out = tempDir();
    writeStacks(stacksOf("prod", ["api"]), out);
    const past = new Date("2020-01-01T00:00:00Z");
    for (const f of tree(out)) utimesSync(join(out, f), past, past);
    const before = mtimes(out);
    expect(writeStacks(stacksOf("prod", ["api"]), out)).toMatchObject({ written: 0, unchanged: 4, removed: 0 });
    expect(mtimes(out)).toEqual(before);
    expect(writeStacks(stacksOf("prod", ["api"], "10.9.0.0/16"), out)).toMatchObject({ written: 1, unchanged: 3 });
    const after = mtimes(out);
    expect([...after].filter(([f, t]) => before.get(f) !== t).map(([f]) => f)).toEqual([`${NET}/vpc.tf`]);
  });

  it("cleans staging and backup folders left by an interrupted write, its own and an older berth's", () => {
    const out = tempDir();
    writeStacks(stacksOf("prod", []), out);
    put(out, ".berth-tmp-999999999/prod/eu-west-1/network/vpc.tf", "x");
    put(out, ".berth-old-999999998-staging/eu-west-1/network/vpc.tf", `${GENERATED_HEADER}x`);
    put(out, ".berth-old-999999997-prod/eu-west-1/network/vpc.tf", `${GENERATED_HEADER}old`);
    const result = writeStacks(stacksOf("prod", []), out);
    expect(readdirSync(out).sort()).toEqual(["prod", "staging"]);
    expect(read(out, "staging/eu-west-1/network/vpc.tf")).toBe(`${GENERATED_HEADER}x`);
    expect(result.notes).toEqual(["restored staging/ from an interrupted synth"]);
  });

  it("rolls an environment back from the journal a killed write left", () => {
    const out = tempDir();
    writeStacks(stacksOf("prod", ["api"]), out);
    const previous = new Map(tree(out).map((f) => [f, read(out, f)]));
    // What a write killed mid-way leaves: vpc.tf moved to the backup and a new one in place, service-web
    // created, service-api's service.tf moved out; the journal still there.
    const old = ".berth-old-999999996";
    put(out, `${old}/${NET}/vpc.tf`, read(out, `${NET}/vpc.tf`));
    put(out, `${NET}/vpc.tf`, `${GENERATED_HEADER}new`);
    put(out, "prod/eu-west-1/service-web/service.tf", `${GENERATED_HEADER}new`);
    put(out, `${old}/${API}/service.tf`, read(out, `${API}/service.tf`));
    const journal = {
      env: "prod",
      ops: [
        { kind: "create", rel: "prod/eu-west-1/service-web" },
        { kind: "replace", rel: `${NET}/vpc.tf` },
        { kind: "replace", rel: `${NET}/versions.tf` },
        { kind: "delete", rel: `${API}/service.tf` },
      ],
      mkdirs: [],
    };
    put(out, `${old}/journal-prod.json`, JSON.stringify(journal));
    rmSync(join(out, `${API}/service.tf`));
    const result = writeStacks(stacksOf("prod", ["api"]), out);
    expect(result.notes).toEqual(["restored the previous files of prod/ from an interrupted synth"]);
    expect(new Map(tree(out).map((f) => [f, read(out, f)]))).toEqual(previous);
    expect(result).toMatchObject({ written: 0, unchanged: 4 });
  });

  it("holds one signal listener while writing, none once the write is done", async () => {
    const settle = () => new Promise((r) => setImmediate(() => setImmediate(() => setImmediate(r))));
    await settle();
    const before = process.listenerCount("SIGINT");
    for (let i = 0; i < 20; i++) writeStacks(stacksOf("prod", []), tempDir());
    expect(process.listenerCount("SIGINT")).toBe(before + 1);
    await settle();
    expect(process.listenerCount("SIGINT")).toBe(before);
  });
});
