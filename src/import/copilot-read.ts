/**
 * Reads an AWS Copilot workspace: `copilot/.workspace` (the application's name), every service and job
 * manifest (`copilot/<name>/manifest.yml`), every environment manifest
 * (`copilot/environments/<env>/manifest.yml`), and the CloudFormation addons beside a manifest.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { UsageError } from "../errors.js";
import { isRecord, readYamlSource, sourceError, type YamlSource } from "./yaml-source.js";

export const SERVICE_TYPES = [
  "Load Balanced Web Service",
  "Backend Service",
  "Worker Service",
  "Scheduled Job",
  "Request-Driven Web Service",
  "Static Site",
] as const;
export type CopilotType = (typeof SERVICE_TYPES)[number];

export interface CopilotManifest {
  readonly name: string;
  readonly type: CopilotType;
  readonly manifest: Record<string, unknown>;
  readonly src: YamlSource;
  /** Addon templates (`copilot/<name>/addons/*.yml`). */
  readonly addons: readonly YamlSource[];
}

export interface CopilotEnvironment {
  readonly name: string;
  readonly manifest: Record<string, unknown>;
  readonly src: YamlSource;
}

export interface CopilotWorkspace {
  readonly application: string;
  /** The folder that holds `copilot/`: relative paths in manifests (`build`, `env_file`) start there. */
  readonly root: string;
  readonly workspaceSrc: YamlSource;
  readonly services: readonly CopilotManifest[];
  readonly environments: readonly CopilotEnvironment[];
  /** What the workspace holds besides services and environments (pipelines, environment addons), with what berth does instead. */
  readonly others: readonly { path: string; reason: string }[];
}

export function readCopilot(root: string, cwd = process.cwd()): CopilotWorkspace {
  const dir = join(root, "copilot");
  const wsFile = join(dir, ".workspace");
  if (!existsSync(wsFile))
    throw new UsageError(`no Copilot workspace in ${relative(cwd, root) || "."}: ${relative(cwd, wsFile)} is missing`, "pass the folder that holds copilot/");
  const show = (p: string) => relative(cwd, p) || p;
  const workspaceSrc = readYamlSource(wsFile, show(wsFile));
  const application = isRecord(workspaceSrc.value) ? workspaceSrc.value.application : undefined;
  if (typeof application !== "string" || !application)
    throw sourceError(workspaceSrc, ["application"], "the workspace names no application", "copilot/.workspace holds `application: <name>`");
  const services: CopilotManifest[] = [];
  const environments: CopilotEnvironment[] = [];
  const others: { path: string; reason: string }[] = [];
  const pipelineReason = "berth writes CI/CD pipelines from the config: `berth pipeline github` or `berth pipeline jenkins`";
  if (existsSync(join(dir, "pipeline.yml"))) others.push({ path: show(join(dir, "pipeline.yml")), reason: pipelineReason });
  for (const entry of readdirSync(dir).sort()) {
    const folder = join(dir, entry);
    if (entry.startsWith(".") || !statSync(folder).isDirectory()) continue;
    if (entry === "pipelines") {
      others.push({ path: show(folder), reason: pipelineReason });
      continue;
    }
    if (entry === "environments") {
      if (existsSync(join(folder, "addons")))
        others.push({
          path: show(join(folder, "addons")),
          reason: "environment addons are CloudFormation; keep them outside berth (or in a user .tf file beside a stack)",
        });
      for (const env of readdirSync(folder).sort()) {
        const file = join(folder, env, "manifest.yml");
        if (!existsSync(file)) continue;
        const src = readYamlSource(file, show(file));
        if (!isRecord(src.value)) throw sourceError(src, [], "an environment manifest is a map (name, type: Environment, network, http, …)");
        environments.push({ name: typeof src.value.name === "string" ? src.value.name : env, manifest: src.value, src });
      }
      continue;
    }
    const file = join(folder, "manifest.yml");
    if (!existsSync(file)) continue;
    const src = readYamlSource(file, show(file));
    if (!isRecord(src.value)) throw sourceError(src, [], "a manifest is a map (name, type, image, …)");
    const type = src.value.type;
    if (type === "Environment") continue;
    if (!SERVICE_TYPES.includes(type as CopilotType))
      throw sourceError(src, ["type"], `unknown manifest type ${JSON.stringify(type)}`, `expected one of: ${SERVICE_TYPES.join(", ")}`);
    const addonsDir = join(folder, "addons");
    const addons = existsSync(addonsDir)
      ? readdirSync(addonsDir)
          .filter((f) => /\.ya?ml$/.test(f) && !/parameters?\.ya?ml$/.test(f))
          .sort()
          .map((f) => readYamlSource(join(addonsDir, f), show(join(addonsDir, f))))
      : [];
    services.push({ name: typeof src.value.name === "string" ? src.value.name : entry, type: type as CopilotType, manifest: src.value, src, addons });
  }
  return { application, root, workspaceSrc, services, environments, others };
}

/**
 * A manifest with one environment's `environments.<env>` overrides applied as Copilot applies them:
 * maps merge key by key, anything else (scalars, lists, a map replacing a scalar) replaces the value.
 */
export function withOverrides(manifest: Record<string, unknown>, env: string | undefined): Record<string, unknown> {
  const { environments, ...base } = manifest;
  const override = env && isRecord(environments) ? environments[env] : undefined;
  return isRecord(override) ? (merge(base, override) as Record<string, unknown>) : base;
}

function merge(base: unknown, override: unknown): unknown {
  if (override === null || override === undefined) return base;
  if (!isRecord(base) || !isRecord(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = merge(base[k], v);
  return out;
}
