/**
 * Reads a Compose project as the Compose Specification describes it: the file (default `compose.yaml`,
 * `compose.yml`, `docker-compose.yaml`, `docker-compose.yml`), `${VAR}` interpolation from the shell and
 * the project's `.env`, `include`d files (relative to the file that includes them), YAML anchors and merge
 * keys, extension fields (`x-*`, dropped), and profiles (a service with `profiles` only when one is active).
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { UsageError, type ConfigPath } from "../errors.js";
import { InterpolationError, interpolate, parseEnvFile } from "./compose-interpolate.js";
import { isRecord, readYamlSource, sourceError, type YamlSource } from "./yaml-source.js";

export const DEFAULT_COMPOSE_FILES = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

export interface ComposeService {
  readonly name: string;
  readonly def: Record<string, unknown>;
  /** The file that declared it, and its directory (relative paths in it are relative to that). */
  readonly src: YamlSource;
  readonly dir: string;
}

export interface ComposeProject {
  /** `name:` of the top-level file, or its directory's name. */
  readonly name: string;
  /** Whether the file names the project (`name:`), rather than its folder. */
  readonly named: boolean;
  readonly file: string;
  readonly dir: string;
  readonly src: YamlSource;
  readonly services: readonly ComposeService[];
  readonly secrets: Readonly<Record<string, unknown>>;
  readonly volumes: Readonly<Record<string, unknown>>;
  /** Services left out because none of their profiles is active. */
  readonly inactive: readonly { name: string; profiles: readonly string[] }[];
  /** Variables that were unset and had no default. */
  readonly unset: readonly string[];
  /** Top-level keys this reader does not map (`networks`, `configs`, …), with their file. */
  readonly otherKeys: readonly { key: string; src: YamlSource }[];
}

