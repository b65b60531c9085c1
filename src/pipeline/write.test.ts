/** Pipeline files are written all or nothing, and never over a file berth did not write. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pipelineHeader } from "./header.js";
import { writePipelineFiles } from "./write.js";

const header = pipelineHeader("#", "berth pipeline github", "berth.config.ts");
const files = [
  { path: ".github/workflows/a.yml", text: `${header}name: a\n` },
  { path: ".github/workflows/b.yml", text: `${header}name: b\n` },
];

describe("writePipelineFiles", () => {
  it("creates, then leaves unchanged files alone, then updates its own", () => {
    const out = mkdtempSync(join(tmpdir(), "berth-pipeline-"));
    expect(writePipelineFiles(out, files).map((w) => w.state)).toEqual(["created", "created"]);
    expect(writePipelineFiles(out, files).map((w) => w.state)).toEqual(["unchanged", "unchanged"]);
    const next = [files[0]!, { ...files[1]!, text: `${header}name: b2\n` }];
    expect(writePipelineFiles(out, next).map((w) => w.state)).toEqual(["unchanged", "updated"]);
    expect(readFileSync(join(out, files[1]!.path), "utf8")).toBe(`${header}name: b2\n`);
  });

  it("refuses to overwrite a file without berth's header, naming it, and writes nothing at all", () => {
    const out = mkdtempSync(join(tmpdir(), "berth-pipeline-"));
    mkdirSync(join(out, ".github", "workflows"), { recursive: true });
    writeFileSync(join(out, files[1]!.path), "name: mine\n");
    expect(() => writePipelineFiles(out, files)).toThrow(/b\.yml exists and was not written by berth; nothing was written/);
    expect(existsSync(join(out, files[0]!.path))).toBe(false);
    expect(readFileSync(join(out, files[1]!.path), "utf8")).toBe("name: mine\n");
  });
});
