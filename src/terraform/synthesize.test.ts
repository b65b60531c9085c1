/** synthesize on this thread (the sources have no built worker): the same files and summary as rendering then writeStacks. */
import { describe, expect, it } from "vitest";
import { loadExample } from "../../test/support/examples.js";
import { read, tempDir, tree } from "../../test/support/write-fixtures.js";
import { synthesize } from "./synthesize.js";
import { writeStacks } from "./write.js";

describe("synthesize", () => {
  it("writes what writeStacks writes for the rendered stacks, and lists each stack with its files and dependencies", async () => {
    const { model, stacks } = await loadExample("sarc-ng");
    const a = tempDir();
    const b = tempDir();
    const written = writeStacks(stacks, a);
    const result = await synthesize(model, b, { threads: 4 });
    expect(result.threads).toBe(1);
    expect(result).toMatchObject({ files: written.files, written: written.written, unchanged: 0, removed: 0 });
    expect(tree(b)).toEqual(tree(a));
    for (const f of tree(a)) expect(read(b, f)).toBe(read(a, f));
    expect(result.stacks).toEqual(stacks.map((s) => ({ path: s.path, files: s.files.length, dependsOn: s.dependsOn })));
  });
});
