/**
 * The staging writer thread, as the built CLI runs it (`dist/`, where its worker exists): files staged on
 * it are the bytes the synchronous stager writes, in batches and binary too; a failure on the thread
 * reaches `flush` as the error `writeFileSync` would have thrown (code and path kept); a synth through it
 * writes the bytes a synchronous synth writes.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/validate.js";
import { resolveModel } from "../src/model/resolve.js";
import type { startStageWriter as Start } from "../src/terraform/stage-writer.js";
import type { synthesize as Synthesize } from "../src/terraform/synthesize.js";
import { stager } from "../src/terraform/write-commit.js";
import { synthesize as synthesizeFromSources } from "../src/terraform/synthesize.js";
import { read, tempDir, tree } from "./support/write-fixtures.js";

const ROOT = join(import.meta.dirname, "..");
const { startStageWriter } = (await import(join(ROOT, "dist", "terraform", "stage-writer.js"))) as { startStageWriter: typeof Start };
const { synthesize } = (await import(join(ROOT, "dist", "terraform", "synthesize.js"))) as { synthesize: typeof Synthesize };
const { berthConfig } = (await import(join(ROOT, "bench", "generated-config.js"))) as { berthConfig: (services: number) => unknown };

describe("the staging writer thread", () => {
  it("writes what the synchronous stager writes, across batches, text and bytes", async () => {
    const files: [string, string | Uint8Array][] = [];
    for (let i = 0; i < 130; i++) files.push([`dev/eu-west-1/service-${i % 7}/f${i}.tf`, `# file ${i}\nname = "é${i}"\n`]);
    files.push(["dev/eu-west-1/function-api/package.zip", new Uint8Array([80, 75, 5, 6, 0, 255, 1])]);
    const [a, b] = [tempDir(), tempDir()];
    const sync = stager(a);
    for (const [rel, content] of files) sync(rel, content);
    const writer = startStageWriter(b);
    expect(writer).toBeDefined();
    for (const [rel, content] of files) writer!.stage(rel, content);
    await writer!.flush();
    await writer!.close();
    expect(tree(b)).toEqual(tree(a));
    for (const f of tree(a)) expect(read(b, f)).toBe(read(a, f));
  });

  it("rejects flush with the first failure's code and path, and writes nothing after it", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "dev"), "a file where a folder must go");
    const writer = startStageWriter(dir)!;
    writer.stage("dev/eu-west-1/network/vpc.tf", "x");
    writer.stage("prod/eu-west-1/network/vpc.tf", "y");
    await expect(writer.flush()).rejects.toMatchObject({ code: expect.stringMatching(/^(EEXIST|ENOTDIR)$/), path: expect.stringContaining("dev") });
    await writer.close();
    expect(readdirSync(dir)).toEqual(["dev"]);
  });

  it("a synth staged on it writes the same bytes as one staged on this thread (from the sources)", async () => {
    const model = resolveModel(validateConfig(berthConfig(40), "bench"));
    const [a, b] = [tempDir(), tempDir()];
    await synthesizeFromSources(model, a);
    const result = await synthesize(model, b);
    expect(result.written).toBe(result.files);
    expect(tree(b)).toEqual(tree(a));
    for (const f of tree(a)) expect(read(b, f)).toBe(read(a, f));
    expect(readdirSync(b).sort()).toEqual(["dev", "prod", "staging"]);
  });
});