export interface ComposeReadOptions {
  readonly cwd?: string;
  readonly profiles?: readonly string[];
  /** Variables for interpolation. Default: the `.env` beside the file, then the process environment over it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function findComposeFile(cwd: string, explicit?: string): string {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new UsageError(`compose file not found: ${explicit}`, "pass the path of your compose.yaml, or run berth where it is");
    return path;
  }
  const found = DEFAULT_COMPOSE_FILES.map((n) => join(cwd, n)).find((p) => existsSync(p));
  if (!found) throw new UsageError(`no compose file found in ${cwd}`, `berth looks for ${DEFAULT_COMPOSE_FILES.join(", ")}; or pass the file`);
  return found;
}

export function readCompose(file: string, opts: ComposeReadOptions = {}): ComposeProject {
  const cwd = opts.cwd ?? process.cwd();
  const dir = dirname(file);
  const dotenv = existsSync(join(dir, ".env")) ? parseEnvFile(readFileSync(join(dir, ".env"), "utf8")) : {};
  const vars = opts.env ?? { ...dotenv, ...process.env };
  const profiles = new Set(opts.profiles ?? (vars.COMPOSE_PROFILES ? vars.COMPOSE_PROFILES.split(",").map((p) => p.trim()) : []));
  const unset = new Set<string>();
  const services: ComposeService[] = [];
  const inactive: { name: string; profiles: string[] }[] = [];
  const secrets: Record<string, unknown> = {};
  const volumes: Record<string, unknown> = {};
  const otherKeys: { key: string; src: YamlSource }[] = [];
  let top: YamlSource | undefined;
  let name: string | undefined;

  const visit = (path: string, seen: readonly string[]) => {
    const src = readYamlSource(path, relative(cwd, path) || path);
    if (!isRecord(src.value)) throw sourceError(src, [], "a Compose file is a map with `services`", "start it with `services:`");
    const value = interpolated(src, src.value, [], vars, unset) as Record<string, unknown>;
    top ??= src;
    if (path === file && typeof value.name === "string") name = value.name;
    const declared = value.services ?? {};
    if (!isRecord(declared)) throw sourceError(src, ["services"], "`services` must be a map of service names to definitions");
    for (const [svc, def] of Object.entries(declared)) {
      if (svc.startsWith("x-")) continue;
      if (!isRecord(def)) throw sourceError(src, ["services", svc], "a service definition must be a map (image, build, ports, …)");
      if (services.some((s) => s.name === svc))
        throw sourceError(src, ["services", svc], `service "${svc}" is declared in two files`, "Compose refuses a service name defined twice across include");
      const own = asList(def.profiles).map(String);
      if (own.length > 0 && !own.some((p) => profiles.has(p))) {
        inactive.push({ name: svc, profiles: own });
        continue;
      }
      const resolved = withExtends(src, path, svc, def, declared, vars, unset, [`${path}#${svc}`]);
      services.push({ name: svc, def: withoutExtensions(resolved), src, dir: dirname(path) });
    }
    for (const [i, entry] of asList(value.include).entries()) {
      for (const p of includePaths(src, entry, i)) {
        const target = resolve(dirname(path), p);
        if (seen.includes(target)) throw sourceError(src, ["include", i], `includes ${p}, which includes this file again`);
        if (!existsSync(target)) throw sourceError(src, ["include", i], `included file not found: ${p}`);
        visit(target, [...seen, target]);
      }
    }
    for (const [k, v] of Object.entries(isRecord(value.secrets) ? value.secrets : {})) secrets[k] = v;
    for (const [k, v] of Object.entries(isRecord(value.volumes) ? value.volumes : {})) volumes[k] = v;
    for (const key of Object.keys(value)) {
      if (!["name", "version", "services", "secrets", "volumes", "include"].includes(key) && !key.startsWith("x-")) otherKeys.push({ key, src });
    }
  };
  visit(file, [file]);
  return {
    name: name ?? basename(dir),
    named: name !== undefined,
    file,
    dir,
    src: top!,
    services,
    secrets,
    volumes,
    inactive,
    unset: [...unset].sort(),
    otherKeys,
  };
}

/** Keys whose lists `extends` joins (the Compose Specification, "Merge and override"); other lists are replaced. */
const JOINED = new Set([
  "ports",
  "expose",
  "volumes",
  "secrets",
  "configs",
  "dns",
  "dns_search",
  "external_links",
  "tmpfs",
  "env_file",
  "extra_hosts",
  "cap_add",
  "cap_drop",
]);

/** A service with `extends` resolved: the base service (in this file, or in `extends.file`) merged under the local definition. */
function withExtends(
  src: YamlSource,
  path: string,
  name: string,
  def: Record<string, unknown>,
  declared: Record<string, unknown>,
  vars: Readonly<Record<string, string | undefined>>,
  unset: Set<string>,
  seen: readonly string[],
): Record<string, unknown> {
  const ext = def.extends;
  if (ext === undefined) return def;
  const { extends: _, ...local } = def;
  const spec = typeof ext === "string" ? { service: ext } : isRecord(ext) ? ext : {};
  const baseName = typeof spec.service === "string" ? spec.service : undefined;
  if (!baseName) throw sourceError(src, ["services", name, "extends"], "`extends` names a service: extends: { service: <name>, file: <path> }");
  let baseFile = path;
  let baseSrc = src;
  let baseServices = declared;
  if (typeof spec.file === "string") {
    baseFile = resolve(dirname(path), spec.file);
    if (!existsSync(baseFile)) throw sourceError(src, ["services", name, "extends", "file"], `file not found: ${spec.file}`);
    baseSrc = readYamlSource(baseFile, relative(dirname(path), baseFile));
    const value = interpolated(baseSrc, baseSrc.value, [], vars, unset);
    baseServices = isRecord(value) && isRecord(value.services) ? value.services : {};
  }
  const key = `${baseFile}#${baseName}`;
  if (seen.includes(key)) throw sourceError(src, ["services", name, "extends"], `extends ${baseName}, which extends this service again`);
  const base = baseServices[baseName];
  if (!isRecord(base))
    throw sourceError(src, ["services", name, "extends"], `no service "${baseName}" to extend${spec.file ? ` in ${String(spec.file)}` : ""}`);
  return mergeService(withExtends(baseSrc, baseFile, baseName, base, baseServices, vars, unset, [...seen, key]), local);
}

function mergeService(base: Record<string, unknown>, local: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(local)) {
    const b = base[k];
    if (isRecord(b) && isRecord(v)) out[k] = { ...b, ...v };
    else if (Array.isArray(b) && Array.isArray(v) && JOINED.has(k))
      out[k] = [...b, ...v.filter((x) => !b.some((y) => JSON.stringify(y) === JSON.stringify(x)))];
    else out[k] = v;
  }
  return out;
}

function includePaths(src: YamlSource, entry: unknown, i: number): string[] {
  if (typeof entry === "string") return [entry];
  if (isRecord(entry)) {
    const p = entry.path;
    if (typeof p === "string") return [p];
    if (Array.isArray(p) && p.every((x) => typeof x === "string")) return p as string[];
  }
  throw sourceError(src, ["include", i], "an include entry is a path or { path: … }");
}

function interpolated(src: YamlSource, v: unknown, path: ConfigPath, vars: Readonly<Record<string, string | undefined>>, unset: Set<string>): unknown {
  if (typeof v === "string") {
    try {
      const r = interpolate(v, vars);
      for (const u of r.unset) unset.add(u);
      return r.value;
    } catch (e) {
      if (e instanceof InterpolationError)
        throw sourceError(src, path, e.message, "set the variable in the shell or in .env, or give it a default: ${NAME:-value}");
      throw e;
    }
  }
  if (Array.isArray(v)) return v.map((x, i) => interpolated(src, x, [...path, i], vars, unset));
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k.startsWith("x-") ? x : interpolated(src, x, [...path, k], vars, unset)]));
  return v;
}

function withoutExtensions(def: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(def).filter(([k]) => !k.startsWith("x-")));
}

export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
