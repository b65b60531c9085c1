/**
 * `npm run bench:plan`: what planning costs as a platform grows, what reusing one provider server per
 * worker saves, and what fingerprints save. Prints figures side by side in one run; it is not a test.
 * Sizes: BENCH_SERVICES (default 100) for the large platform, BENCH_FULL_SERVICES (default 100) for
 * the whole-platform plans (with and without provider reuse: several minutes each on 2 cores; set it
 * to 6 for a quick run), BENCH_ROUNDS (default 3) for the one-changed-service comparison.
 *
 * 1. Fixed cost: offline plan of one service stack in a 1-service platform and in a large one.
 * 2. Whole platform, offline: provider reuse (the default) against BERTH_PROVIDER_REUSE=0
 *    (terraform starts the provider for every command, as before). BENCH_PARALLELISM_1=1 adds
 *    --parallelism 1.
 * 3. Fingerprints: an unchanged large platform (apply records present) plans without running terraform;
 *    after changing one service, `plan` over the whole platform against planning that one stack alone.
 * 4. One changed service: berth's plan of the platform after the change, against a plain
 *    `terraform plan` of that stack (terraform starts the provider) and against the provider-attached
 *    floor (`terraform plan`, and plan + `show -json` as berth runs them, attached to a provider
 *    server that is already running and warm), alternating, BENCH_ROUNDS times.
 */
import { spawnSync } from "node:child_process";
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
import { pinProvider } from "../dist/runner/provider-pin.js";
import { ProviderServer } from "../dist/runner/provider-server.js";
import { terraformEnv } from "../dist/runner/terraform-env.js";
import { workDir } from "../dist/runner/workspace.js";
import { renderStacks } from "../dist/terraform/render.js";
import { writeStacks } from "../dist/terraform/write.js";

