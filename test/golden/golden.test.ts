/**
 * Golden files: the synthesized output of every example, kept in `test/golden/<example>/`. A change to
 * any rendered file fails here with the file named; read the diff, then `npm run golden` accepts it.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { stackFiles } from "../../src/terraform/render.js";
import { exampleNames, loadExample } from "../support/examples.js";

const GOLDEN = import.meta.dirname;
const UPDATE = process.env.BERTH_UPDATE_GOLDEN === "1";

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => relative(dir, join(d.parentPath, d.name)))
      .sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
}

describe.each(exampleNames())("golden output of example %s", (name) => {
  it("is byte-identical to test/golden", async () => {
    const { stacks } = await loadExample(name);
    const rendered = new Map<string, string>();
    for (const stack of stacks) for (const [file, text] of stackFiles(stack)) rendered.set(join(stack.path, file), text);
    const dir = join(GOLDEN, name);
    if (UPDATE) {
      rmSync(dir, { recursive: true, force: true });
      for (const [file, text] of rendered) {
        mkdirSync(join(dir, file, ".."), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
    }
    expect([...rendered.keys()].sort()).toEqual(listFiles(dir));
    for (const [file, text] of rendered) expect(text, `${name}/${file} differs from test/golden (accept with npm run golden)`).toBe(readFileSync(join(dir, file), "utf8"));
  });
});
