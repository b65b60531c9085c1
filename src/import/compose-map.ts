/**
 * Maps a Compose project to a berth config, field by field, recording each field in the report:
 * `mapCompose()` reads like its steps — project, databases, entry point, services, secrets, environment.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { formatPath } from "../errors.js";
import { parseEnvFile } from "./compose-interpolate.js";
import { asList, type ComposeProject, type ComposeService } from "./compose-read.js";
import { DATABASE_ENV, type DatabaseImage, databaseImage, unsupportedStore } from "./compose-database.js";
import { chooseEntryPoint, type ComposePort, type EntryPoint, parseExpose, parsePort } from "./compose-ports.js";
import { ImportReport } from "./report.js";
import { moveSecretValues } from "./secret-values.js";
import { berthDuration, berthName, envName, fargateSize, goDurationSeconds, mebibytes, shellWords } from "./values.js";
import { isRecord } from "./yaml-source.js";

type Json = Record<string, unknown>;

export interface ImportOptions {
  /** Folder of the config that will be written: build contexts and paths are made relative to it. */
  readonly outDir: string;
  /** Region of the environment; without it `us-east-1`, reported as a value to set. */
  readonly region?: string;
}

export interface Imported {
  readonly config: Json;
  readonly report: ImportReport;
  readonly header: readonly string[];
}

export async function mapCompose(project: ComposeProject, opts: ImportOptions): Promise<Imported> {
  const report = new ImportReport();
  const config: Json = { project: projectName(project, report) };
  const databases = mapDatabases(project, config, report);
  const apps = project.services.filter((s) => !databases.has(s.name) && !unsupported(s, report));
  const entry = entryPoint(apps, report, project.src.display);
  if (entry) config.loadBalancers = { public: {} };
  const services: Json = {};
  for (const svc of apps) services[berthName(svc.name)] = mapService(svc, { project, entry, databases, report, opts });
  config.services = services;
  mapTopLevelSecrets(project, config, report);
  reportLeftOut(project, report);
  config.environments = { prod: environment(opts, report, project.src.display) };
  await moveSecretValues(config, report, (path) => `${project.src.display}: ${formatPath(path.slice(0, 2).concat(path.slice(-2)))}`);
  const header = [
    `Imported by \`berth import compose\` from ${project.src.display}.`,
    "Comments mark values berth derived, values to set (SET ME) and fields it could not map; the import report lists every field.",
  ];
  return { config, report, header };
}

interface Context {
  readonly project: ComposeProject;
  readonly entry: EntryPoint | undefined;
  readonly databases: ReadonlyMap<string, string>;
  readonly report: ImportReport;
  readonly opts: ImportOptions;
}

function projectName(project: ComposeProject, report: ImportReport): string {
  const name = berthName(project.name);
  if (!project.named) report.derived(`${project.src.display}: (no name)`, ["project"], `the project folder's name, as Compose takes it ("${project.name}")`);
  else if (name === project.name) report.mapped(`${project.src.display}: name`, ["project"]);
  else report.derived(`${project.src.display}: name`, ["project"], `"${project.name}" as a berth name (lowercase letters, digits, hyphens)`);
  return name;
}

