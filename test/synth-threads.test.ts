/**
 * `synthesize` on several threads, as the CLI runs it from the build (`dist/`, where the synth worker
 * exists): the same bytes as one thread, a worker's user error stays a user error with nothing written,
 * and Ctrl-C during a threaded synth leaves a complete output and no staging folder.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/validate.js";
import { resolveModel } from "../src/model/resolve.js";
import type { synthesize as Synthesize } from "../src/terraform/synthesize.js";
import { read, tempDir, tree } from "./support/write-fixtures.js";

const ROOT = join(import.meta.dirname, "..");
const DIST = join(ROOT, "dist", "terraform", "synthesize.js");
const { synthesize } = (await import(DIST)) as { synthesize: typeof Synthesize };
const GENERATED = join(ROOT, "bench", "generated-config.js"); // the benchmarks' 200-service application, plain JS
const { berthConfig } = (await import(GENERATED)) as { berthConfig: (services: number) => unknown };
const model = resolveModel(validateConfig(berthConfig(120), "bench"));
const snapshot = (out: string) => new Map(tree(out).map((f) => [f, read(out, f)]));

describe("synthesize on several threads", () => {
  it("writes byte-identical output to one thread, the worker taking a share of the stacks", async () => {
    const one = tempDir();
    const two = tempDir();
    const single = await synthesize(model, one, { threads: 1 });
    const multi = await synthesize(model, two, { threads: 2, waitForWorkers: true });
    expect(single.threads).toBe(1);
    expect(multi.threads).toBe(2);
    expect(multi.shares).toHaveLength(2);
    expect(multi.shares[1]).toBeGreaterThan(0);
    expect(multi.shares[0]! + multi.shares[1]!).toBe(model.environments.reduce((n, e) => n + e.stacks.length, 0));
    expect(multi.stacks).toEqual(single.stacks);
    expect(snapshot(two)).toEqual(snapshot(one));
    expect(readdirSync(two).sort()).toEqual(["dev", "prod", "staging"]);
    const again = await synthesize(model, two, { threads: 2 });
    expect(again).toMatchObject({ written: 0, unchanged: single.files, removed: 0 });
  }, 60_000);

  it("stops on a user error found in any thread, writes nothing and leaves no staging folder", async () => {
    const configDir = tempDir();
    for (const env of model.environments)
      for (const plan of env.stacks) {
        if (plan.kind !== "service") continue;
        mkdirSync(join(configDir, "terraform", plan.id), { recursive: true });
        writeFileSync(join(configDir, "terraform", plan.id, "service.tf"), "# mine\n");
      }
    const out = tempDir();
    await expect(synthesize(model, out, { threads: 2, configDir })).rejects.toMatchObject({
      name: "UsageError",
      message: expect.stringMatching(/terraform\/service-svc-\d+\/service\.tf has the name of a file berth renders/),
    });
    expect(readdirSync(out)).toEqual([]);
  }, 60_000);

  it("holds Ctrl-C until the output is complete, then ends by the signal with no staging folder left", async () => {
    const out = tempDir();
    const script = `
      const { synthesize } = await import(${JSON.stringify(DIST)});
      const { berthConfig } = await import(${JSON.stringify(GENERATED)});
      const { validateConfig } = await import(${JSON.stringify(join(ROOT, "dist", "config", "validate.js"))});
      const { resolveModel } = await import(${JSON.stringify(join(ROOT, "dist", "model", "resolve.js"))});
      const model = resolveModel(validateConfig(berthConfig(120), "bench"));
      process.stdout.write("writing\\n");
      await synthesize(model, ${JSON.stringify(out)}, { threads: 2 });
      process.stdout.write("not ended by the signal\\n");
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stdout === "writing\n") setTimeout(() => child.kill("SIGINT"), 20);
    });
    const signal = await new Promise<NodeJS.Signals | null>((r) => child.on("exit", (code, sig) => r(sig ?? (String(code) as NodeJS.Signals))));
    expect([signal, stdout]).toEqual(["SIGINT", "writing\n"]);
    expect(readdirSync(out).sort()).toEqual(["dev", "prod", "staging"]);
    const expected = tempDir();
    await synthesize(model, expected, { threads: 1 });
    expect(snapshot(out)).toEqual(snapshot(expected));
  }, 60_000);

  it("runs its workers from the bundled CLI too (bin/berth.js), with the same output as one thread", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "berth.config.mjs"), `import { berthConfig } from ${JSON.stringify(GENERATED)};\nexport default berthConfig(120);\n`);
    const run = (threads: string, out: string) =>
      spawnSync(process.execPath, [join(ROOT, "bin", "berth.js"), "synth", "-c", join(dir, "berth.config.mjs"), "-o", out], {
        env: { ...process.env, BERTH_SYNTH_THREADS: threads },
        encoding: "utf8",
      });
    const [one, two] = [tempDir(), tempDir()];
    expect(run("1", one)).toMatchObject({ status: 0, stdout: expect.stringMatching(/wrote \d+ of \d+ files .*\(0 unchanged\)\n$/) });
    expect(run("2", two)).toMatchObject({ status: 0, stdout: expect.stringMatching(/\(0 unchanged; rendered on 2 threads\)\n$/) });
    expect(snapshot(two)).toEqual(snapshot(one));
  }, 60_000);

  it("refuses a BERTH_SYNTH_THREADS that is not a number of threads (exit 2)", () => {
    const cli = spawnSync(
      process.execPath,
      [join(ROOT, "bin", "berth.js"), "synth", "-c", join(ROOT, "examples", "skyfox", "berth.config.ts"), "-o", tempDir()],
      {
        env: { ...process.env, BERTH_SYNTH_THREADS: "two" },
        encoding: "utf8",
      },
    );
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/BERTH_SYNTH_THREADS=two is not a number of threads/);
  });
});
