/**
 * `npm run bench:plan`: what planning costs as a platform grows, and what fingerprints save.
 * Prints figures; it is not a test. Sizes: BENCH_SERVICES (default 100) for the large platform,
 * BENCH_FULL_SERVICES (default 6) for the whole-platform plans (each stack pays terraform's fixed
 * ~4 s provider start, so a full 100-service plan takes many minutes on a small machine).
 *
 * 1. Fixed cost: offline plan of one service stack in a 1-service platform and in a large one.
 * 2. Whole platform, offline, with --parallelism 1 and with the default (2).
 * 3. Fingerprints: an unchanged large platform (apply records present) plans without running terraform;
 *    after changing one service, `plan` over the whole platform against planning that one stack alone.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateConfig } from "../dist/config/validate.js";
import { resolveModel } from "../dist/model/resolve.js";
import { planOffline } from "../dist/runner/offline.js";
import { planStacks } from "../dist/runner/plan-run.js";
import { LocalRecordStore } from "../dist/runner/records.js";
import { createSession, wireVars } from "../dist/runner/session.js";
import { filesHash, fingerprint } from "../dist/runner/fingerprint.js";
import { orderStacks } from "../dist/runner/queue.js";
import { renderStacks } from "../dist/terraform/render.js";
import { writeStacks } from "../dist/terraform/write.js";

const LARGE = Number(process.env.BENCH_SERVICES ?? 100);
const FULL = Number(process.env.BENCH_FULL_SERVICES ?? 6);

function platform(n, port = (i) => 8000 + i) {
  const services = {};
  for (let i = 0; i < n; i++) services[`svc${i}`] = { port: port(i), routes: [{ loadBalancer: "public", path: `/svc${i}/*` }] };
  const config = validateConfig({ project: "bench", loadBalancers: { public: {} }, services, environments: { dev: { tier: "dev", region: "us-east-1" } } });
  return renderStacks(resolveModel(config));
}

async function time(label, fn) {
  const t0 = performance.now();
  const result = await fn();
  const s = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(78)} ${s.toFixed(2).padStart(7)} s`);
  return { s, result };
}

function check(results) {
  const bad = results.filter((r) => r.status !== "succeeded" && r.state !== "planned" && r.state !== "unchanged");
  if (bad.length > 0) throw new Error(`bench run failed: ${bad.map((r) => `${r.stack}: ${r.status ?? r.state} ${r.message ?? r.error?.message ?? ""}`).join("; ")}`);
}

const dirs = [];
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), "berth-bench-"));
  dirs.push(d);
  return d;
};

try {
  console.log(`berth bench:plan — large platform: ${LARGE} services; whole-platform plans: ${FULL} services\n`);

  // 1. Fixed cost of planning one service stack, small vs large platform.
  const small = platform(1);
  const smallOut = scratch();
  writeStacks(small, smallOut);
  const one = small.find((s) => s.id === "service-svc0");
  await time("warm-up (provider into the plugin cache)", () => planOffline(small, smallOut, { only: [one.path] }).then(check));
  const a = await time("offline plan of one service stack, 1-service platform", () => planOffline(small, smallOut, { only: [one.path] }).then(check));
  const large = platform(LARGE);
  const largeOut = scratch();
  writeStacks(large, largeOut);
  const target = large.find((s) => s.id === "service-svc42") ?? large.at(-1);
  const b = await time(`offline plan of one service stack, ${LARGE}-service platform`, () => planOffline(large, largeOut, { only: [target.path] }).then(check));
  console.log(`  ratio large/small: ${(b.s / a.s).toFixed(2)} (goal ≤ 1.2)\n`);

  // 2. Whole platform, parallelism 1 vs default.
  const full = platform(FULL);
  const fullOut = scratch();
  writeStacks(full, fullOut);
  const p1 = await time(`offline plan of the whole ${FULL}-service platform (${full.length} stacks), --parallelism 1`, () => planOffline(full, fullOut, { parallelism: 1 }).then(check));
  const p2 = await time(`offline plan of the whole ${FULL}-service platform (${full.length} stacks), default (2)`, () => planOffline(full, fullOut).then(check));
  console.log(`  speed-up: ${(p1.s / p2.s).toFixed(2)}× ; per stack at parallelism 1: ${(p1.s / full.length).toFixed(2)} s\n`);

  // 3. Fingerprints. Records as after an apply (outputs = the stacks' mocks), kept in local files.
  const fpOut = scratch();
  writeStacks(large, fpOut);
  const store = new LocalRecordStore(join(fpOut, ".berth", "records"));
  const seed = createSession({ outDir: fpOut, stacks: large, store });
  for (const s of orderStacks(large)) {
    const { vars } = await wireVars(seed, s);
    const outputs = Object.fromEntries(s.outputs.map((o) => [o.name, o.mock]));
    await store.write(s, { stack: s.path, fingerprint: fingerprint(filesHash(s), vars), filesHash: filesHash(s), vars, outputs, appliedAt: "", appliedBy: "bench" });
  }
  // LocalStack mode: local state and fake credentials, so a plan of a changed stack needs no AWS.
  const session = (stacks) => createSession({ outDir: fpOut, stacks, store, endpoint: "http://127.0.0.1:4566" });
  const unchanged = await time(`plan of the unchanged ${LARGE}-service platform (${large.length} stacks)`, () => planStacks(session(large), large));
  check(unchanged.result);
  console.log(`  stacks planned by terraform: ${unchanged.result.filter((o) => o.state !== "unchanged").length} (goal: about a second)`);
  const changed = platform(LARGE, (i) => (i === 42 ? 9999 : 8000 + i));
  const whole = await time(`plan of the ${LARGE}-service platform after changing one service`, () => planStacks(session(changed), changed));
  check(whole.result);
  console.log(`  stacks planned by terraform: ${whole.result.filter((o) => o.state === "planned").map((o) => o.stack).join(", ")}`);
  const alone = changed.find((s) => s.id === "service-svc42") ?? changed.at(-1);
  const solo = await time("plan of that one stack alone", () => planStacks(session(changed), [alone], { all: true }));
  check(solo.result);
  console.log(`  ratio whole/alone: ${(whole.s / solo.s).toFixed(2)} (goal ≤ 1.2)`);
} finally {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
