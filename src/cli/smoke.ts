/**
 * `berth smoke [name…] --env E [--region R]`, and `berth deploy --smoke`: services' health URLs through the
 * load balancers, and HTTP APIs' health check paths, from the apply records. With `--region`, the region's
 * records; a name Route 53 routes between regions is requested on a connection to that region's load
 * balancer (its recorded DNS name), and such an API at the region's own execute-api host (what Route 53's
 * health check of the region requests).
 */
import { UsageError } from "../errors.js";
import { apiSmokeCheck, smokeCheck } from "../model/smoke.js";
import { httpApiStackId, serviceStackId, STACK } from "../model/stack-ids.js";
import type { Environment, HttpApi } from "../model/types.js";
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
    else failures.push(smokeFailure(r, check, `roll back with: ${rollback(name)}`));
  }
  return failures;
}

/**
 * Smoke-tests the HTTP APIs `apis` of `env` at their health check paths; prints one line per API; returns
 * the failure messages. `url(api)` gives the base URL to request it at (its recorded `url`, or a region's
 * execute-api host).
 */
export async function smokeApis(env: Environment, apis: readonly string[], url: (api: HttpApi) => Promise<string | undefined>): Promise<string[]> {
  const failures: string[] = [];
  for (const key of apis) {
    const api = env.httpApis.find((a) => a.key === key)!;
    const check = apiSmokeCheck(api);
    if (!check) {
      println(`smoke ${env.name}/${key} (HTTP API): skipped (no health check path: set httpApis.${key}.healthCheck.path)`);
      continue;
    }
    const base = await url(api);
    if (!base || !URL.canParse(base)) {
      failures.push(
        base
          ? `smoke test of HTTP API ${key} in ${env.name}: its recorded url ${JSON.stringify(base)} is not a URL`
          : `smoke test of HTTP API ${key} in ${env.name}: its stack has no recorded url output; apply it first (berth apply --env ${env.name})`,
      );
      continue;
    }
    const r = await smokeTest(check, base, testOptions());
    if (r.ok) println(`smoke ${env.name}/${key} (HTTP API): GET ${r.url} → ${r.answer}`);
    else {
      const functions = env.functions.filter((f) => api.routes.some((route) => route.function === f.key));
      const logs = functions.map((f) => `aws logs tail ${f.logGroup} --region ${env.region} --since 15m`);
      failures.push(smokeFailure(r, check, `its routes run ${functions.map((f) => f.key).join(", ")}; their logs: ${logs.join("; ")}`));
    }
  }
  return failures;
}

export async function recordedUrl(store: RecordStore, stacks: readonly Stack[], env: string, service: string, region?: string): Promise<string | undefined> {
  return recordedOutput(store, stacks, env, serviceStackId(service), "url", region);
}

async function recordedOutput(
  store: RecordStore,
  stacks: readonly Stack[],
  env: string,
  id: string,
  output: string,
  region?: string,
): Promise<string | undefined> {
  const stack = stacks.find((s) => s.env === env && s.id === id && (region === undefined || s.region === region));
  const value = stack ? (await store.read(stack))?.outputs?.[output] : undefined;
  return typeof value === "string" ? value : undefined;
}

export async function smoke(names: readonly string[], flags: Pick<RunnerFlags, "config" | "env" | "out" | "endpoint" | "region">): Promise<void> {
  const { model, stacks } = await loadStacks(flags);
  const envs = flags.env ? model.environments.filter((e) => e.name === flags.env) : model.environments;
  if (envs.length !== 1)
    throw new UsageError("name the environment to smoke-test with --env", `environments: ${model.environments.map((e) => e.name).join(", ")}`);
  const env = pickRegion(envs[0]!, flags.region);
  const services = env.services.map((s) => s.name);
  const apis = env.httpApis.map((a) => a.key);
  const unknown = names.filter((n) => !services.includes(n) && !apis.includes(n));
  if (unknown.length > 0)
    throw new UsageError(
      `there is no service or HTTP API ${unknown.map((n) => JSON.stringify(n)).join(", ")} in ${env.name}`,
      [`services: ${services.join(", ") || "none"}`, `HTTP APIs: ${apis.join(", ") || "none"}`].join("; "),
    );
  const store = recordStore(new Accounts(awsCli({ endpoint: flags.endpoint })), flags.out);
  const failures = await smokeServices(
    env,
    names.length > 0 ? names.filter((n) => services.includes(n)) : services,
    (s) => recordedUrl(store, stacks, env.name, s, env.region),
    (s) => `berth deploy ${s} --env ${env.name}${flags.region ? ` --region ${env.region}` : ""} --image <the previous image tag>`,
    (s) => (flags.region ? regionalLoadBalancer(store, stacks, env, s) : Promise.resolve(undefined)),
  );
  failures.push(
    ...(await smokeApis(env, names.length > 0 ? names.filter((n) => apis.includes(n)) : apis, (api) =>
      recordedApiBase(store, stacks, env, api, flags.region !== undefined),
    )),
  );
  reportSmokeFailures(failures);
}

/** Prints each failure as an error; any failure makes the command exit 1. */
export function reportSmokeFailures(failures: readonly string[]): void {
  for (const f of failures) process.stderr.write(`error: ${f}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

/** Where the HTTP API `api` of `env` (in its region) is smoke-tested, from the apply records (`apiSmokeBase`). */
export function recordedApiBase(store: RecordStore, stacks: readonly Stack[], env: Environment, api: HttpApi, oneRegion: boolean): Promise<string | undefined> {
  return apiSmokeBase(env, api, oneRegion, (output) => recordedOutput(store, stacks, env.name, httpApiStackId(api.key), output, env.region));
}

/**
 * Where an HTTP API is smoke-tested: its recorded `url`; with `--region` (`oneRegion`) and a name Route 53
 * routes between regions, the region's own execute-api host from its recorded id, which is what Route 53's
 * health check of the region requests. `recorded(output)` reads an output of the API's stack in the region.
 */
export async function apiSmokeBase(
  env: Environment,
  api: HttpApi,
  oneRegion: boolean,
  recorded: (output: string) => Promise<string | undefined>,
): Promise<string | undefined> {
  if (!oneRegion || !api.regional) return recorded(wires.httpApi.url(env, api).name);
  const id = await recorded(wires.httpApi.id(api).name);
  return id === undefined ? undefined : `https://${id}.execute-api.${env.region}.amazonaws.com`;
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
