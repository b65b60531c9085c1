/** Tests the terraform driver against a fake terraform script: logging, errors, exit codes and SIGINT. */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TerraformError } from "../errors.js";
import { fmtCheck, init, runTerraform, tail, type TerraformContext } from "./driver.js";

// Behaves by its first argument, like terraform's subcommands.
const FAKE = `#!/bin/sh
case "$1" in
  ok) echo "out: $PWD"; echo "warn" >&2 ;;
  fail) i=1; while [ $i -le 30 ]; do echo "err line $i" >&2; i=$((i+1)); done; exit 1 ;;
  fmt) echo "main.tf"; exit 3 ;;
  show) echo '{"format_version":"1.2"}' ;;
  sleep) trap 'echo "Interrupt received" >&2; exit 130' INT; echo started; while true; do sleep 0.05; done ;;
esac
`;

function context(signal?: AbortSignal): TerraformContext & { logFile: string } {
  const dir = mkdtempSync(join(tmpdir(), "berth-driver-"));
  const binary = join(dir, "terraform");
  writeFileSync(binary, FAKE);
  chmodSync(binary, 0o755);
  return { tf: { binary, env: process.env }, dir, stack: "dev/us-east-1/network", logFile: join(dir, "logs", "network.log"), signal };
}

describe("runTerraform", () => {
  it("returns the output and appends both streams to the log file", async () => {
    const ctx = context();
    const result = await runTerraform(ctx, ["ok", "-x"]);
    expect(result).toEqual({ exitCode: 0, stdout: `out: ${ctx.dir}\n`, stderr: "warn\n" });
    await runTerraform(ctx, ["ok"]);
    const log = readFileSync(ctx.logFile, "utf8");
    expect(log).toContain(`$ ${ctx.tf.binary} ok -x\n  (in ${ctx.dir})\nout: ${ctx.dir}\nwarn\nexit 0\n`);
    expect(log.match(/exit 0/g)).toHaveLength(2);
  });

  it("fails with a TerraformError carrying the last 20 lines of stderr", async () => {
    const err = await runTerraform(context(), ["fail"]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TerraformError);
    const tfErr = err as TerraformError;
    expect(tfErr).toMatchObject({ stackId: "dev/us-east-1/network", command: "fail", tfExitCode: 1 });
    expect(tfErr.stderrTail.split("\n")).toEqual(Array.from({ length: 20 }, (_, i) => `err line ${i + 11}`));
    expect(tfErr.message).toMatch(/^terraform fail failed in stack dev\/us-east-1\/network \(exit 1\)\nerr line 11/);
  });

  it("accepts the exit codes a command declares as normal", async () => {
    expect(await fmtCheck(context())).toEqual(["main.tf"]);
  });

  it("sends SIGINT to terraform on abort and rejects", async () => {
    const controller = new AbortController();
    const ctx = context(controller.signal);
    const pending = runTerraform(ctx, ["sleep"]);
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    await expect(pending).rejects.toThrow(/terraform sleep failed .*\(exit 130\)\nInterrupt received/);
    expect(readFileSync(ctx.logFile, "utf8")).toContain("Interrupt received\nexit 130\n");
  });

  it("does not start when already aborted", async () => {
    await expect(runTerraform(context(AbortSignal.abort()), ["ok"])).rejects.toThrow(/interrupted before it started/);
  });

  it("reports a missing binary as a usage error", async () => {
    const ctx = { ...context(), tf: { binary: "/nonexistent/terraform", env: process.env } };
    await expect(runTerraform(ctx, ["ok"])).rejects.toThrow(/terraform was not found/);
  });

  it("keeps large machine output out of the log", async () => {
    const ctx = context();
    const { stdout } = await runTerraform(ctx, ["show"], { logStdout: false });
    expect(JSON.parse(stdout)).toEqual({ format_version: "1.2" });
    expect(readFileSync(ctx.logFile, "utf8")).toContain("(25 characters of output not logged)");
  });
});

describe("tail", () => {
  it("drops blank lines and diagnostic box edges", () => {
    expect(tail("╷\n│ Error: x\n│\n╵\n\n", 5)).toBe("│ Error: x\n│");
  });
});

describe("init with a shared plugin cache", () => {
  // A fake init that records when it starts and ends, and fails if another init is inside the cache.
  const FAKE_INIT = `#!/bin/sh
marker="$TF_PLUGIN_CACHE_DIR/filling"
if [ -e "$marker" ]; then echo "mkdir $TF_PLUGIN_CACHE_DIR/registry.terraform.io: file exists" >&2; exit 1; fi
touch "$marker"; echo "start $(date +%s%N)" >> "$TF_PLUGIN_CACHE_DIR/runs"
sleep 0.2
echo "end $(date +%s%N)" >> "$TF_PLUGIN_CACHE_DIR/runs"; rm "$marker"
`;

  function sharedCache(n: number): TerraformContext[] {
    const root = mkdtempSync(join(tmpdir(), "berth-init-"));
    const binary = join(root, "terraform");
    writeFileSync(binary, FAKE_INIT);
    chmodSync(binary, 0o755);
    const env = { ...process.env, TF_PLUGIN_CACHE_DIR: join(root, "cache") };
    return Array.from({ length: n }, (_, i) => ({ tf: { binary, env }, dir: root, stack: `dev/us-east-1/s${i}`, logFile: join(root, "logs", `s${i}.log`) }));
  }

  it("lets inits that share a plugin cache take turns, so none sees another's half-filled cache", async () => {
    const contexts = sharedCache(4);
    const results = await Promise.all(contexts.map((ctx) => init(ctx)));
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0, 0]);
    const runs = readFileSync(join(contexts[0]!.tf.env.TF_PLUGIN_CACHE_DIR!, "runs"), "utf8").trim().split("\n");
    // Strictly alternating start/end: no two inits overlapped.
    expect(runs.map((l) => l.split(" ")[0])).toEqual(["start", "end", "start", "end", "start", "end", "start", "end"]);
  });
});
