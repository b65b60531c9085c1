/**
 * Tests the provider server and the per-worker pool against a fake provider binary (a node script that
 * prints a reattach line and stays up): reuse per worker, fallback, crashes, retry, and that no server
 * outlives the pool or berth (close, SIGINT, SIGTERM, process.exit).
 */
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { testStack } from "../../test/support/stack.js";
import type { Stack } from "../terraform/stack.js";
import { init, type TerraformContext } from "./driver.js";
import type { PinnedProvider } from "./provider-pin.js";
import { disabledBy, ProviderPool, type ProviderPoolOptions } from "./provider-pool.js";
import { parseReattach, ProviderServer, ProviderStartError } from "./provider-server.js";

const ADDRESS = "registry.terraform.io/hashicorp/aws";

// FAKE_PROVIDER_MODE: ok (serve until killed), exit (die at once), silent (never ready), other (another address).
const FAKE = `#!/usr/bin/env node
const net = require("node:net");
const { join } = require("node:path");
const mode = process.env.FAKE_PROVIDER_MODE || "ok";
if (process.argv[2] !== "-debug") { console.error("not started with -debug"); process.exit(2); }
console.error("Starting fake provider...");
if (mode === "exit") { console.error("fatal: cannot start"); process.exit(1); }
if (mode === "silent") { setInterval(() => {}, 1000); return; }
const sock = join(process.env.FAKE_PROVIDER_SOCKETS, "plugin" + process.pid);
net.createServer().listen(sock, () => {
  const address = mode === "other" ? "registry.opentofu.org/hashicorp/aws" : "${ADDRESS}";
  const config = { [address]: { Protocol: "grpc", ProtocolVersion: 5, Pid: process.pid, Test: true, Addr: { Network: "unix", String: sock } } };
  process.stdout.write("Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS environment variable with the following:\\n\\n\\tTF_REATTACH_PROVIDERS='" + JSON.stringify(config) + "'\\n\\n");
});
`;

function fakeProvider(): { dir: string; binary: string; env: NodeJS.ProcessEnv; pin: () => Promise<PinnedProvider> } {
  const dir = mkdtempSync(join(tmpdir(), "berth-provider-"));
  const binary = join(dir, "terraform-provider-aws_v5.100.0_x5");
  writeFileSync(binary, FAKE);
  chmodSync(binary, 0o755);
  writeFileSync(join(dir, ".terraform.lock.hcl"), "# lock\n");
  const pinned: PinnedProvider = {
    address: ADDRESS,
    version: "5.100.0",
    platform: "linux_amd64",
    packageDir: dir,
    binary,
    lockFile: join(dir, ".terraform.lock.hcl"),
  };
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, FAKE_PROVIDER_SOCKETS: dir };
  return { dir, binary, env, pin: async () => pinned };
}

/** Running, and not a zombie waiting for its parent. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

async function gone(pid: number, ms = 5_000): Promise<boolean> {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await new Promise((r) => setTimeout(r, 25))) if (!running(pid)) return true;
  return false;
}

function stack(id: string, providers = 1): Stack {
  return testStack({
    id,
    providers: Array.from({ length: providers }, (_, i) => ({ alias: i === 0 ? undefined : `p${i}`, region: "us-east-1", defaultTags: {} })),
  });
}

function context(dir: string, env: NodeJS.ProcessEnv, id: string): TerraformContext {
  return { tf: { binary: "terraform", env }, dir: join(dir, "work", id), stack: `dev/us-east-1/${id}`, logFile: join(dir, "logs", `${id}.log`) };
}

/** What a terraform command of the stack gets: its environment and the log note. */
const use = (ctx: TerraformContext, command = "plan") => ctx.provider!.prepare(command, ctx.dir);

/** The server a stack's command is attached to (its pid), if any. */
const attachedPid = async (ctx: TerraformContext): Promise<number | undefined> => {
  const value = (await use(ctx)).env.TF_REATTACH_PROVIDERS;
  return value ? (JSON.parse(value) as Record<string, { Pid: number }>)[ADDRESS]!.Pid : undefined;
};
const noteOf = async (ctx: TerraformContext) => (await use(ctx)).note;

