/** synthesize on this thread (the sources have no built worker): the same files and summary as rendering then writeStacks. */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { buildExampleFunctions, EXAMPLES_DIR, loadExample } from "../../test/support/examples.js";
import { read, tempDir, tree } from "../../test/support/write-fixtures.js";
import { synthesize } from "./synthesize.js";
import { writeStacks } from "./write.js";

describe("synthesize", () => {
  it("writes what writeStacks writes for the rendered stacks, and lists each stack with its files and dependencies", async () => {
    const { model, stacks } = await loadExample("sarc-ng");
    buildExampleFunctions("sarc-ng", model);
    const configDir = join(EXAMPLES_DIR, "sarc-ng");
    const a = tempDir();
    const b = tempDir();
    const written = writeStacks(stacks, a, { configDir });
    const result = await synthesize(model, b, { threads: 4, configDir });
    expect(result.threads).toBe(1);
    expect(result).toMatchObject({ files: written.files, written: written.written, unchanged: 0, removed: 0 });
    expect(tree(b)).toEqual(tree(a));
    for (const f of tree(a)) expect(read(b, f)).toBe(read(a, f));
    // A function stack's files include its package.zip.
    expect(result.stacks).toEqual(stacks.map((s) => ({ path: s.path, files: s.files.length + (s.assets?.length ?? 0), dependsOn: s.dependsOn })));
  });
});