const LARGE = Number(process.env.BENCH_SERVICES ?? 100);
const FULL = Number(process.env.BENCH_FULL_SERVICES ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The service changed in sections 1, 3 and 4 (svc42 of the default 100). */
const CHANGED = Math.min(42, LARGE - 1);

// The bench needs no AWS. With AWS_CA_BUNDLE set, berth does not reuse the provider (the provider
// cannot be configured twice in one process with a CA bundle): unset it for the online sections.
if (process.env.AWS_CA_BUNDLE) {
  delete process.env.AWS_CA_BUNDLE;
  console.log("(AWS_CA_BUNDLE unset for this bench: with it, berth plans without provider reuse)");
}

/** `BERTH_PROVIDER_REUSE=0` for the duration of `fn`: terraform starts the provider itself, as before. */
async function withoutReuse(fn) {
  process.env.BERTH_PROVIDER_REUSE = "0";
  try {
    return await fn();
  } finally {
    delete process.env.BERTH_PROVIDER_REUSE;
  }
}

function terraform(tf, dir, args) {
  const t0 = performance.now();
  const r = spawnSync(tf.binary, args, { cwd: dir, env: tf.env, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`terraform ${args.join(" ")} failed in ${dir} (exit ${r.status}):\n${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

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
  if (bad.length > 0)
    throw new Error(`bench run failed: ${bad.map((r) => `${r.stack}: ${r.status ?? r.state} ${r.message ?? r.error?.message ?? ""}`).join("; ")}`);
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
  const target = large.find((s) => s.id === `service-svc${CHANGED}`);
  // The first plan of an output dir also pins the provider (one `terraform init`, once per output dir).
  await time("warm-up of the large platform's output dir (pins the provider)", () => planOffline(large, largeOut, { only: [target.path] }).then(check));
  const b = await time(`offline plan of one service stack, ${LARGE}-service platform`, () => planOffline(large, largeOut, { only: [target.path] }).then(check));
  console.log(`  ratio large/small: ${(b.s / a.s).toFixed(2)} (goal ≤ 1.2)\n`);

  // 2. Whole platform: provider reuse vs terraform starting the provider for every command.
  const full = platform(FULL);
  console.log(`whole ${FULL}-service platform (${full.length} stacks), offline, default parallelism (2):`);
  const fullOut = scratch();
  writeStacks(full, fullOut);
  const without = await time(`  without provider reuse (BERTH_PROVIDER_REUSE=0)`, () => withoutReuse(() => planOffline(full, fullOut).then(check)));
  const reuse = await time(`  with provider reuse (one provider server per worker)`, () => planOffline(full, fullOut).then(check));
  console.log(
    `  speed-up from reuse: ${(without.s / reuse.s).toFixed(2)}× (goal ≥ 2×); per stack: ${(without.s / full.length).toFixed(2)} s → ${(reuse.s / full.length).toFixed(2)} s\n`,
  );
  if (process.env.BENCH_PARALLELISM_1 === "1") {
    const p1 = await time(`  with provider reuse, --parallelism 1`, () => planOffline(full, fullOut, { parallelism: 1 }).then(check));
    console.log(`  speed-up of parallelism 2 over 1: ${(p1.s / reuse.s).toFixed(2)}×\n`);
  }

  // 3. Fingerprints. Records as after an apply (outputs = the stacks' mocks), kept in local files.
  const fpOut = scratch();
  writeStacks(large, fpOut);
  const store = new LocalRecordStore(join(fpOut, ".berth", "records"));
  const seed = createSession({ outDir: fpOut, stacks: large, store });
  for (const s of orderStacks(large)) {
    const { vars } = await wireVars(seed, s);
    const outputs = Object.fromEntries(s.outputs.map((o) => [o.name, o.mock]));
    await store.write(s, {
      stack: s.path,
      fingerprint: fingerprint(filesHash(s), vars),
      filesHash: filesHash(s),
      vars,
      outputs,
      appliedAt: "",
      appliedBy: "bench",
    });
  }
  // LocalStack mode: local state and fake credentials, so a plan of a changed stack needs no AWS.
  const session = (stacks) => createSession({ outDir: fpOut, stacks, store, endpoint: "http://127.0.0.1:4566" });
  const unchanged = await time(`plan of the unchanged ${LARGE}-service platform (${large.length} stacks)`, () => planStacks(session(large), large));
  check(unchanged.result);
  console.log(`  stacks planned by terraform: ${unchanged.result.filter((o) => o.state !== "unchanged").length} (goal: about a second)`);
  const changed = platform(LARGE, (i) => (i === CHANGED ? 9999 : 8000 + i));
  const whole = await time(`plan of the ${LARGE}-service platform after changing one service`, () => planStacks(session(changed), changed));
  check(whole.result);
  console.log(
    `  stacks planned by terraform: ${whole.result
      .filter((o) => o.state === "planned")
      .map((o) => o.stack)
      .join(", ")}`,
  );
  const alone = changed.find((s) => s.id === `service-svc${CHANGED}`);
  const solo = await time("plan of that one stack alone", () => planStacks(session(changed), [alone], { all: true }));
  check(solo.result);
  console.log(`  ratio whole/alone: ${(whole.s / solo.s).toFixed(2)} (goal ≤ 1.2)\n`);

  // 4. One changed service: berth against plain terraform and the provider-attached floor, in that stack's work dir.
  const tf = terraformEnv();
  const dir = workDir(fpOut, alone);
  const plan = ["plan", "-input=false", "-no-color", "-out=bench.tfplan"];
  const show = ["show", "-json", "-no-color", "bench.tfplan"];
  const pin = await pinProvider(tf, join(fpOut, ".berth", "providers"));
  const server = await ProviderServer.start({ binary: pin.binary, address: pin.address, env: tf.env, cwd: dir });
  try {
    const attachedTf = { ...tf, env: { ...tf.env, TF_REATTACH_PROVIDERS: server.reattach } };
    terraform(attachedTf, dir, plan); // warm the server: the floor is a provider that is already up and warm
    const runs = { berth: [], plain: [], floorPlan: [], floorPlanShow: [] };
    console.log(`one changed service (${alone.path}), ${ROUNDS} alternating rounds:`);
    for (let round = 1; round <= ROUNDS; round++) {
      const t0 = performance.now();
      check(await planStacks(session(changed), changed));
      runs.berth.push((performance.now() - t0) / 1000);
      runs.plain.push(terraform(tf, dir, plan));
      const p = terraform(attachedTf, dir, plan);
      runs.floorPlan.push(p);
      runs.floorPlanShow.push(p + terraform(attachedTf, dir, show));
    }
    const row = (label, xs) => console.log(`${label.padEnd(78)} ${median(xs).toFixed(2).padStart(7)} s   (runs: ${xs.map((x) => x.toFixed(2)).join(", ")})`);
    row(`  berth plan of the ${LARGE}-service platform, one service changed (median)`, runs.berth);
    row("  plain `terraform plan` of that stack (terraform starts the provider)", runs.plain);
    row("  attached floor: `terraform plan` on a running, warm provider server", runs.floorPlan);
    row("  attached floor: `terraform plan` + `show -json` (what berth runs per stack)", runs.floorPlanShow);
    const [b, pl, fp, fps] = [runs.berth, runs.plain, runs.floorPlan, runs.floorPlanShow].map(median);
    console.log(
      `  berth / plain terraform plan: ${(b / pl).toFixed(2)}; berth / attached floor (plan + show): ${(b / fps).toFixed(2)} (goal ≤ 1.2); berth / attached floor (plan only): ${(b / fp).toFixed(2)}`,
    );
  } finally {
    await server.stop();
  }
} finally {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
