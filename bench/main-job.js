/**
 * `npm run bench:main-job`: the README's main job, `berth plan --offline` of SkyFox, timed side by side
 * against a baseline commit in one run (absolute times on a shared machine are noise; the ratio is not).
 * Prints figures; it is not a test.
 *
 * The baseline (BENCH_BASELINE_REF, default f458d5b) is checked out with `git worktree add` into a temp
 * dir and built there (`npm ci` from the warm npm cache, `npm run build`); the worktree is removed at
 * the end. Each side plans into its own output dir, first once untimed (the first run of a fresh
 * output dir also pins the provider: printed), then BENCH_ROUNDS (default 3) alternating timed runs.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REF = process.env.BENCH_BASELINE_REF ?? "f458d5b";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONFIG = "examples/skyfox/berth.config.ts";
const here = fileURLToPath(new URL("..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "berth-main-job-"));
const baseDir = join(scratch, "baseline");

function sh(cmd, args, cwd) {
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "ignore", "inherit"] });
}

/** One `berth plan --offline` of SkyFox from `root` into `out`; seconds. */
function mainJob(root, out) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["bin/berth.js", "plan", "--offline", "--config", CONFIG, "--out", out], { cwd: root, encoding: "utf8" });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`berth plan --offline failed in ${root} (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return s;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (s) => `${s.toFixed(2).padStart(6)} s`;

let added = false;
const cleanup = () => {
  if (added) spawnSync("git", ["worktree", "remove", "--force", baseDir], { cwd: here, stdio: "ignore" });
  rmSync(scratch, { recursive: true, force: true });
};
process.once("SIGINT", () => {
  cleanup();
  process.exit(130);
});

try {
  const rev = execFileSync("git", ["rev-parse", "--short", REF], { cwd: here, encoding: "utf8" }).trim();
  const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: here, encoding: "utf8" }).trim();
  console.log(
    `berth bench:main-job — \`berth plan --offline --config ${CONFIG}\`, this tree (${head}) against ${REF} (${rev}), ${ROUNDS} alternating rounds\n`,
  );
  sh("git", ["worktree", "add", "--detach", baseDir, REF], here);
  added = true;
  process.stdout.write(`building the baseline in ${baseDir} (npm ci, npm run build)… `);
  const tb = performance.now();
  sh("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], baseDir);
  sh("npm", ["run", "build"], baseDir);
  console.log(`${((performance.now() - tb) / 1000).toFixed(1)} s\n`);

  const sides = [
    { name: `baseline ${REF}`, root: baseDir, out: join(scratch, "out-baseline"), times: [] },
    { name: "this tree", root: here, out: join(scratch, "out-current"), times: [] },
  ];
  for (const side of sides) console.log(`${`first run, ${side.name} (untimed warm-up)`.padEnd(52)} ${fmt(mainJob(side.root, side.out))}`);
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate which side goes first, so a slow spell on the machine hits both.
    for (const side of round % 2 ? sides : [...sides].reverse()) {
      const s = mainJob(side.root, side.out);
      side.times.push(s);
      console.log(`${`round ${round}, ${side.name}`.padEnd(52)} ${fmt(s)}`);
    }
  }
  const [base, cur] = sides.map((s) => median(s.times));
  console.log(`\nmedian ${sides[0].name.padEnd(45)} ${fmt(base)}`);
  console.log(`median ${sides[1].name.padEnd(45)} ${fmt(cur)}`);
  console.log(`speed-up: ${(base / cur).toFixed(2)}× (goal ≥ 2×)`);
} finally {
  cleanup();
}
