/** adopt's files: import blocks per stack, never over a user's file, an earlier adopt's only with --force; the names snippet. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AdoptionTarget } from "../model/adoption.js";
import type { Adopted, NameToSet } from "./adopt-match.js";
import { existingSnippet, importFiles, isAdoptImports, writeImportFiles } from "./adopt-write.js";

const target = (stack: string, address: string): AdoptionTarget => ({ kind: "vpc", stack, address, name: null, namePath: null });
const adopted = (stack: string, address: string, id: string): Adopted => ({ target: target(stack, address), resource: { kind: "vpc", arn: id, name: id }, id });

describe("importFiles", () => {
  it("writes one file per stack: the header, then one import block per resource", () => {
    const files = importFiles("test", [
      adopted("network", "aws_vpc.this", "vpc-1"),
      adopted("network", 'aws_subnet.public["eu-west-1a"]', "subnet-1"),
      adopted("platform", "aws_ecs_cluster.this", "shop"),
    ]);
    expect([...files.keys()]).toEqual(["network", "platform"]);
    expect(files.get("network")).toBe(
      "# Written by berth adopt for environment test: resources that already run, imported by the next apply.\n" +
        "# Review and commit it; once applied, the import blocks do nothing and the file can be deleted.\n\n" +
        'import {\n  to = aws_vpc.this\n  id = "vpc-1"\n}\n\nimport {\n  to = aws_subnet.public["eu-west-1a"]\n  id = "subnet-1"\n}\n',
    );
  });
});

describe("isAdoptImports", () => {
  it("knows adopt's file as written and as synth copies it, and nothing else", () => {
    const text = importFiles("test", [adopted("network", "aws_vpc.this", "vpc-1")]).get("network")!;
    expect(isAdoptImports(text)).toBe(true);
    expect(isAdoptImports(`# Copied by berth from terraform/network/test/imports.tf; edit that file, not this copy.\n\n${text}`)).toBe(true);
    expect(isAdoptImports('import {\n  to = aws_vpc.this\n  id = "vpc-1"\n}\n')).toBe(false);
    expect(isAdoptImports(new Uint8Array([1, 2]))).toBe(false);
  });
});

describe("writeImportFiles", () => {
  const files = importFiles("test", [adopted("network", "aws_vpc.this", "vpc-1"), adopted("platform", "aws_ecs_cluster.this", "shop")]);

  it("writes terraform/<stack>/<env>/imports.tf beside the config", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-adopt-"));
    expect(writeImportFiles(dir, "test", files, { force: false })).toEqual(["terraform/network/test/imports.tf", "terraform/platform/test/imports.tf"]);
    expect(readFileSync(join(dir, "terraform/network/test/imports.tf"), "utf8")).toBe(files.get("network"));
  });

  it("refuses a user's file of that name, and writes nothing at all", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-adopt-"));
    mkdirSync(join(dir, "terraform/platform/test"), { recursive: true });
    writeFileSync(join(dir, "terraform/platform/test/imports.tf"), "# mine\n");
    expect(() => writeImportFiles(dir, "test", files, { force: true })).toThrow(
      /terraform\/platform\/test\/imports\.tf exists and berth adopt did not write it; nothing was written/,
    );
    expect(readFileSync(join(dir, "terraform/platform/test/imports.tf"), "utf8")).toBe("# mine\n");
    expect(existsSync(join(dir, "terraform/network/test/imports.tf"))).toBe(false);
  });

  it("replaces an earlier adopt's file only with --force, and then removes its files no longer needed", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-adopt-"));
    writeImportFiles(dir, "test", importFiles("test", [adopted("data", "aws_db_instance.main", "db-1"), adopted("network", "aws_vpc.this", "vpc-0")]), {
      force: false,
    });
    expect(() => writeImportFiles(dir, "test", files, { force: false })).toThrow(
      /terraform\/network\/test\/imports\.tf is from an earlier berth adopt; nothing was written/,
    );
    writeImportFiles(dir, "test", files, { force: true });
    expect(readFileSync(join(dir, "terraform/network/test/imports.tf"), "utf8")).toContain('id = "vpc-1"');
    expect(existsSync(join(dir, "terraform/data/test/imports.tf"))).toBe(false);
  });
});

describe("existingSnippet", () => {
  it("nests the names and settings under environments.<env>, as JSON (valid TS and YAML)", () => {
    const name = (path: string[], value: string): NameToSet => ({
      target: target("platform", "x"),
      resource: { kind: "cluster", arn: value, name: value },
      path: ["environments", "test", "existing", ...path],
      value,
    });
    const snippet = existingSnippet([
      name(["cluster"], "c-1"),
      name(["services", "api", "service"], "s-1"),
      name(["services", "api", "targetGroups", "public"], "tg-1"),
    ]);
    expect(JSON.parse(snippet)).toEqual({ existing: { cluster: "c-1", services: { api: { service: "s-1", targetGroups: { public: "tg-1" } } } } });
  });
});