describe("ProviderServer", () => {
  it("starts, reports how to attach, and stops with its socket removed", async () => {
    const fake = fakeProvider();
    const server = await ProviderServer.start({ binary: fake.binary, address: ADDRESS, env: fake.env, cwd: fake.dir });
    expect(server.alive).toBe(true);
    const config = JSON.parse(server.reattach)[ADDRESS];
    expect(config).toMatchObject({ Protocol: "grpc", ProtocolVersion: 5, Pid: server.pid, Test: true, Addr: { Network: "unix" } });
    expect(existsSync(config.Addr.String)).toBe(true);
    await server.stop();
    expect(server.alive).toBe(false);
    expect(await gone(server.pid)).toBe(true);
    expect(existsSync(config.Addr.String)).toBe(false);
  });

  it("refuses a binary that exits, never gets ready, or serves another provider", async () => {
    const fake = fakeProvider();
    const start = (mode: string, timeoutMs = 10_000) =>
      ProviderServer.start({ binary: fake.binary, address: ADDRESS, env: { ...fake.env, FAKE_PROVIDER_MODE: mode }, cwd: fake.dir, timeoutMs });
    await expect(start("exit")).rejects.toThrow(/exited \(exit 1\) before it was ready; it printed:\nStarting fake provider\.\.\.\nfatal: cannot start/);
    await expect(start("silent", 500)).rejects.toThrow(ProviderStartError);
    await expect(start("silent", 500)).rejects.toThrow(/printed no TF_REATTACH_PROVIDERS line within 500 ms/);
    await expect(start("other")).rejects.toThrow(/serves registry\.opentofu\.org\/hashicorp\/aws, not registry\.terraform\.io\/hashicorp\/aws/);
    await expect(ProviderServer.start({ binary: join(fake.dir, "missing"), address: ADDRESS, env: fake.env, cwd: fake.dir })).rejects.toThrow(
      /could not be started/,
    );
  });

  it("parses only complete reattach configs, and always marks them Test", () => {
    const addr = { Network: "unix", String: "/tmp/plugin1" };
    expect(parseReattach(JSON.stringify({ [ADDRESS]: { Protocol: "grpc", ProtocolVersion: 5, Pid: 7, Test: false, Addr: addr } }), ADDRESS)).toEqual({
      Protocol: "grpc",
      ProtocolVersion: 5,
      Pid: 7,
      Test: true,
      Addr: addr,
    });
    expect(parseReattach("{", ADDRESS)).toMatch(/not JSON/);
    expect(parseReattach(JSON.stringify({ [ADDRESS]: { Pid: 7 } }), ADDRESS)).toMatch(/without Protocol/);
  });
});

// A failed assertion must not leave servers behind: every pool a test makes is closed after it.
const pools: ProviderPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});
const newPool = (opts: ProviderPoolOptions) => {
  const pool = new ProviderPool(opts);
  pools.push(pool);
  return pool;
};

