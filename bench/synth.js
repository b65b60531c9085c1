/**
 * `npm run bench:synth`: synthesizes a generated config with 200 services in 3 environments and prints
 * wall time and peak memory (target: under 1 s and 300 MB).
 *
 * - cold: a fresh `node` process doing the whole `berth synth` job once (module loading included),
 *   as a user running the CLI sees it; peak memory is that process's maximum resident set size.
 * - warm: the median of several runs in one process (the pipeline alone, JIT warmed up).
 *
 * When the comparison is installed (`bash bench/cdk/install.sh`), it also synthesizes the equivalent
 * AWS CDK app (VPC, cluster, 200 Fargate services behind one ALB with path rules, per environment) in a
 * fresh process and prints the ratios.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const SERVICES = Number(process.env.BENCH_SERVICES ?? 200);
const WARM_RUNS = 7;

/** One synth, the way `berth synth` does it: validate, resolve, render, print and write atomically. */
async function synthOnce(outDir) {
  const { berthConfig } = await import("./generated-config.js");
  const { validateConfig } = await import("../dist/config/validate.js");
  const { resolveModel } = await import("../dist/model/resolve.js");
  const { renderStacks } = await import("../dist/terraform/render.js");
  const { writeStacks } = await import("../dist/terraform/write.js");
  const t0 = performance.now();
  const config = validateConfig(berthConfig(SERVICES), "bench");
  const model = resolveModel(config);
  const t1 = performance.now();
  const stacks = renderStacks(model);
  const t2 = performance.now();
  const written = writeStacks(stacks, outDir);
  const t3 = performance.now();
  return { stacks, files: written.files, phases: { resolve: t1 - t0, render: t2 - t1, write: t3 - t2 } };
}

/**
 * What the filesystem alone costs: the same directories and files written with plain writeFileSync,
 * no berth code. On some sandboxed filesystems creating a file costs about a millisecond, which then
 * dominates the synth time; this figure makes the rest readable.
 */
async function filesystemBaseline(stacks, dir) {
  const { stackFiles } = await import("../dist/terraform/render.js");
  const texts = stacks.map((s) => [s.path, stackFiles(s)]);
  const start = performance.now();
  for (const [path, files] of texts) {
    mkdirSync(join(dir, path), { recursive: true });
    for (const [name, text] of files) writeFileSync(join(dir, path, name), text);
  }
  return performance.now() - start;
}

function maxRssMb() {
  // resourceUsage().maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}

/** Child mode: run one synth in this fresh process and print its figures as JSON. */
async function child() {
  const out = mkdtempSync(join(tmpdir(), "berth-bench-"));
  const start = performance.now();
  const { stacks, files, phases } = await synthOnce(join(out, "out"));
  const ms = performance.now() - start;
  // performance.now() counts from this process's start: the whole job as a CLI user waits for it.
  const processMs = performance.now();
  const rssMb = maxRssMb();
  const fsMs = await filesystemBaseline(stacks, join(out, "baseline"));
  rmSync(out, { recursive: true, force: true });
  process.stdout.write(`\n${JSON.stringify({ ms, processMs, rssMb, stacks: stacks.length, files, phases, fsMs })}\n`);
}

/** Runs a benchmark child process; its last stdout line is its figures as JSON. */
function runChild(args) {
  const child = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 26 });
  if (child.status !== 0) {
    process.stderr.write(child.stderr);
    throw new Error(`${args.join(" ")} exited with ${child.status}`);
  }
  return JSON.parse(child.stdout.trim().split("\n").at(-1));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const fmtMs = (ms) => `${ms.toFixed(0)} ms`;
const fmtMb = (mb) => `${mb.toFixed(0)} MB`;

async function main() {
  console.log(`berth synth benchmark: ${SERVICES} services × 3 environments\n`);

  const cold = runChild([fileURLToPath(import.meta.url), "--child"]);
  console.log(`cold (fresh process)   synth ${fmtMs(cold.ms)}, whole process ${fmtMs(cold.processMs)}, peak RSS ${fmtMb(cold.rssMb)}`);
  console.log(`                       ${cold.stacks} stacks, ${cold.files} files`);
  const p = cold.phases;
  console.log(`                       validate + resolve ${fmtMs(p.resolve)}, render ${fmtMs(p.render)}, print + write ${fmtMs(p.write)}`);
  console.log(`filesystem baseline    the same files with plain writeFileSync: ${fmtMs(cold.fsMs)}`);
  console.log(`                       berth without the filesystem's share: ${fmtMs(cold.processMs - cold.fsMs)}`);

  const out = mkdtempSync(join(tmpdir(), "berth-bench-"));
  const times = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    const start = performance.now();
    await synthOnce(join(out, `out-${i}`));
    times.push(performance.now() - start);
  }
  rmSync(out, { recursive: true, force: true });
  console.log(`warm (median of ${WARM_RUNS})     synth ${fmtMs(median(times))}, peak RSS of this process ${fmtMb(maxRssMb())}`);

  const met = (ok) => (ok ? "met" : "NOT met");
  console.log(`\ntarget < 1 s (cold whole process): ${met(cold.processMs < 1000)}; without the filesystem's share: ${met(cold.processMs - cold.fsMs < 1000)}`);
  console.log(`target < 300 MB peak RSS: ${met(cold.rssMb < 300)}`);

  const cdkApp = join(here, "cdk", "app.js");
  if (existsSync(join(here, "cdk", "node_modules", "aws-cdk-lib"))) {
    const cdk = runChild([cdkApp, String(SERVICES)]);
    console.log(`\nAWS CDK ${cdk.version} (fresh process) synth ${fmtMs(cdk.ms)}, whole process ${fmtMs(cdk.processMs)}, peak RSS ${fmtMb(cdk.rssMb)}`);
    console.log(`                       ${cdk.stacks} stacks, ${cdk.resources} CloudFormation resources`);
    console.log(`ratio CDK / berth      time ×${(cdk.processMs / cold.processMs).toFixed(1)}, memory ×${(cdk.rssMb / cold.rssMb).toFixed(1)}`);
  } else {
    console.log("\n(AWS CDK comparison not installed: `bash bench/cdk/install.sh` to add it)");
  }
}

if (process.argv.includes("--child")) await child();
else await main();