/** Database containers → `databases`; returns Compose service name → database key. */
function mapDatabases(project: ComposeProject, config: Json, report: ImportReport): Map<string, string> {
  const out = new Map<string, string>();
  const dbs: Json = {};
  for (const svc of project.services) {
    const image = typeof svc.def.image === "string" ? databaseImage(svc.def.image) : undefined;
    if (!image) continue;
    const key = berthName(svc.name);
    const at = (field: string) => `${svc.src.display}: services.${svc.name}.${field}`;
    const db: Json = { engine: image.engine, version: image.version };
    if (image.derived) report.derived(at("image"), ["databases", key, "version"], image.derived);
    else report.mapped(at("image"), ["databases", key]);
    const env = environmentOf(svc, report, () => undefined);
    const pick = (names: readonly string[]) => names.map((n) => env.values[n]).find((v) => typeof v === "string" && v !== "");
    const dbName = pick(DATABASE_ENV[image.flavour].name);
    if (dbName && /^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(dbName)) {
      db.name = dbName;
      report.mapped(at(`environment.${DATABASE_ENV[image.flavour].name[0]}`), ["databases", key, "name"]);
    }
    const user = pick(DATABASE_ENV[image.flavour].user);
    if (user && /^[A-Za-z][A-Za-z0-9_]{0,15}$/.test(user)) {
      db.username = user;
      report.mapped(at(`environment.${DATABASE_ENV[image.flavour].user[0]}`), ["databases", key, "username"]);
    }
    for (const p of DATABASE_ENV[image.flavour].password)
      if (p in env.values)
        report.notMapped(
          at(`environment.${p}`),
          "RDS keeps the master password in Secrets Manager (generated and rotated); services that use the database get it as DB_PASSWORD",
          ["databases", key],
        );
    if (svc.def.ports) report.notMapped(at("ports"), "the database sits in database subnets, reachable only from the services that use it", ["databases", key]);
    if (svc.def.volumes) report.derived(at("volumes"), ["databases", key], "RDS storage (20 GB gp3 by default, encrypted, backed up) replaces the data volume");
    if (svc.def.healthcheck) report.derived(at("healthcheck"), ["databases", key], "RDS monitors the instance itself");
    dbs[key] = db;
    out.set(svc.name, key);
  }
  if (out.size > 0) config.databases = dbs;
  return out;
}

function unsupported(svc: ComposeService, report: ImportReport): boolean {
  const reason = typeof svc.def.image === "string" ? unsupportedStore(svc.def.image) : undefined;
  if (reason) report.notMapped(`${svc.src.display}: services.${svc.name}`, reason);
  return reason !== undefined;
}

function entryPoint(apps: readonly ComposeService[], report: ImportReport, file: string): EntryPoint | undefined {
  const published = new Map(apps.map((s) => [s.name, asList(s.def.ports).flatMap((p) => parsePort(p) ?? [])]));
  const entry = chooseEntryPoint(published);
  const any = [...published.values()].some((p) => p.length > 0);
  if (entry)
    report.derived(`${file}: entry point`, ["services", berthName(entry.service), "routes"], `${entry.service} is the public entry point: ${entry.rule}`);
  else if (any)
    report.notMapped(
      `${file}: entry point`,
      "no public entry point: no service publishes 80 or 443 and more than one port is published; add `routes` to the service the internet should reach, and a load balancer",
    );
  return entry;
}

