/**
 * `berth smoke [service…] --env E [--region R]`, and `berth deploy --smoke`: health URLs through the load
 * balancers, from the apply records. With `--region`, the region's records; a name Route 53 routes between
 * regions is requested on a connection to that region's load balancer (its recorded DNS name).
 */
import { UsageError } from "../errors.js";
import { smokeCheck } from "../model/smoke.js";
import { serviceStackId, STACK } from "../model/stack-ids.js";
import type { Environment } from "../model/types.js";
import * as wires from "../model/wires.js";
import { pickRegion } from "../runner/day2.js";
import type { RecordStore } from "../runner/records.js";
import { smokeFailure, smokeTest } from "../runner/smoke.js";
import type { Stack } from "../terraform/stack.js";
import { Accounts } from "../runner/accounts.js";
import { awsCli } from "../runner/aws-cli.js";
import { recordStore } from "../runner/records.js";
import { loadStacks } from "./context.js";
import { println } from "./output.js";
import type { RunnerFlags } from "./run-context.js";

/** Test options from the environment, for tests only: attempts and pause. */
const testOptions = () => ({
  attempts: process.env.BERTH_SMOKE_ATTEMPTS ? Number(process.env.BERTH_SMOKE_ATTEMPTS) : undefined,
  intervalMs: process.env.BERTH_SMOKE_INTERVAL_MS ? Number(process.env.BERTH_SMOKE_INTERVAL_MS) : undefined,
});

/**
 * Smoke-tests `services` of `env`; prints one line per service; returns the failure messages.
 * `url(stack)` gives a service stack's `url` output; `rollback(service)` the command that undoes the deploy.
 */
export async function smokeServices(
  env: Environment,
  services: readonly string[],
  url: (service: string) => Promise<string | undefined>,
  rollback: (service: string) => string,
  /** The host to connect to for a service (one region's load balancer), when not the URL's own. */
  connectTo: (service: string) => Promise<string | undefined> = async () => undefined,
): Promise<string[]> {
  const failures: string[] = [];
  for (const name of services) {
    const s = env.services.find((x) => x.name === name)!;
    const check = smokeCheck(env, s);
    if (!check) {
      println(`smoke ${env.name}/${name}: skipped (no internet-facing URL)`);
      continue;
    }
    const base = await url(name);
    if (base && !URL.canParse(base)) {
      failures.push(`smoke test of ${name} in ${env.name}: its recorded url output ${JSON.stringify(base)} is not a URL`);
      continue;
    }
    if (!base) {
      failures.push(`smoke test of ${name} in ${env.name}: its stack has no recorded url output; apply it first (berth apply --env ${env.name})`);
      continue;
    }
    const via = await connectTo(name);
    const r = await smokeTest(check, base, { ...testOptions(), ...(via ? { connectTo: via } : {}) });
    if (r.ok) println(`smoke ${env.name}/${name}: GET ${r.url} → ${r.answer}`);
    else failures.push(smokeFailure(r, check, rollback(name)));
  }
  return failures;
}

export async function recordedUrl(store: RecordStore, stacks: readonly Stack[], env: string, service: string, region?: string): Promise<string | undefined> {
  const stack = stacks.find((s) => s.env === env && s.id === serviceStackId(service) && (region === undefined || s.region === region));
  const value = stack ? (await store.read(stack))?.outputs?.url : undefined;
  return typeof value === "string" ? value : undefined;
}

export async function smoke(services: readonly string[], flags: Pick<RunnerFlags, "config" | "env" | "out" | "endpoint" | "region">): Promise<void> {
  const { model, stacks } = await loadStacks(flags);
  const envs = flags.env ? model.environments.filter((e) => e.name === flags.env) : model.environments;
  if (envs.length !== 1)
    throw new UsageError("name the environment to smoke-test with --env", `environments: ${model.environments.map((e) => e.name).join(", ")}`);
  const env = pickRegion(envs[0]!, flags.region);
  const known = env.services.map((s) => s.name);
  const unknown = services.filter((s) => !known.includes(s));
  if (unknown.length > 0)
    throw new UsageError(`there is no service ${unknown.map((s) => JSON.stringify(s)).join(", ")} in ${env.name}`, `services: ${known.join(", ")}`);
  const store = recordStore(new Accounts(awsCli({ endpoint: flags.endpoint })), flags.out);
  const failures = await smokeServices(
    env,
    services.length > 0 ? services : known,
    (s) => recordedUrl(store, stacks, env.name, s, env.region),
    (s) => `berth deploy ${s} --env ${env.name}${flags.region ? ` --region ${env.region}` : ""} --image <the previous image tag>`,
    (s) => (flags.region ? regionalLoadBalancer(store, stacks, env, s) : Promise.resolve(undefined)),
  );
  for (const f of failures) process.stderr.write(`error: ${f}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

/** The recorded DNS name of the region's load balancer in front of `service`, when its name is routed between regions. */
export async function regionalLoadBalancer(store: RecordStore, stacks: readonly Stack[], env: Environment, service: string): Promise<string | undefined> {
  const s = env.services.find((x) => x.name === service);
  const entry = s ? wires.publicEntry(env, s) : undefined;
  if (!entry?.lb.https?.regional) return undefined;
  const platform = stacks.find((x) => x.env === env.name && x.region === env.region && x.id === STACK.platform);
  const value = platform ? (await store.read(platform))?.outputs?.[wires.platform.loadBalancer(env, entry.lb, "dns_name").name] : undefined;
  if (typeof value !== "string")
    throw new UsageError(
      `the platform stack of ${env.name} in ${env.region} has no recorded DNS name of the ${entry.lb.key} load balancer`,
      `apply it first (berth apply --env ${env.name} --region ${env.region})`,
    );
  return value;
}
