/**
 * `npm run bench:synth`: `berth synth` of a generated config with 200 services in 3 environments, printing
 * side by side from one run, each berth figure the median of BENCH_ROUNDS rounds (default 3):
 *
 * - berth cold: the real command (`node bin/berth.js synth -c berth.config.mjs -o <empty folder>`) in a
 *   fresh process — module loading, config loading, validation, model, render, print and write, as a
 *   user waits for it — with its peak memory; as berth runs by default (one thread), and on two
 *   (BERTH_SYNTH_THREADS=2) to show what a synth worker brings on this machine;
 * - berth re-synth, unchanged: the same command again over that output (writes nothing);
 * - the filesystem floor: the same directories and files written with plain mkdirSync + writeFileSync
 *   in a fresh process, texts printed beforehand (what the disk alone costs, no berth code);
 * - AWS CDK, when installed (`bash bench/cdk/install.sh`): the equivalent CDK app (VPC, cluster, 200
 *   Fargate services behind one ALB with path rules, per environment) in a fresh process, once, with
 *   the ratio to berth cold (goal: CDK ≥ 30× berth's time). Both sides report the time from their
 *   process's start to their last file written, measured inside the process.
 *
 * Each round runs berth and the floor in one folder (BENCH_DIR, default the system's temporary folder),
 * taking turns at going first, so a busy or slow disk weighs on both alike. Run it on an otherwise quiet
 * machine (`BENCH_DIR=/dev/shm` takes the disk out of both sides' figures). Not under `chrt -f` (real-time
 * FIFO, which stops 19 and 20 used): threads of one priority are then not time-sliced, so berth's writer
 * thread and V8's helper threads wait behind whichever thread holds a core, which no user's machine does,
 * and berth's figure swings by ±30 ms between identical builds.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const SERVICES = Number(process.env.BENCH_SERVICES ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BENCH_DIR = process.env.BENCH_DIR ?? tmpdir();
const CDK_GOAL = 30;
const BERTH = join(here, "..", "bin", "berth.js");

/** Child: the same files as berth writes, with plain mkdirSync + writeFileSync; only the writing is timed. */
async function childFloor(outDir) {
  const { berthConfig } = await import("./generated-config.js");
  const { validateConfig } = await import("../dist/config/validate.js");
  const { resolveModel } = await import("../dist/model/resolve.js");
  const { renderStacks, stackFiles } = await import("../dist/terraform/render.js");
  const stacks = renderStacks(resolveModel(validateConfig(berthConfig(SERVICES), "bench")));
  const texts = stacks.map((s) => [s.path, stackFiles(s)]);
  const start = performance.now();
  let files = 0;
  for (const [path, list] of texts) {
    mkdirSync(join(outDir, path), { recursive: true });
    for (const [name, text] of list) writeFileSync(join(outDir, path, name), text);
    files += list.length;
  }
  return { fsMs: performance.now() - start, stacks: stacks.length, files };
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

/** `berth synth` in a fresh process, as a user runs it; its time and memory as the process reports them. */
function runBerth(config, outDir, threads) {
  const usage = join(dirname(outDir), `usage-${Math.random().toString(36).slice(2)}.json`);
  const env = { ...process.env, BENCH_USAGE_FILE: usage };
  if (threads === undefined) delete env.BERTH_SYNTH_THREADS;
  else env.BERTH_SYNTH_THREADS = String(threads);
  const args = ["--import", join(here, "report-usage.js"), BERTH, "synth", "-c", config, "-o", outDir];
  const child = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 26, env });
  if (child.status !== 0) {
    process.stderr.write(child.stderr);
    throw new Error(`berth synth exited with ${child.status}`);
  }
  const last = child.stdout.trim().split("\n").at(-1);
  const figures = JSON.parse(readFileSync(usage, "utf8"));
  rmSync(usage);
  const m = /^(?:wrote (\d+) of (\d+) files|unchanged: (\d+) files).*?(?:(\d+) threads)?\)?$/.exec(last);
  if (!m) throw new Error(`unexpected last line of berth synth: ${last}`);
  return { ...figures, written: Number(m[1] ?? 0), files: Number(m[2] ?? m[3]), threads: Number(m[4] ?? 1) };
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
  const twoThreads = [];
  const again = [];
  const floor = [];
  const dirs = [];
  try {
    const configDir = mkdtempSync(join(BENCH_DIR, "berth-bench-config-"));
    dirs.push(configDir);
    const config = join(configDir, "berth.config.mjs");
    writeFileSync(config, `import { berthConfig } from ${JSON.stringify(join(here, "generated-config.js"))};\nexport default berthConfig(${SERVICES});\n`);
    for (let i = 0; i < ROUNDS; i++) {
      const dir = mkdtempSync(join(BENCH_DIR, "berth-bench-"));
      dirs.push(dir);
      // Alternate who goes first, so neither always meets the disk as the other left it.
      const berth = () => {
        cold.push(runBerth(config, join(dir, "out")));
        again.push(runBerth(config, join(dir, "out")));
        twoThreads.push(runBerth(config, join(dir, "two"), 2));
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
  console.log(`${floor[0].stacks} stacks, ${c.files} files`);
  console.log(
    `berth cold, whole process      ${fmtMs(coldMs)}   peak RSS ${fmtMb(med(cold, (r) => r.rssMb))}, wrote ${c.written} files on ${c.threads} thread(s)`,
  );
  console.log(`  on two threads               ${fmtMs(med(twoThreads, (r) => r.processMs))}   peak RSS ${fmtMb(med(twoThreads, (r) => r.rssMb))}`);
  const a = again[0];
  const unchanged = again.every((r) => r.written === 0) ? `unchanged: wrote 0 of ${a.files} files` : `WROTE ${again.map((r) => r.written).join("/")} files`;
  console.log(`berth re-synth, whole process  ${fmtMs(med(again, (r) => r.processMs))}   ${unchanged}`);
  console.log(`filesystem floor               ${fmtMs(floorMs)}   the same files with plain mkdirSync + writeFileSync, texts printed beforehand`);
  console.log(
    `  per round (cold / two threads / floor)  ${cold.map((r, i) => `${r.processMs.toFixed(0)} / ${twoThreads[i].processMs.toFixed(0)} / ${floor[i].fsMs.toFixed(0)}`).join(", ")} ms`,
  );
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

const floorAt = process.argv.indexOf("--child-floor");
if (floorAt > 0) process.stdout.write(`\n${JSON.stringify(await childFloor(process.argv[floorAt + 1]))}\n`);
else await main();