function mapService(svc: ComposeService, ctx: Context): Json {
  const { report } = ctx;
  const key = berthName(svc.name);
  const base = ["services", key];
  const at = (field: string) => `${svc.src.display}: services.${svc.name}.${field}`;
  const out: Json = {};
  const handled = new Set<string>();
  const take = (field: string) => {
    handled.add(field);
    return svc.def[field];
  };
  if (key !== svc.name) report.derived(`${svc.src.display}: services.${svc.name}`, base, `"${svc.name}" as a berth name`);

  mapImage(svc, out, take, ctx);
  mapPorts(svc, out, take("ports"), take("expose"), ctx);
  const env = environmentOf(svc, report, (field) => take(field));
  if (Object.keys(env.values).length > 0) {
    const environment: Json = {};
    for (const [k, v] of Object.entries(env.values)) {
      if (v === undefined) {
        report.notMapped(at(`environment.${k}`), "its value comes from the shell where compose runs; set it in `environment` or `secrets`", base);
        continue;
      }
      const db = [...ctx.databases.keys()].find((d) => new RegExp(`(^|[@/])${escape(d)}([:/]|$)`).test(v));
      if (db) {
        report.notMapped(
          at(`environment.${k}`),
          `points at the Compose database service "${db}"; on AWS the service gets DB_HOST, DB_PORT, DB_NAME, DB_USER and DB_PASSWORD instead (\`databases.${ctx.databases.get(db)}\`)`,
          [...base, "databases"],
        );
        continue;
      }
      const peer = ctx.project.services.find((s) => s !== svc && new RegExp(`^[a-z]+://${escape(s.name)}(:\\d+)?(/|$)`).test(v));
      if (peer && ctx.entry?.service === peer.name && new RegExp(`^https?://${escape(peer.name)}(:\\d+)?/?$`).test(v)) {
        environment[k] = { url: berthName(peer.name) };
        report.derived(at(`environment.${k}`), [...base, "environment", k], `${v} is the URL of ${peer.name}: its URL through the load balancer`);
        continue;
      }
      environment[k] = v;
      if (peer)
        report.derived(
          at(`environment.${k}`),
          [...base, "environment", k],
          `kept as written, but on AWS services do not find each other by Compose name: give ${peer.name} a route and write { url: "${berthName(peer.name)}" }`,
        );
      else report.mapped(at(`environment.${k}`), [...base, "environment", k]);
    }
    if (Object.keys(environment).length > 0) out.environment = environment;
  }
  mapSecrets(svc, out, take("secrets"), ctx);
  mapHealthcheck(svc, out, take("healthcheck"), ctx);
  mapDependsOn(svc, out, take("depends_on"), ctx);
  mapDeploy(svc, out, take("deploy"), ctx);
  const command = take("command");
  if (typeof command === "string" || Array.isArray(command)) {
    const words = typeof command === "string" ? shellWords(command) : command.map(String);
    if (words.length > 0) {
      out.command = words;
      report.mapped(at("command"), [...base, "command"]);
    }
  }
  const platform = take("platform");
  if (typeof platform === "string") {
    if (/arm64|aarch64/.test(platform)) out.architecture = "arm64";
    else if (/amd64|x86_64/.test(platform)) out.architecture = "x86_64";
    report.mapped(at("platform"), [...base, "architecture"]);
  }
  for (const [i, v] of asList(take("volumes")).entries()) report.notMapped(at(`volumes[${i}]`), volumeReason(v, ctx.project), base);
  const networkMode = take("network_mode");
  if (networkMode !== undefined)
    report.notMapped(
      at("network_mode"),
      networkMode === "host"
        ? "host networking has no AWS equivalent: Fargate tasks get their own network interface (awsvpc); publish the port instead"
        : "tasks use awsvpc networking",
      base,
    );
  if (take("networks") !== undefined) report.notMapped(at("networks"), "every service shares the VPC; security groups replace Compose networks", base);
  if (take("restart") !== undefined) report.notMapped(at("restart"), "ECS replaces a stopped task by itself; there is nothing to set", base);
  if (take("profiles") !== undefined) report.mapped(at("profiles"), base);
  for (const field of Object.keys(svc.def).filter((f) => !handled.has(f)))
    report.notMapped(at(field), OTHER_REASONS[field] ?? "berth has no equivalent for this Compose field", base);
  return out;
}

const OTHER_REASONS: Readonly<Record<string, string>> = {
  entrypoint: "berth sets only the command (`command`); bake the entrypoint into the image",
  container_name: "berth names tasks itself",
  hostname: "tasks get their own hostnames",
  labels: "container labels are not carried over; use `tags` for AWS tags",
  logging: "container logs go to CloudWatch Logs (`logRetention`)",
  privileged: "Fargate does not run privileged containers",
  cap_add: "Fargate allows only SYS_PTRACE to be added; berth sets none",
  user: "the image's USER applies",
  working_dir: "the image's WORKDIR applies",
  stop_grace_period: "ECS waits 30 seconds after SIGTERM",
  extra_hosts: "tasks resolve names through the VPC's DNS",
  tmpfs: "berth mounts a writable /tmp when the root filesystem is read-only",
  ulimits: "berth sets no ulimits",
};

function mapImage(svc: ComposeService, out: Json, take: (f: string) => unknown, ctx: Context): void {
  const { report } = ctx;
  const base = ["services", berthName(svc.name)];
  const at = (field: string) => `${svc.src.display}: services.${svc.name}.${field}`;
  const build = take("build");
  const image = take("image");
  if (build !== undefined) {
    const spec = isRecord(build) ? build : { context: build };
    const context = relative(ctx.opts.outDir, resolve(svc.dir, String(spec.context ?? "."))) || ".";
    out.build = { context: context.split("\\").join("/") };
    report.mapped(at("build.context"), [...base, "build", "context"]);
    if (typeof spec.dockerfile === "string") {
      (out.build as Json).dockerfile = spec.dockerfile;
      report.mapped(at("build.dockerfile"), [...base, "build", "dockerfile"]);
    }
    for (const f of Object.keys(spec).filter((f) => f !== "context" && f !== "dockerfile"))
      report.notMapped(at(`build.${f}`), "`berth build` passes only the context and Dockerfile; put it in the Dockerfile", [...base, "build"]);
    if (typeof image === "string")
      report.derived(at("image"), [...base, "build"], `built into the service's own ECR repository instead of tagging it ${image}`);
  } else if (typeof image === "string") {
    out.image = image;
    out.repository = false;
    report.mapped(at("image"), [...base, "image"]);
  }
}