describe("ProviderPool", () => {
  it("gives each worker one server, reused by its stacks one after another, and stops them all on close", async () => {
    const fake = fakeProvider();
    const pool = newPool({ tf: { binary: "terraform", env: fake.env }, outDir: fake.dir, pin: fake.pin });
    const seen: [(number | undefined)[], (number | undefined)[]] = [[], []];
    const worker = async (w: 0 | 1, ids: string[]) => {
      for (const id of ids) await pool.run(w, context(fake.dir, fake.env, id), stack(id), async (ctx) => seen[w].push(await attachedPid(ctx)));
    };
    await Promise.all([worker(0, ["a", "b", "c"]), worker(1, ["d", "e"])]);
    expect(new Set(seen[0]).size).toBe(1);
    expect(new Set(seen[1]).size).toBe(1);
    const [p0, p1] = [seen[0][0]!, seen[1][0]!];
    expect(p0).not.toBe(p1);
    expect(running(p0) && running(p1)).toBe(true);
    expect(existsSync(join(fake.dir, "logs", "b.log"))).toBe(false);
    await pool.close();
    expect(await gone(p0)).toBe(true);
    expect(await gone(p1)).toBe(true);
  });

  it("pins and starts nothing for a stack that runs no terraform command (unchanged, deferred)", async () => {
    const fake = fakeProvider();
    let pinned = 0;
    const pool = newPool({ tf: { binary: "terraform", env: fake.env }, outDir: fake.dir, pin: () => (pinned++, fake.pin()) });
    expect(await pool.run(0, context(fake.dir, fake.env, "a"), stack("a"), async () => "unchanged")).toBe("unchanged");
    expect(pinned).toBe(0);
    expect(
      await pool.run(0, context(fake.dir, fake.env, "b"), stack("b"), async (ctx) => (await use(ctx, "init"), use(ctx, "plan")).then((u) => u.note)),
    ).toMatch(/^attached/);
    expect(pinned).toBe(1);
  });

  it("settles the provider before a stack's init takes the plugin cache lock, which the pin's own init needs", async () => {
    const fake = fakeProvider();
    const binary = join(fake.dir, "terraform");
    writeFileSync(binary, "#!/bin/sh\nexit 0\n");
    chmodSync(binary, 0o755);
    const tf = { binary, env: { ...fake.env, TF_PLUGIN_CACHE_DIR: join(fake.dir, "cache") } };
    const pin = async () => {
      await init({ tf, dir: fake.dir, stack: "provider pin", logFile: join(fake.dir, "pin.log") }, ["-backend=false"]);
      return fake.pin();
    };
    const pool = newPool({ tf, outDir: fake.dir, pin });
    const ctx = { ...context(fake.dir, tf.env, "a"), tf };
    mkdirSync(ctx.dir, { recursive: true });
    await pool.run(0, ctx, stack("a"), (c) => init(c, ["-backend=true"]));
    expect(readFileSync(ctx.logFile, "utf8")).toMatch(
      /init -input=false -no-color -backend=true\n {2}\(in .*\)\n {2}\(AWS provider: attached to berth's provider server/,
    );
  }, 15_000);

  it("says in the stack's log which path each command took", async () => {
    const fake = fakeProvider();
    const pool = newPool({ tf: { binary: "terraform", env: fake.env }, outDir: fake.dir, pin: fake.pin });
    const notes: string[] = [];
    await pool.run(0, context(fake.dir, fake.env, "a"), stack("a"), async (ctx) => notes.push(await noteOf(ctx)));
    await pool.run(0, context(fake.dir, fake.env, "b"), stack("b", 2), async (ctx) => notes.push(await noteOf(ctx)));
    await pool.close();
    expect(notes[0]).toMatch(/^attached to berth's provider server for worker 0 \(registry\.terraform\.io\/hashicorp\/aws 5\.100\.0, pid \d+\)$/);
    expect(notes[1]).toBe('started by terraform for each command (2 provider "aws" configurations would share one server)');
  });

  it("falls back to the normal path when the binary cannot serve, with the reason", async () => {
    const fake = fakeProvider();
    const env = { ...fake.env, FAKE_PROVIDER_MODE: "exit" };
    const pool = newPool({ tf: { binary: "terraform", env }, outDir: fake.dir, pin: fake.pin });
    const pids: (number | undefined)[] = [];
    const notes: string[] = [];
    for (const id of ["a", "b"]) {
      await pool.run(0, context(fake.dir, env, id), stack(id), async (ctx) => {
        pids.push(await attachedPid(ctx));
        notes.push(await noteOf(ctx));
      });
    }
    await pool.close();
    expect(pids).toEqual([undefined, undefined]);
    expect(notes[1]).toMatch(/^started by terraform for each command \(.*terraform-provider-aws_v5\.100\.0_x5 -debug exited \(exit 1\) before it was ready/);
  });

  it("falls back when the pin fails (OpenTofu, no hashicorp/aws) and when reuse is turned off", async () => {
    const fake = fakeProvider();
    const failing = newPool({
      tf: { binary: "tofu", env: fake.env },
      outDir: fake.dir,
      pin: () => Promise.reject(new Error("terraform init installed no registry.terraform.io/hashicorp/aws package")),
    });
    const note = await failing.run(0, context(fake.dir, fake.env, "a"), stack("a"), async (ctx) => ((await attachedPid(ctx)) ? "attached" : await noteOf(ctx)));
    expect(note).toBe(
      "started by terraform for each command (berth could not pin hashicorp/aws: terraform init installed no registry.terraform.io/hashicorp/aws package)",
    );
    await failing.close();

    expect(disabledBy({ BERTH_PROVIDER_REUSE: "0" })).toBe("BERTH_PROVIDER_REUSE is off");
    expect(disabledBy({ AWS_CA_BUNDLE: "/etc/ca.pem" })).toMatch(/AWS_CA_BUNDLE is set/);
    expect(disabledBy({ TF_REATTACH_PROVIDERS: "{}" })).toMatch(/already set by the caller/);
    expect(disabledBy({ TF_LOG: "debug" })).toMatch(/TF_LOG is set/);
    expect(disabledBy({})).toBeUndefined();
    let pinned = false;
    const off = newPool({
      tf: { binary: "terraform", env: { ...fake.env, BERTH_PROVIDER_REUSE: "0" } },
      outDir: fake.dir,
      pin: () => ((pinned = true), fake.pin()),
    });
    expect(await off.run(0, context(fake.dir, fake.env, "b"), stack("b"), async (ctx) => noteOf(ctx))).toBe(
      "started by terraform for each command (BERTH_PROVIDER_REUSE is off)",
    );
    expect(pinned).toBe(false);
    await off.close();
  });

  it("starts a new server after a crash, and turns reuse off after repeated crashes", async () => {
    const fake = fakeProvider();
    const pool = newPool({ tf: { binary: "terraform", env: fake.env }, outDir: fake.dir, pin: fake.pin });
    const crash = async (ctx: TerraformContext) => {
      const pid = (await attachedPid(ctx))!;
      process.kill(pid, "SIGKILL");
      await gone(pid);
      await new Promise((r) => setTimeout(r, 50));
      throw new Error("terraform plan failed: plugin exited");
    };
    const first = await pool.run(0, context(fake.dir, fake.env, "a"), stack("a"), async (ctx) => await attachedPid(ctx));
    await expect(pool.run(0, context(fake.dir, fake.env, "b"), stack("b"), crash)).rejects.toThrow(/plugin exited/);
    expect(readFileSync(join(fake.dir, "logs", "b.log"), "utf8")).toMatch(
      /the provider server \(pid \d+\) died; the next stack on this worker starts a new one/,
    );
    const second = await pool.run(0, context(fake.dir, fake.env, "c"), stack("c"), async (ctx) => await attachedPid(ctx));
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    await expect(pool.run(0, context(fake.dir, fake.env, "d"), stack("d"), crash)).rejects.toThrow(/plugin exited/);
    expect(await pool.run(0, context(fake.dir, fake.env, "e"), stack("e"), async (ctx) => await attachedPid(ctx))).toBeUndefined();
    expect(pool.disabled).toBe("provider servers died 2 times in this run");
    await pool.close();
  });

  it("retries a failed plan once without the server, and keeps to the normal path when that succeeds", async () => {
    const fake = fakeProvider();
    const pool = newPool({ tf: { binary: "terraform", env: fake.env }, outDir: fake.dir, pin: fake.pin });
    const calls: string[] = [];
    const work = async (ctx: TerraformContext) => {
      const attached = (await attachedPid(ctx)) !== undefined;
      calls.push(attached ? "attached" : "normal");
      if (attached) throw new Error("Error: loading configuration: unable to add custom RootCAs HTTPClient");
      return "planned";
    };
    expect(await pool.run(0, context(fake.dir, fake.env, "a"), stack("a"), work, { retry: true })).toBe("planned");
    expect(calls).toEqual(["attached", "normal"]);
    expect(pool.disabled).toMatch(/^dev\/us-east-1\/a failed attached to a provider server and succeeded without \(Error: loading configuration/);
    expect(readFileSync(join(fake.dir, "logs", "a.log"), "utf8")).toMatch(
      /it failed while attached; planning dev\/us-east-1\/a once more with terraform starting the provider/,
    );
    // Without `retry` (an apply) the failure stands.
    const other = newPool({ tf: { binary: "terraform", env: fake.env }, outDir: fake.dir, pin: fake.pin });
    await expect(other.run(0, context(fake.dir, fake.env, "b"), stack("b"), work)).rejects.toThrow(/RootCAs/);
    await Promise.all([pool.close(), other.close()]);
  });

  it("installs the pin into the work dir before init, on both paths", async () => {
    const fake = fakeProvider();
    const pool = newPool({ tf: { binary: "terraform", env: fake.env }, outDir: fake.dir, pin: fake.pin });
    const dir = await pool.run(0, context(fake.dir, fake.env, "a"), stack("a"), async (ctx) => (await use(ctx, "init"), ctx.dir));
    await pool.close();
    expect(readFileSync(join(dir, ".terraform.lock.hcl"), "utf8")).toBe("# lock\n");
    expect(
      existsSync(
        join(dir, ".terraform", "providers", "registry.terraform.io", "hashicorp", "aws", "5.100.0", "linux_amd64", "terraform-provider-aws_v5.100.0_x5"),
      ),
    ).toBe(true);
  });
});

describe("no provider server outlives berth", () => {
  // A berth-like process: starts a pool server, prints its pid, then waits for the test to end it.
  const CHILD = `
import { ProviderPool } from ${JSON.stringify(resolve("src/runner/provider-pool.ts"))};
const [binary, dir, how] = process.argv.slice(2);
const pinned = { address: "${ADDRESS}", version: "5.100.0", platform: "linux_amd64", packageDir: dir, binary, lockFile: dir + "/.terraform.lock.hcl" };
const env = { PATH: process.env.PATH, FAKE_PROVIDER_SOCKETS: dir };
const pool = new ProviderPool({ tf: { binary: "terraform", env }, outDir: dir, pin: async () => pinned });
const ctx = { tf: { binary: "terraform", env }, dir: dir + "/work", stack: "s", logFile: dir + "/s.log" };
const stack = { id: "s", env: "dev", region: "us-east-1", path: "dev/us-east-1/s", files: [], dependsOn: [], inputs: [], outputs: [], providers: [{ region: "us-east-1", defaultTags: {} }] };
await pool.run(0, ctx, stack, async (c) => {
  const { env: used } = await c.provider.prepare("plan", c.dir);
  console.log(JSON.parse(used.TF_REATTACH_PROVIDERS)["${ADDRESS}"].Pid);
  // Exits once the test has seen the server running (a line on stdin), so that check cannot race the exit.
  if (how === "exit") process.stdin.once("data", () => process.exit(3));
  await new Promise(() => setInterval(() => {}, 1000));
});
`;

  const children: number[] = [];
  afterEach(() => {
    for (const pid of children.splice(0)) if (running(pid)) process.kill(pid, "SIGKILL");
  });

  async function berthLike(how: "signal" | "exit", signal?: NodeJS.Signals): Promise<{ server: number; code: number | null; signal: NodeJS.Signals | null }> {
    const fake = fakeProvider();
    const script = join(fake.dir, "child.ts");
    writeFileSync(script, CHILD);
    const child = spawn(resolve("node_modules/.bin/jiti"), [script, fake.binary, fake.dir, how], { stdio: ["pipe", "pipe", "inherit"] });
    children.push(child.pid!);
    const server = await new Promise<number>((res, rej) => {
      child.stdout.on("data", (d: Buffer) => {
        children.push(Number(d.toString().trim()));
        res(Number(d.toString().trim()));
      });
      child.on("exit", (code) => rej(new Error(`child exited ${code} before it started a server`)));
    });
    expect(running(server)).toBe(true);
    if (how === "exit") child.stdin.write("exit\n");
    if (signal) child.kill(signal);
    const [code, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((res) => child.on("exit", (c, s) => res([c, s])));
    return { server, code, signal: sig };
  }

  it("kills the server when berth gets a SIGINT it does not handle itself (Ctrl-C), and berth still ends by it", async () => {
    const r = await berthLike("signal", "SIGINT");
    expect(r.signal).toBe("SIGINT");
    expect(await gone(r.server)).toBe(true);
  }, 30_000);

  it("kills the server on SIGTERM", async () => {
    const r = await berthLike("signal", "SIGTERM");
    expect(r.signal).toBe("SIGTERM");
    expect(await gone(r.server)).toBe(true);
  }, 30_000);

  it("kills the server when berth calls process.exit", async () => {
    const r = await berthLike("exit");
    expect(r.code).toBe(3);
    expect(await gone(r.server)).toBe(true);
  }, 30_000);
});
