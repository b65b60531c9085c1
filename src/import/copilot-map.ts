/**
 * Maps a Copilot workspace to a berth config. Each service is mapped once without environment
 * overrides (the shared definition) and once per environment with `environments.<env>` merged as Copilot
 * merges it; the fields that differ become that environment's `services.<name>` overrides.
 */
import { formatPath } from "../errors.js";
import type { Imported, ImportOptions } from "./compose-map.js";
import { mapAddons } from "./copilot-addons.js";
import { mapEnvironment } from "./copilot-environment.js";
import { type Placeholder, substitute } from "./copilot-placeholders.js";
import { type CopilotManifest, type CopilotWorkspace, withOverrides } from "./copilot-read.js";
import { mapService } from "./copilot-service.js";
import { mapStaticSite } from "./copilot-site.js";
import { ImportReport } from "./report.js";
import { moveSecretValues } from "./secret-values.js";
import { berthName } from "./values.js";
import { isRecord } from "./yaml-source.js";

type Json = Record<string, unknown>;

export async function mapCopilot(ws: CopilotWorkspace, opts: ImportOptions): Promise<Imported> {
  const report = new ImportReport();
  const project = berthName(ws.application);
  if (project === ws.application) report.mapped(`${ws.workspaceSrc.display}: application`, ["project"]);
  else report.derived(`${ws.workspaceSrc.display}: application`, ["project"], `"${ws.application}" as a berth name`);
  const envNames = environmentNames(ws, report);
  const config: Json = { project };
  const loadBalancers: Json = {};
  const networkLoadBalancers: Json = {};
  const services: Json = {};
  const queues: Json = {};
  const topics: Json = {};
  const databases: Json = {};
  const sites: Json = {};
  const overrides = new Map<string, Json>(envNames.map((e) => [e, {}]));

  for (const svc of ws.services) {
    if (svc.type === "Static Site") {
      const mapped = mapStaticSite(svc, { report, root: ws.root, outDir: opts.outDir });
      if (mapped.site) sites[mapped.key] = mapped.site;
      continue;
    }
    const shared = mapOnce(svc, undefined, envNames[0]!, ws, opts, report);
    const addons = mapAddons(svc, shared.key, report);
    const withAddons = (m: { service: Json }) => {
      if (Object.keys(addons.uses).length > 0) m.service.databases = addons.uses;
    };
    withAddons(shared);
    Object.assign(databases, addons.databases);
    services[shared.key] = shared.service;
    mergeInto(loadBalancers, shared.loadBalancers);
    mergeInto(networkLoadBalancers, shared.networkLoadBalancers);
    mergeInto(queues, shared.queues);
    mergeTopics(topics, shared.topics);
    for (const env of envNames) {
      const scratch = new ImportReport();
      const mapped = mapOnce(svc, env, env, ws, opts, scratch);
      withAddons(mapped);
      fixedCount(shared.service, mapped.service, () =>
        report.derived(
          `${svc.src.display}: environments.${env}.count`,
          ["environments", berthName(env), "services", shared.key, "autoscaling"],
          `a fixed count of ${String(mapped.service.desiredCount)} where the service autoscales elsewhere: autoscaling from ${String(mapped.service.desiredCount)} to ${String(mapped.service.desiredCount)}`,
        ),
      );
      for (const e of scratch.entries) if (!report.entries.some((x) => JSON.stringify(x) === JSON.stringify(e))) report.entries.push(e);
      mergeInto(loadBalancers, mapped.loadBalancers);
      mergeInto(networkLoadBalancers, mapped.networkLoadBalancers);
      mergeInto(queues, mapped.queues);
      mergeTopics(topics, mapped.topics);
      const diff = topLevelDiff(shared.service, mapped.service, (field) =>
        report.notMapped(
          `${svc.src.display}: environments.${env}`,
          `the shared definition sets ${field} and this environment's overrides drop it; berth's overrides cannot remove a field: set it for ${env} by hand`,
          ["environments", berthName(env), "services", shared.key],
        ),
      );
      if (Object.keys(diff).length > 0) {
        (overrides.get(env) as Json)[shared.key] = diff;
        report.derived(
          `${svc.src.display}: environments.${env}`,
          ["environments", env, "services", shared.key],
          `the fields Copilot's ${env} overrides change (${Object.keys(diff).join(", ")})`,
        );
      }
    }
  }
  if (Object.keys(loadBalancers).length > 0) config.loadBalancers = loadBalancers;
  if (Object.keys(networkLoadBalancers).length > 0) config.networkLoadBalancers = networkLoadBalancers;
  config.services = services;
  if (Object.keys(databases).length > 0) config.databases = databases;
  if (Object.keys(queues).length > 0) config.queues = queues;
  if (Object.keys(topics).length > 0) config.topics = topics;
  if (Object.keys(sites).length > 0) config.sites = sites;
  const environments: Json = {};
  for (const env of envNames) {
    const e = mapEnvironment(
      berthName(env),
      ws.environments.find((x) => x.name === env),
      { report, region: opts.region, loadBalancers },
    );
    const svcOverrides = overrides.get(env)!;
    if (Object.keys(svcOverrides).length > 0) e.services = svcOverrides;
    environments[berthName(env)] = e;
  }
  config.environments = environments;
  for (const o of ws.others) report.notMapped(o.path, o.reason);
  await moveSecretValues(config, report, (path) => `copilot: ${formatPath(path)}`);
  const header = [
    `Imported by \`berth import copilot\` from the Copilot application "${ws.application}".`,
    "Comments mark values berth derived, values to set (SET ME) and fields it could not map; the import report lists every field.",
  ];
  return { config, report, header };
}