function mapPorts(svc: ComposeService, out: Json, ports: unknown, expose: unknown, ctx: Context): void {
  const { report, entry } = ctx;
  const base = ["services", berthName(svc.name)];
  const at = (field: string) => `${svc.src.display}: services.${svc.name}.${field}`;
  const parsed = asList(ports).map((p) => parsePort(p));
  const exposed = asList(expose).map((p) => parseExpose(p));
  const isEntry = entry?.service === svc.name;
  const chosen: ComposePort | undefined = isEntry
    ? parsed.find((p) => p && p.target === entry.port.target && p.published === entry.port.published)
    : [...parsed, ...exposed].find((p) => p && p.protocol === "tcp");
  if (chosen) out.port = chosen.target;
  parsed.forEach((p, i) => {
    if (!p) return report.notMapped(at(`ports[${i}]`), "not a port Compose accepts", base);
    if (p === chosen && isEntry) {
      out.routes = [{ loadBalancer: "public" }];
      report.derived(
        at(`ports[${i}]`),
        [...base, "routes"],
        `the public entry point: every path of the internet-facing load balancer reaches container port ${p.target}`,
      );
    } else if (p === chosen)
      report.derived(at(`ports[${i}]`), [...base, "port"], "the container port; not published: only the entry point is behind the load balancer");
    else
      report.notMapped(
        at(`ports[${i}]`),
        p.protocol === "udp" ? "load balancers here carry HTTP only" : "berth gives a service one container port; only the entry point is published",
        base,
      );
    if (p.range) report.notMapped(at(`ports[${i}]`), "a port range: only its first port is kept", base);
  });
  exposed.forEach((p, i) => {
    if (p && p === chosen) report.mapped(at(`expose[${i}]`), [...base, "port"]);
    else report.notMapped(at(`expose[${i}]`), "berth gives a service one container port", base);
  });
}

/** `env_file` then `environment` (which wins), as Compose merges them. */
function environmentOf(svc: ComposeService, report: ImportReport, take: (f: string) => unknown): { values: Record<string, string | undefined> } {
  const values: Record<string, string | undefined> = {};
  const at = (field: string) => `${svc.src.display}: services.${svc.name}.${field}`;
  const base = ["services", berthName(svc.name)];
  take("env_file");
  for (const [i, entry] of asList(svc.def.env_file).entries()) {
    const path = typeof entry === "string" ? entry : isRecord(entry) ? String(entry.path) : "";
    const required = !(isRecord(entry) && entry.required === false);
    const file = isAbsolute(path) ? path : resolve(svc.dir, path);
    if (!existsSync(file)) {
      if (required) report.notMapped(at(`env_file[${i}]`), `${path} does not exist; its variables are missing`, base);
      continue;
    }
    Object.assign(values, parseEnvFile(readFileSync(file, "utf8")));
  }
  take("environment");
  const env = svc.def.environment;
  if (Array.isArray(env)) {
    for (const item of env) {
      const s = String(item);
      const eq = s.indexOf("=");
      if (eq < 0) values[s] = process.env[s] === undefined ? undefined : process.env[s];
      else values[s.slice(0, eq)] = s.slice(eq + 1);
    }
  } else if (isRecord(env)) {
    for (const [k, v] of Object.entries(env)) values[k] = v === null || v === undefined ? undefined : String(v);
  }
  return { values };
}

function mapSecrets(svc: ComposeService, out: Json, secrets: unknown, ctx: Context): void {
  const base = ["services", berthName(svc.name)];
  const own: Json = {};
  for (const [i, entry] of asList(secrets).entries()) {
    const source = typeof entry === "string" ? entry : isRecord(entry) ? String(entry.source) : "";
    const target = isRecord(entry) && typeof entry.target === "string" ? entry.target : source;
    const name = envName(target.split("/").at(-1)!);
    own[name] = { secret: berthName(source) };
    ctx.report.derived(
      `${svc.src.display}: services.${svc.name}.secrets[${i}]`,
      [...base, "secrets", name],
      `Compose mounts it as the file /run/secrets/${target}; ECS gives it as the environment variable ${name} (read it there)`,
    );
  }
  if (Object.keys(own).length > 0) out.secrets = { ...(out.secrets as Json | undefined), ...own };
}

