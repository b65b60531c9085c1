/**
 * `npm run bench:synth`: synthesizes a generated config with 200 services in 3 environments and prints,
 * side by side from one run, each figure the median of BENCH_ROUNDS rounds (default 3):
 *
 * - berth cold: a fresh `node` process doing the whole `berth synth` job into an empty folder (module
 *   loading included), as a user running the CLI sees it, with its phases and peak memory;
 * - berth re-synth, unchanged: the same job again in a fresh process over that output (writes nothing);
 * - the filesystem floor: the same directories and files written with plain mkdirSync + writeFileSync
 *   in a fresh process, texts printed beforehand (what the disk alone costs, no berth code);
 * - AWS CDK, when installed (`bash bench/cdk/install.sh`): the equivalent CDK app (VPC, cluster, 200
 *   Fargate services behind one ALB with path rules, per environment) in a fresh process, once, with
 *   the ratio to berth cold (goal: CDK ≥ 30× berth's time).
 *
 * Each round runs berth and the floor in one folder (BENCH_DIR, default the system's temporary folder),
 * taking turns at going first, so a busy or slow disk weighs on both alike.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const SERVICES = Number(process.env.BENCH_SERVICES ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BENCH_DIR = process.env.BENCH_DIR ?? tmpdir();
const CDK_GOAL = 30;

async function loadBerth() {
  const { berthConfig } = await import("./generated-config.js");
  const { validateConfig } = await import("../dist/config/validate.js");
  const { resolveModel } = await import("../dist/model/resolve.js");
  const { renderStacks, stackFiles } = await import("../dist/terraform/render.js");
  const { synthesize } = await import("../dist/terraform/synthesize.js");
  return { berthConfig, validateConfig, resolveModel, renderStacks, stackFiles, synthesize };
}

/** Child: one `berth synth` the way the CLI does it — validate, resolve, then render, print and write (`synthesize`). */
async function childSynth(outDir) {
  const b = await loadBerth();
  const t0 = performance.now();
  const config = b.validateConfig(b.berthConfig(SERVICES), "bench");
  const model = b.resolveModel(config);
  const t1 = performance.now();
  const threads = process.env.BERTH_SYNTH_THREADS ? Number(process.env.BERTH_SYNTH_THREADS) : undefined;
  const written = await b.synthesize(model, outDir, { threads });
  const t2 = performance.now();
  // performance.now() counts from this process's start: the whole job as a CLI user waits for it.
  return {
    processMs: t2,
    phases: { load: t0, resolve: t1 - t0, write: t2 - t1 },
    threads: written.threads,
    stacks: written.stacks.length,
    files: written.files,
    written: written.written,
    unchanged: written.unchanged,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** Child: the same files with plain mkdirSync + writeFileSync; only the writing is timed. */
async function childFloor(outDir) {
  const b = await loadBerth();
  const stacks = b.renderStacks(b.resolveModel(b.validateConfig(b.berthConfig(SERVICES), "bench")));
  const texts = stacks.map((s) => [s.path, b.stackFiles(s)]);
  const start = performance.now();
  for (const [path, files] of texts) {
    mkdirSync(join(outDir, path), { recursive: true });
    for (const [name, text] of files) writeFileSync(join(outDir, path, name), text);
  }
  return { fsMs: performance.now() - start };
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

const self = fileURLToPath(import.meta.url);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const med = (runs, f) => median(runs.map(f));
const fmtMs = (ms) => `${ms.toFixed(0)} ms`.padStart(8);
const fmtMb = (mb) => `${mb.toFixed(0)} MB`;

async function main() {
  console.log(`berth synth benchmark: ${SERVICES} services × 3 environments, median of ${ROUNDS} rounds, in ${BENCH_DIR}\n`);
  const hasCdk = existsSync(join(here, "cdk", "node_modules", "aws-cdk-lib"));
  // CDK first, and every folder removed only at the end: deleting thousands of files makes the next
  // creations slower for a while on some disks (online discard), which would tax whoever runs next.
  const cdk = hasCdk ? runChild([join(here, "cdk", "app.js"), String(SERVICES)]) : undefined;
  const cold = [];
  const again = [];
  const floor = [];
  const dirs = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const dir = mkdtempSync(join(BENCH_DIR, "berth-bench-"));
      dirs.push(dir);
      // Alternate who goes first, so neither always meets the disk as the other left it.
      const berth = () => {
        cold.push(runChild([self, "--child-synth", join(dir, "out")]));
        again.push(runChild([self, "--child-synth", join(dir, "out")]));
      };
      const plain = () => floor.push(runChild([self, "--child-floor", join(dir, "floor")]));
      if (i % 2 === 0) (berth(), plain());
      else (plain(), berth());
    }
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
  const c = cold[0];
  const coldMs = med(cold, (r) => r.processMs);
  const floorMs = med(floor, (r) => r.fsMs);
  console.log(`${c.stacks} stacks, ${c.files} files`);
  console.log(`berth cold, whole process      ${fmtMs(coldMs)}   peak RSS ${fmtMb(med(cold, (r) => r.rssMb))}, wrote ${c.written} files`);
  console.log(
    `  of which                       node + module loading ${med(cold, (r) => r.phases.load).toFixed(0)} ms, validate + resolve ${med(cold, (r) => r.phases.resolve).toFixed(0)} ms, render + print + write ${med(cold, (r) => r.phases.write).toFixed(0)} ms on ${c.threads} thread(s)`,
  );
  const a = again[0];
  const unchanged = again.every((r) => r.written === 0)
    ? `unchanged: wrote ${a.written}, ${a.unchanged} files up to date`
    : `WROTE ${again.map((r) => r.written).join("/")} files`;
  console.log(
    `berth re-synth, whole process  ${fmtMs(med(again, (r) => r.processMs))}   ${unchanged}; render + print + compare ${med(again, (r) => r.phases.write).toFixed(0)} ms`,
  );
  console.log(`filesystem floor               ${fmtMs(floorMs)}   the same files with plain mkdirSync + writeFileSync, texts printed beforehand`);
  console.log(`  per round (cold / floor)     ${cold.map((r, i) => `${r.processMs.toFixed(0)} / ${floor[i].fsMs.toFixed(0)}`).join(", ")} ms`);
  console.log(`  render + print + write / floor ×${(med(cold, (r) => r.phases.write) / floorMs).toFixed(1)}`);
  if (cdk) {
    const ratio = cdk.processMs / coldMs;
    console.log(
      `AWS CDK ${cdk.version}, whole process ${fmtMs(cdk.processMs)}   peak RSS ${fmtMb(cdk.rssMb)}, ${cdk.stacks} stacks, ${cdk.resources} CloudFormation resources`,
    );
    console.log(
      `\nCDK / berth cold: time ×${ratio.toFixed(1)}, memory ×${(cdk.rssMb / med(cold, (r) => r.rssMb)).toFixed(1)}; goal ≥ ×${CDK_GOAL}: ${ratio >= CDK_GOAL ? "met" : "NOT met"}`,
    );
  } else {
    console.log("\n(AWS CDK comparison not installed: `bash bench/cdk/install.sh` to add it)");
  }
}

const at = process.argv.indexOf("--child-synth");
const floorAt = process.argv.indexOf("--child-floor");
if (at > 0) process.stdout.write(`\n${JSON.stringify(await childSynth(process.argv[at + 1]))}\n`);
else if (floorAt > 0) process.stdout.write(`\n${JSON.stringify(await childFloor(process.argv[floorAt + 1]))}\n`);
else await main();