function mapOnce(svc: CopilotManifest, env: string | undefined, envName: string, ws: CopilotWorkspace, opts: ImportOptions, report: ImportReport) {
  const found: Placeholder[] = [];
  const known = { COPILOT_APPLICATION_NAME: ws.application, COPILOT_ENVIRONMENT_NAME: envName };
  const manifest = substitute(withOverrides(svc.manifest, env), known, opts.region ?? "us-east-1", found) as Json;
  const mapped = mapService(svc, manifest, { report, root: ws.root, outDir: opts.outDir });
  for (const p of found)
    report.toSet(
      `${svc.src.display}: ${p.at}`,
      ["services", mapped.key],
      `\${${p.name}} in ${p.at} was filled by Copilot at deploy time; berth wrote "${p.standIn}" in its place: set the real value`,
    );
  return mapped;
}

/** Environments: those with a manifest, and those a service manifest overrides. */
function environmentNames(ws: CopilotWorkspace, report: ImportReport): string[] {
  const names = new Set(ws.environments.map((e) => e.name));
  for (const s of ws.services) if (isRecord(s.manifest.environments)) for (const e of Object.keys(s.manifest.environments)) names.add(e);
  const list = [...names].map((n) => {
    const key = berthName(n);
    if (key !== n) report.derived(`copilot/environments/${n}`, ["environments", key], `"${n}" as a berth name`);
    return n;
  });
  if (list.length === 0) {
    report.derived("copilot/environments", ["environments", "prod"], "the workspace has no environment manifests: one prod-tier environment");
    return ["prod"];
  }
  return list.sort();
}

/** Top-level fields of `env` that differ from `shared` (a differing field is written whole: nested overrides would need every required key). */
function topLevelDiff(shared: Json, env: Json, dropped: (field: string) => void): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(env)) if (JSON.stringify(v) !== JSON.stringify(shared[k])) out[k] = v;
  for (const k of Object.keys(shared)) if (!(k in env)) dropped(k);
  return out;
}

/** A fixed `count` in one environment of an autoscaled service: berth's overrides cannot drop `autoscaling`, so it pins min and max. */
function fixedCount(shared: Json, env: Json, note: () => void): void {
  if (shared.autoscaling && !env.autoscaling && typeof env.desiredCount === "number") {
    env.autoscaling = { min: env.desiredCount, max: Math.max(1, env.desiredCount) };
    note();
  }
}

function mergeInto(target: Json, more: Json): void {
  for (const [k, v] of Object.entries(more)) target[k] ??= v;
}

function mergeTopics(target: Json, more: Json): void {
  for (const [k, v] of Object.entries(more)) {
    const have = target[k] as { subscriptions?: Json[] } | undefined;
    const add = (v as { subscriptions?: Json[] }).subscriptions ?? [];
    if (!have) {
      target[k] = structuredClone(v);
      continue;
    }
    // The publisher's settings (fifo, deduplication) and the subscribers' subscriptions, whichever came first.
    for (const [field, value] of Object.entries(v as Json)) if (field !== "subscriptions") (have as Json)[field] = value;
    for (const s of add) {
      if ((have.subscriptions ?? []).some((x) => JSON.stringify(x) === JSON.stringify(s))) continue;
      have.subscriptions = [...(have.subscriptions ?? []), s];
    }
  }
}