function mapTopLevelSecrets(project: ComposeProject, config: Json, report: ImportReport): void {
  const declared: Json = {};
  for (const [name, def] of Object.entries(project.secrets)) {
    const key = berthName(name);
    const from = isRecord(def)
      ? def.file
        ? `the file ${String(def.file)}`
        : def.environment
          ? `the variable ${String(def.environment)}`
          : "an external secret"
      : "";
    declared[key] = { description: `Compose secret ${name}; set its value with aws secretsmanager put-secret-value` };
    report.derived(
      `${project.src.display}: secrets.${name}`,
      ["secrets", key],
      `an empty Secrets Manager secret; its value (from ${from || "Compose"}) was not copied — set it with \`aws secretsmanager put-secret-value\``,
    );
  }
  if (Object.keys(declared).length > 0) config.secrets = declared;
}

function mapHealthcheck(svc: ComposeService, out: Json, hc: unknown, ctx: Context): void {
  if (!isRecord(hc)) return;
  const { report } = ctx;
  const base = ["services", berthName(svc.name)];
  const at = (field: string) => `${svc.src.display}: services.${svc.name}.healthcheck.${field}`;
  const test = hc.test;
  if (hc.disable === true || (Array.isArray(test) && test[0] === "NONE")) {
    report.mapped(at("disable"), base);
    return;
  }
  const command = typeof test === "string" ? ["CMD-SHELL", test] : Array.isArray(test) ? test.map(String) : undefined;
  if (!command) return;
  const check: Json = { command };
  report.mapped(at("test"), [...base, "containerHealthCheck", "command"]);
  const durations: [string, string, number, number][] = [
    ["interval", "interval", 5, 300],
    ["timeout", "timeout", 2, 60],
    ["start_period", "startPeriod", 0, 300],
  ];
  for (const [from, to, min, max] of durations) {
    const s = goDurationSeconds(hc[from]);
    if (s === undefined) continue;
    const clamped = Math.min(max, Math.max(min, Math.round(s)));
    check[to] = berthDuration(clamped);
    if (clamped !== s)
      report.derived(at(from), [...base, "containerHealthCheck", to], `${String(hc[from])} is outside ECS's ${min}–${max} seconds: ${berthDuration(clamped)}`);
    else report.mapped(at(from), [...base, "containerHealthCheck", to]);
  }
  if (typeof hc.retries === "number") {
    check.retries = Math.min(10, Math.max(1, hc.retries));
    report.mapped(at("retries"), [...base, "containerHealthCheck", "retries"]);
  }
  if (hc.start_interval !== undefined) report.notMapped(at("start_interval"), "ECS health checks have one interval", base);
  out.containerHealthCheck = check;
  const url = /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::\d+)?(\/[^\s"'|;&]*)/.exec(command.join(" "));
  if (url && out.routes) {
    out.healthCheck = { path: url[1] };
    report.derived(at("test"), [...base, "healthCheck", "path"], `the load balancer checks ${url[1]}, the path the container health check requests`);
  }
}

function mapDependsOn(svc: ComposeService, out: Json, deps: unknown, ctx: Context): void {
  const base = ["services", berthName(svc.name)];
  const entries: [string, unknown][] = Array.isArray(deps) ? deps.map((d) => [String(d), undefined]) : isRecord(deps) ? Object.entries(deps) : [];
  for (const [dep, how] of entries) {
    const at = `${svc.src.display}: services.${svc.name}.depends_on.${dep}`;
    const db = ctx.databases.get(dep);
    if (db) {
      out.databases = { ...(out.databases as Json | undefined), [db]: true };
      ctx.report.derived(
        at,
        [...base, "databases", db],
        "uses the database: it gets DB_HOST, DB_PORT, DB_NAME as environment and DB_USER, DB_PASSWORD from the database's managed secret",
      );
    } else {
      const condition = isRecord(how) && typeof how.condition === "string" ? ` (${how.condition})` : "";
      ctx.report.notMapped(at, `ECS services start independently; berth has no start order${condition}: let ${svc.name} retry until ${dep} answers`, base);
    }
  }
}

function mapDeploy(svc: ComposeService, out: Json, deploy: unknown, ctx: Context): void {
  if (!isRecord(deploy)) return;
  const { report } = ctx;
  const base = ["services", berthName(svc.name)];
  const at = (field: string) => `${svc.src.display}: services.${svc.name}.deploy.${field}`;
  if (typeof deploy.replicas === "number") {
    out.desiredCount = deploy.replicas;
    report.mapped(at("replicas"), [...base, "desiredCount"]);
  }
  const resources = isRecord(deploy.resources) ? deploy.resources : {};
  const limits = isRecord(resources.limits) ? resources.limits : isRecord(resources.reservations) ? resources.reservations : undefined;
  const which = isRecord(resources.limits) ? "limits" : "reservations";
  if (limits && (limits.cpus !== undefined || limits.memory !== undefined)) {
    const cpu = limits.cpus === undefined ? undefined : Math.ceil(Number(limits.cpus) * 1024);
    const memory = mebibytes(limits.memory);
    const size = fargateSize(Number.isFinite(cpu) ? cpu : undefined, memory);
    out.cpu = size.cpu;
    out.memory = size.memory;
    const exact = size.cpu === cpu && size.memory === memory;
    if (exact) report.mapped(at(`resources.${which}`), [...base, "cpu"]);
    else
      report.derived(
        at(`resources.${which}`),
        [...base, "cpu"],
        `cpus ${String(limits.cpus ?? "-")}, memory ${String(limits.memory ?? "-")}: the smallest Fargate size that holds them, ${size.cpu} CPU / ${size.memory} MiB`,
      );
  }
  for (const f of Object.keys(deploy).filter((f) => f !== "replicas" && f !== "resources"))
    report.notMapped(at(f), f === "restart_policy" ? "ECS replaces a stopped task by itself" : "berth's `deployment` settings are ECS's rolling update", base);
}

function volumeReason(v: unknown, project: ComposeProject): string {
  const source = typeof v === "string" ? v.split(":")[0]! : isRecord(v) ? String(v.source ?? "") : "";
  const type = isRecord(v) ? v.type : undefined;
  if (type === "bind" || /^[./~]/.test(source) || source.startsWith("$"))
    return `a bind mount of the host folder ${source}: tasks run on AWS hosts that have no such folder; copy it into the image (or use S3)`;
  if (type === "tmpfs") return "tmpfs: berth mounts a writable /tmp when the root filesystem is read-only";
  if (source && source in project.volumes) return `the named volume ${source}: berth has no EFS volumes yet; keep state in a database or S3`;
  return "an anonymous volume: task storage is ephemeral; berth has no EFS volumes yet";
}

function reportLeftOut(project: ComposeProject, report: ImportReport): void {
  for (const s of project.inactive)
    report.notMapped(`${project.src.display}: services.${s.name}`, `its profiles (${s.profiles.join(", ")}) are not active; pass --profile to import it`);
  for (const { key, src } of project.otherKeys)
    report.notMapped(
      `${src.display}: ${key}`,
      key === "networks" ? "every service shares the VPC; security groups replace Compose networks" : "berth has no equivalent for this top-level field",
    );
  for (const name of project.unset)
    report.notMapped(`${project.src.display}: \${${name}}`, `${name} is not set in the shell or .env; it was replaced by an empty string, as Compose does`);
}

function environment(opts: ImportOptions, report: ImportReport, source: string): Json {
  if (opts.region) report.mapped("--region", ["environments", "prod", "region"]);
  else report.toSet(`${source}: (no region)`, ["environments", "prod", "region"], "the AWS region to deploy to (or pass --region); us-east-1 is a placeholder");
  report.derived(
    `${source}`,
    ["environments", "prod"],
    "one prod-tier environment; add others (tier dev or staging) beside it. The prod tier mounts root filesystems read-only: set `readonlyRootFilesystem: false` on a service whose image writes outside /tmp",
  );
  return { tier: "prod", region: opts.region ?? "us-east-1" };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
