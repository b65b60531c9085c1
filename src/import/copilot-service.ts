/**
 * One Copilot service or job manifest (with one environment's overrides applied) as a berth service,
 * plus the load balancers, queues and topics it needs. Each manifest field is recorded in the report:
 * mapped, derived (with why), or not mapped (with the reason).
 *
 * Types: Load Balanced Web Service → a service routed from the internet-facing load balancer; Backend
 * Service → a service with no routes, or routes on an internal load balancer when it has `http`; Worker
 * Service → `worker` on its own queue, subscribed to the topics it names; Scheduled Job → `schedule`;
 * Request-Driven Web Service (App Runner) → a service behind the internet-facing load balancer.
 */
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { ConfigPath } from "../errors.js";
import { parseEnvFile } from "./compose-interpolate.js";
import { copilotSchedule } from "./copilot-schedule.js";
import { mapSidecars } from "./copilot-sidecars.js";
import type { CopilotManifest } from "./copilot-read.js";
import type { ImportReport } from "./report.js";
import { berthDuration, berthName, fargateSize, goDurationSeconds } from "./values.js";
import { isRecord } from "./yaml-source.js";

type Json = Record<string, unknown>;

export interface ServiceContext {
  readonly report: ImportReport;
  /** The folder that holds copilot/. */
  readonly root: string;
  readonly outDir: string;
}

export interface MappedService {
  readonly key: string;
  readonly service: Json;
  readonly loadBalancers: Json;
  /** Network load balancers: Copilot gives each service with `nlb` one of its own, keyed by the service. */
  readonly networkLoadBalancers: Json;
  readonly queues: Json;
  readonly topics: Json;
}

/** Fields every type may have that this mapper reads; the rest are reported as not mapped. */
const KNOWN = new Set(["name", "type", "environments"]);

export function mapService(svc: CopilotManifest, m: Json, ctx: ServiceContext): MappedService {
  const key = berthName(svc.name);
  const base: ConfigPath = ["services", key];
  const out: Json = {};
  const result: MappedService = { key, service: out, loadBalancers: {}, networkLoadBalancers: {}, queues: {}, topics: {} };
  const r = reporter(svc, base, ctx.report);
  const used = new Set<string>(KNOWN);
  const field = (k: string) => {
    used.add(k);
    return m[k];
  };
  if (key !== svc.name) ctx.report.derived(`${svc.src.display}: name`, base, `"${svc.name}" as a berth name`);

  mapImage(field("image"), out, r, ctx);
  mapSize(field, out, r);
  mapPlatform(field("platform"), out, r);
  mapCount(field("count"), out, r);
  mapEnvironment(field("variables"), field("env_file"), out, r, ctx);
  mapSecrets(field("secrets"), out, r);
  mapNetwork(field("network"), out, r);
  mapLogging(field("logging"), out, r);
  mapStorage(field("storage"), out, r);
  mapSidecars(field("sidecars"), field("depends_on"), out, r, ctx);
  const exec = field("exec");
  if (typeof exec === "boolean") {
    out.execCommand = exec;
    r.mapped("exec", ["execCommand"]);
  } else if (isRecord(exec)) r.notMapped("exec", "ECS Exec with its own KMS key or logging; berth turns Exec on or off (`execCommand`)");
  const command = field("command");
  if (typeof command === "string" || Array.isArray(command)) {
    out.command = typeof command === "string" ? command.split(/\s+/).filter(Boolean) : command.map(String);
    r.mapped("command", ["command"]);
  }
  const deployment = field("deployment");
  if (isRecord(deployment) && deployment.rolling === "recreate") {
    out.deployment = { minHealthyPercent: 0, maxPercent: 100 };
    r.derived("deployment.rolling", ["deployment"], "recreate: stop the old tasks before the new ones start");
  } else if (deployment !== undefined) r.mapped("deployment", ["deployment"]);

  switch (svc.type) {
    case "Load Balanced Web Service":
      mapHttp(field("http"), "public", out, result, r);
      mapNlb(field("nlb"), key, out, result, r);
      break;
    case "Backend Service":
      if (isRecord(m.http)) mapHttp(field("http"), "internal", out, result, r);
      else {
        if (field("http") !== undefined) r.mapped("http", []);
        if (out.port !== undefined)
          r.derived(
            "image.port",
            ["port"],
            `Copilot made ${svc.name} reachable by service discovery (${svc.name}.<env>.<app>.local); berth has no service discovery: add \`routes\` on an internal load balancer for the services that call it`,
          );
      }
      break;
    case "Request-Driven Web Service":
      r.derived("type", [], "App Runner has no berth equivalent: an ECS service behind the internet-facing load balancer (same image, port and health check)");
      mapInstance(field("instance"), out, r);
      mapHttp(field("http") ?? {}, "public", out, result, r);
      break;
    case "Worker Service":
      mapSubscribe(field("subscribe"), svc, key, out, result, r);
      break;
    case "Scheduled Job":
      mapJob(field("on"), field("retries"), field("timeout"), out, r);
      break;
    case "Static Site":
      break;
  }
  mapPublish(field("publish"), svc, out, result, r);

  const reasons: Readonly<Record<string, string>> = {
    taskdef_overrides: "CloudFormation overrides of the task definition have no berth form; put them in a `*_override.tf` beside the stack",
    entrypoint: "berth sets only the command; bake the entrypoint into the image",
    observability: "X-Ray tracing sidecars are not set up by berth",
    tags: "berth tags resources through `tags` of the project or environment",
  };
  for (const k of Object.keys(m).filter((k) => !used.has(k))) r.notMapped(k, reasons[k] ?? "berth has no equivalent for this manifest field");
  return result;
}

export interface Reporter {
  mapped(field: string, target: ConfigPath): void;
  /** Mapped to a path outside the service (from the config's root). */
  mappedAt(field: string, path: ConfigPath): void;
  derived(field: string, target: ConfigPath, reason: string): void;
  notMapped(field: string, reason: string): void;
  readonly base: ConfigPath;
}

function reporter(svc: CopilotManifest, base: ConfigPath, report: ImportReport): Reporter {
  const src = (f: string) => `${svc.src.display}: ${f}`;
  return {
    base,
    mapped: (f, t) => report.mapped(src(f), [...base, ...t]),
    mappedAt: (f, path) => report.mapped(src(f), path),
    derived: (f, t, reason) => report.derived(src(f), [...base, ...t], reason),
    notMapped: (f, reason) => report.notMapped(src(f), reason, base),
  };
}

function mapImage(image: unknown, out: Json, r: Reporter, ctx: ServiceContext): void {
  if (!isRecord(image)) return;
  const build = image.build;
  if (typeof build === "string" || isRecord(build)) {
    const spec = typeof build === "string" ? { dockerfile: build } : build;
    const dockerfile = typeof spec.dockerfile === "string" ? spec.dockerfile : undefined;
    const contextPath = typeof spec.context === "string" ? spec.context : dockerfile ? dockerfile.split("/").slice(0, -1).join("/") || "." : ".";
    const context = relative(ctx.outDir, resolve(ctx.root, contextPath)).split("\\").join("/") || ".";
    const b: Json = { context };
    if (dockerfile) b.dockerfile = relative(resolve(ctx.root, contextPath), resolve(ctx.root, dockerfile)).split("\\").join("/");
    out.build = b;
    r.mapped("image.build", ["build"]);
    for (const f of Object.keys(spec).filter((f) => f !== "dockerfile" && f !== "context"))
      r.notMapped(`image.build.${f}`, "`berth build` passes only the context and Dockerfile");
  }
  if (typeof image.location === "string") {
    out.image = image.location;
    out.repository = false;
    r.mapped("image.location", ["image"]);
  }
  if (typeof image.port === "number") {
    out.port = image.port;
    r.mapped("image.port", ["port"]);
  }
  const check = containerHealthCheck(image.healthcheck);
  if (check) {
    out.containerHealthCheck = check;
    r.mapped("image.healthcheck", ["containerHealthCheck"]);
  }
  for (const f of Object.keys(image).filter((f) => !["build", "location", "port", "healthcheck"].includes(f)))
    r.notMapped(`image.${f}`, f === "credentials" ? "private registry credentials are not passed by berth" : "berth has no equivalent");
}

function mapSize(field: (k: string) => unknown, out: Json, r: Reporter): void {
  const cpu = field("cpu");
  const memory = field("memory");
  if (typeof cpu !== "number" && typeof memory !== "number") return;
  const size = fargateSize(typeof cpu === "number" ? cpu : undefined, typeof memory === "number" ? memory : undefined);
  out.cpu = size.cpu;
  out.memory = size.memory;
  if (size.cpu === cpu && size.memory === memory) r.mapped("cpu", ["cpu"]);
  else r.derived("cpu", ["cpu"], `the smallest Fargate size that holds cpu ${String(cpu ?? "-")} and memory ${String(memory ?? "-")}`);
}

function mapInstance(instance: unknown, out: Json, r: Reporter): void {
  if (!isRecord(instance)) return;
  const size = fargateSize(Number(instance.cpu) || undefined, Number(instance.memory) || undefined);
  out.cpu = size.cpu;
  out.memory = size.memory;
  r.derived("instance", ["cpu"], `App Runner's instance as the smallest Fargate size that holds it: ${size.cpu} CPU / ${size.memory} MiB`);
}

function mapPlatform(platform: unknown, out: Json, r: Reporter): void {
  const text = typeof platform === "string" ? platform : isRecord(platform) ? `${String(platform.osfamily)}/${String(platform.architecture)}` : undefined;
  if (!text) return;
  if (/windows/i.test(text)) return r.notMapped("platform", "berth runs Linux containers only");
  out.architecture = /arm64|aarch64/.test(text) ? "arm64" : "x86_64";
  r.mapped("platform", ["architecture"]);
}

function mapCount(count: unknown, out: Json, r: Reporter): void {
  if (typeof count === "number") {
    out.desiredCount = count;
    r.mapped("count", ["desiredCount"]);
    return;
  }
  if (typeof count === "string") return r.notMapped("count", "an App Runner autoscaling configuration; berth uses `autoscaling` (target tracking)");
  if (!isRecord(count)) return;
  const range = count.range;
  let min: number | undefined;
  let max: number | undefined;
  if (typeof range === "string") {
    const m = /^(\d+)-(\d+)$/.exec(range);
    if (m) [min, max] = [Number(m[1]), Number(m[2])];
  } else if (isRecord(range)) {
    min = Number(range.min);
    max = Number(range.max);
    const spotFrom = Number(range.spot_from);
    if (range.spot_from !== undefined && Number.isInteger(spotFrom) && spotFrom >= 1) {
      out.spotAbove = spotFrom - 1;
      r.derived(
        "count.range.spot_from",
        ["spotAbove"],
        `Spot from the ${ordinal(spotFrom)} task on: the first ${spotFrom - 1} on Fargate, every task above them on Fargate Spot`,
      );
    } else if (range.spot_from !== undefined) r.notMapped("count.range.spot_from", `"${String(range.spot_from)}" is not a task count from 1`);
  }
  if (count.spot !== undefined) r.notMapped("count.spot", "berth puts Spot capacity in `compute.fargateSpot` (cluster-wide) or `worker.spot`");
  if (min === undefined || max === undefined || Number.isNaN(min) || Number.isNaN(max)) {
    if (range !== undefined) r.notMapped("count.range", "expected a range such as 1-10 or { min, max }");
    return;
  }
  const a: Json = { min, max };
  r.mapped("count.range", ["autoscaling"]);
  const target = (name: string, to: string) => {
    const v = count[name];
    const value = typeof v === "number" ? v : isRecord(v) && typeof v.value === "number" ? v.value : undefined;
    if (value === undefined) return;
    a[to] = value;
    r.mapped(`count.${name}`, ["autoscaling", to]);
    if (isRecord(v) && v.cooldown !== undefined)
      r.notMapped(`count.${name}.cooldown`, "berth has one scale-in and one scale-out cooldown per service (`count.cooldown`)");
  };
  target("cpu_percentage", "cpu");
  target("memory_percentage", "memory");
  target("requests", "requestsPerTarget");
  if (count.response_time !== undefined) r.notMapped("count.response_time", "berth does not scale on response time; use cpu, memory or requests");
  const qd = count.queue_delay;
  if (isRecord(qd)) {
    const latency = goDurationSeconds(qd.acceptable_latency);
    const per = goDurationSeconds(qd.msg_processing_time);
    if (latency !== undefined && per !== undefined) {
      a.backlog = { latency: berthDuration(latency), perMessage: berthDuration(Math.max(1, per)) };
      if (per < 1) r.derived("count.queue_delay", ["autoscaling", "backlog"], `msg_processing_time ${String(qd.msg_processing_time)} rounded up to 1 second`);
      else r.mapped("count.queue_delay", ["autoscaling", "backlog"]);
    }
  }
  const cd = count.cooldown;
  if (isRecord(cd)) {
    const sin = goDurationSeconds(cd.in);
    const sout = goDurationSeconds(cd.out);
    if (sin !== undefined) a.scaleInCooldown = berthDuration(sin);
    if (sout !== undefined) a.scaleOutCooldown = berthDuration(sout);
    r.mapped("count.cooldown", ["autoscaling"]);
  }
  out.autoscaling = a;
}

const ordinal = (n: number): string => `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")}`;

export function mapEnvironment(variables: unknown, envFile: unknown, out: Json, r: Reporter, ctx: ServiceContext): void {
  const env: Json = {};
  if (typeof envFile === "string") {
    const file = resolve(ctx.root, envFile);
    if (existsSync(file)) {
      Object.assign(env, parseEnvFile(readFileSync(file, "utf8")));
      r.derived("env_file", ["environment"], `the variables of ${envFile}, written into \`environment\` (Copilot uploaded the file to S3)`);
    } else r.notMapped("env_file", `${envFile} does not exist beside copilot/; its variables are missing`);
  }
  if (isRecord(variables)) {
    for (const [k, v] of Object.entries(variables)) {
      if (isRecord(v)) {
        r.notMapped(`variables.${k}`, "a value from a CloudFormation output (`from_cfn`) has no berth form; set the value");
        continue;
      }
      env[k] = v === null || v === undefined ? "" : String(v);
      r.mapped(`variables.${k}`, ["environment", k]);
    }
  }
  if (Object.keys(env).length > 0) out.environment = env;
}

export function mapSecrets(secrets: unknown, out: Json, r: Reporter): void {
  if (!isRecord(secrets)) return;
  const own: Json = {};
  for (const [name, v] of Object.entries(secrets)) {
    if (typeof v === "string") {
      own[name] = { ssm: v };
      r.mapped(`secrets.${name}`, ["secrets", name]);
    } else if (isRecord(v) && typeof v.secretsmanager === "string") {
      const ref = secretsManagerRef(v.secretsmanager);
      own[name] = ref;
      r.mapped(`secrets.${name}`, ["secrets", name]);
    } else r.notMapped(`secrets.${name}`, "a value from a CloudFormation output (`from_cfn`) has no berth form; name the secret instead");
  }
  if (Object.keys(own).length > 0) out.secrets = own;
}

/** `name`, `name:key::` or `arn:…:secret:name-AbCdEf:key::` as berth's `{ secretsManager, key }`. */
export function secretsManagerRef(v: string): Json {
  const arn = /^arn:aws[a-z-]*:secretsmanager:[^:]+:\d{12}:secret:([^:]+)(?::([^:]*))?/.exec(v);
  if (arn) {
    const name = arn[1]!.replace(/-[A-Za-z0-9]{6}$/, "");
    return arn[2] ? { secretsManager: name, key: arn[2] } : { secretsManager: name };
  }
  const [name, key] = v.split(":");
  return key ? { secretsManager: name, key } : { secretsManager: name };
}

function mapNetwork(network: unknown, out: Json, r: Reporter): void {
  if (!isRecord(network)) return;
  const vpc = isRecord(network.vpc) ? network.vpc : {};
  const placement = vpc.placement;
  if (placement === "public" || placement === "private") {
    out.subnet = placement;
    r.mapped("network.vpc.placement", ["subnet"]);
  } else if (placement !== undefined) r.notMapped("network.vpc.placement", "specific subnets: berth places tasks by tier (public or private)");
  if (vpc.security_groups !== undefined)
    r.notMapped(
      "network.vpc.security_groups",
      "berth makes each service's security group and admits callers by security group; add rules in a `*_override.tf`",
    );
  if (network.connect !== undefined)
    r.notMapped("network.connect", "Service Connect is not set up by berth; services reach each other through load balancer routes");
}

function mapLogging(logging: unknown, out: Json, r: Reporter): void {
  if (!isRecord(logging)) return;
  if (typeof logging.retention === "number") {
    out.logRetention = `${logging.retention} days`;
    r.mapped("logging.retention", ["logRetention"]);
  }
  const firelens: Json = {};
  if (isRecord(logging.destination)) {
    firelens.options = Object.fromEntries(Object.entries(logging.destination).map(([k, v]) => [k, String(v)]));
    r.mapped("logging.destination", ["firelens", "options"]);
  }
  if (typeof logging.image === "string") {
    firelens.image = logging.image;
    r.mapped("logging.image", ["firelens", "image"]);
  }
  if (typeof logging.enableMetadata === "boolean") {
    firelens.metadata = logging.enableMetadata;
    r.mapped("logging.enableMetadata", ["firelens", "metadata"]);
  }
  if (isRecord(logging.secretOptions)) {
    const secrets: Json = {};
    for (const [k, v] of Object.entries(logging.secretOptions)) {
      if (typeof v !== "string") continue;
      secrets[k] = /^arn:aws[a-z-]*:secretsmanager:/.test(v) ? secretsManagerRef(v) : { ssm: v.replace(/^arn:aws[a-z-]*:ssm:[^:]+:\d{12}:parameter/, "") };
      r.mapped(`logging.secretOptions.${k}`, ["firelens", "secretOptions", k]);
    }
    if (Object.keys(secrets).length > 0) firelens.secretOptions = secrets;
  }
  if (firelens.options !== undefined) out.firelens = firelens;
  else if (Object.keys(firelens).length > 0) r.notMapped("logging", "FireLens needs a destination: without one the logs stay in CloudWatch Logs");
  const handled = new Set(["retention", "destination", "image", "enableMetadata", "secretOptions"]);
  for (const f of Object.keys(logging).filter((f) => !handled.has(f)))
    r.notMapped(
      `logging.${f}`,
      f === "configFilePath"
        ? "berth's log router takes its output from `firelens.options`; a custom Fluent Bit file has no berth form"
        : "the log router's own settings have no berth form",
    );
}

function mapStorage(storage: unknown, out: Json, r: Reporter): void {
  if (!isRecord(storage)) return;
  if (typeof storage.readonly_fs === "boolean") {
    out.readonlyRootFilesystem = storage.readonly_fs;
    r.mapped("storage.readonly_fs", ["readonlyRootFilesystem"]);
  }
  if (typeof storage.ephemeral === "number") {
    if (storage.ephemeral > 20 && storage.ephemeral <= 200) {
      out.ephemeralStorage = `${storage.ephemeral} GB`;
      r.mapped("storage.ephemeral", ["ephemeralStorage"]);
    } else r.derived("storage.ephemeral", [], `${storage.ephemeral} GiB: Fargate's default 20 GB applies (berth sets 21–200)`);
  }
  if (isRecord(storage.volumes)) {
    const volumes: Json = {};
    for (const [name, v] of Object.entries(storage.volumes)) {
      const volume = isRecord(v) ? mapVolume(v, `storage.volumes.${name}`, ["volumes", berthName(name)], r) : undefined;
      if (volume) volumes[berthName(name)] = volume;
    }
    if (Object.keys(volumes).length > 0) out.volumes = volumes;
  }
}

/**
 * A Copilot volume as a berth EFS volume: `efs: true` or `{ uid, gid }` (Copilot's managed file system,
 * here one of the service's own), or an existing one by `id` with its access point. A bind mount of the
 * task's own storage (no `efs`) and a `root_dir` have no berth form.
 */
function mapVolume(v: Json, field: string, target: (string | number)[], r: Reporter): Json | undefined {
  if (typeof v.path !== "string") {
    r.notMapped(field, "a volume needs the path it is mounted at");
    return undefined;
  }
  const efs = v.efs;
  let mapped: Json["efs"];
  if (efs === true) mapped = true;
  else if (isRecord(efs) && typeof efs.id === "string") {
    const auth = isRecord(efs.auth) ? efs.auth : {};
    mapped = typeof auth.access_point_id === "string" ? { id: efs.id, accessPoint: auth.access_point_id } : { id: efs.id };
    if (efs.root_dir !== undefined && efs.root_dir !== "/")
      r.notMapped(`${field}.efs.root_dir`, "berth mounts an existing file system at its root or through an access point (`accessPoint`)");
    if (auth.iam === false) r.derived(`${field}.efs.auth.iam`, [...target, "efs"], "berth always mounts with IAM authorization and TLS");
  } else if (isRecord(efs) && (typeof efs.uid === "number" || typeof efs.gid === "number")) {
    mapped = { ...(typeof efs.uid === "number" ? { uid: efs.uid } : {}), ...(typeof efs.gid === "number" ? { gid: efs.gid } : {}) };
  } else {
    r.notMapped(field, "a volume of the task's own storage (no `efs`); berth mounts EFS volumes only");
    return undefined;
  }
  r.mapped(field, target);
  if (efs === true || (isRecord(efs) && efs.id === undefined))
    r.derived(`${field}.efs`, [...target, "efs"], "Copilot's environment-wide file system becomes one of the service's own, in its stack");
  return { path: v.path, ...(v.read_only === true ? { readOnly: true } : {}), efs: mapped };
}

/**
 * `nlb` → an internet-facing network load balancer of the service's own (as Copilot makes one per service)
 * and the service's `nlb` listeners: the main one and `additional_listeners`. A `/tls` port needs the
 * environment's `domain` for its certificate, which an import does not know: it becomes TCP (TLS then
 * reaches the task as it is) with the change to make once the domain is set.
 */
function mapNlb(nlb: unknown, key: string, out: Json, result: MappedService, r: Reporter): void {
  if (nlb === undefined) return;
  if (!isRecord(nlb)) return r.notMapped("nlb", "expected a map with port, target_port and healthcheck");
  const lb: Json = {};
  result.networkLoadBalancers[key] = lb;
  const listener = (l: Json, at: string, index: number): Json | undefined => {
    const port = typeof l.port === "number" ? String(l.port) : typeof l.port === "string" ? l.port.trim() : "";
    const m = /^(\d{1,5})(?:\/(tcp|tls|udp|tcp_udp))?$/i.exec(port);
    if (!m) {
      r.notMapped(`${at}.port`, `"${port}" is not a port and protocol such as "443/tls"`);
      return undefined;
    }
    const protocol = (m[2] ?? "tcp").toLowerCase();
    const target = ["nlb", ...(index === 0 ? [] : [index])];
    // TCP, and TLS imported as TCP (below), are a plain port number; UDP and TCP_UDP keep their protocol.
    const out: Json = { loadBalancer: key, port: protocol === "tls" || protocol === "tcp" ? Number(m[1]) : `${m[1]}/${protocol}` };
    if (protocol === "tls")
      r.derived(
        `${at}.port`,
        [...target, "port"],
        `TLS ends at the load balancer with the environment's certificate, which needs its \`domain\`: imported as TCP ${m[1]} (TLS reaches the task as it is); set the domain and write "${m[1]}/tls"`,
      );
    else r.mapped(`${at}.port`, [...target, "port"]);
    if (typeof l.target_port === "number") {
      out.targetPort = l.target_port;
      r.mapped(`${at}.target_port`, [...target, "targetPort"]);
    }
    if (l.target_container !== undefined) r.notMapped(`${at}.target_container`, "berth's listeners reach the service's container, not a sidecar");
    const hc = l.healthcheck;
    if (isRecord(hc)) {
      const check: Json = {};
      if (typeof hc.port === "number") check.port = hc.port;
      if (typeof hc.healthy_threshold === "number") check.healthyThreshold = hc.healthy_threshold;
      if (typeof hc.unhealthy_threshold === "number") check.unhealthyThreshold = hc.unhealthy_threshold;
      const interval = goDurationSeconds(hc.interval);
      if (interval !== undefined) check.interval = berthDuration(interval);
      if (Object.keys(check).length > 0) {
        out.healthCheck = check;
        r.mapped(`${at}.healthcheck`, [...target, "healthCheck"]);
      }
      for (const k of ["timeout", "grace_period"])
        if (hc[k] !== undefined)
          r.notMapped(`${at}.healthcheck.${k}`, "berth's NLB health checks use AWS's timeout; the service's grace period is `healthCheck.gracePeriod`");
    }
    return out;
  };
  const listeners = [listener(nlb, "nlb", 0)];
  const extra = Array.isArray(nlb.additional_listeners) ? nlb.additional_listeners : [];
  extra.forEach((l, i) => {
    if (isRecord(l)) listeners.push(listener(l, `nlb.additional_listeners[${i}]`, i + 1));
  });
  const ok = listeners.filter((l): l is Json => l !== undefined);
  if (ok.length > 0) out.nlb = ok.length === 1 ? ok[0] : ok;
  if (typeof nlb.ssl_policy === "string") {
    lb.sslPolicy = nlb.ssl_policy;
    r.mappedAt("nlb.ssl_policy", ["networkLoadBalancers", key, "sslPolicy"]);
  }
  for (const k of ["alias", "hosted_zone", "stickiness", "deregistration_delay", "network"])
    if (nlb[k] !== undefined)
      r.notMapped(
        `nlb.${k}`,
        "berth's NLB names its record `<key>.<domain>` (networkLoadBalancers.<key>.hostName) and has no stickiness or deregistration setting yet",
      );
}

function mapHttp(http: unknown, lb: "public" | "internal", out: Json, result: MappedService, r: Reporter): void {
  if (http === false) return r.mapped("http", []);
  if (!isRecord(http)) return;
  result.loadBalancers[lb] = lb === "internal" ? { internal: true } : {};
  const route = (path: unknown, alias: unknown): Json => {
    const rt: Json = { loadBalancer: lb };
    if (typeof path === "string" && path !== "/" && path !== "") {
      const p = `/${path.replace(/^\/+|\/+$/g, "")}`;
      rt.path = [p, `${p}/*`];
    }
    const hosts = (Array.isArray(alias) ? alias : alias === undefined ? [] : [alias])
      .map((a) => (isRecord(a) ? a.name : a))
      .filter((a) => typeof a === "string");
    if (hosts.length > 0) rt.host = hosts.length === 1 ? hosts[0] : hosts;
    return rt;
  };
  const routes: Json[] = [route(http.path, http.alias)];
  r.mapped("http.path", ["routes", 0]);
  if (http.alias !== undefined)
    r.derived("http.alias", ["routes", 0, "host"], "a host rule; HTTPS for it needs the environment's `domain` (berth issues the certificate)");
  if (Array.isArray(http.additional_rules))
    http.additional_rules.forEach((rule, i) => {
      if (!isRecord(rule)) return;
      routes.push(route(rule.path, rule.alias));
      r.mapped(`http.additional_rules[${i}]`, ["routes", routes.length - 1]);
      for (const f of Object.keys(rule).filter((f) => f !== "path" && f !== "alias"))
        r.notMapped(`http.additional_rules[${i}].${f}`, "berth gives a service one target group; its health check and settings apply to every route");
    });
  out.routes = routes;
  mapHealth(http.healthcheck, out, r);
  const delay = goDurationSeconds(http.deregistration_delay);
  if (delay !== undefined) {
    out.deregistrationDelay = berthDuration(delay);
    r.mapped("http.deregistration_delay", ["deregistrationDelay"]);
  }
  const target = http.target_container;
  if (typeof target === "string" && target !== r.base[1]) {
    if (isRecord(out.sidecars) && Object.hasOwn(out.sidecars, target)) {
      out.routeTo = target;
      r.mapped("http.target_container", ["routeTo"]);
    } else r.notMapped("http.target_container", `"${target}" is not a sidecar berth maps; the load balancer forwards to the service's container`);
  }
  const handled = new Set(["path", "alias", "additional_rules", "healthcheck", "deregistration_delay", "target_container", "hosted_zone"]);
  for (const f of Object.keys(http).filter((f) => !handled.has(f)))
    r.notMapped(
      `http.${f}`,
      f === "allowed_source_ips" ? "the internet-facing listener admits every address; use `waf` or an override" : `berth has no equivalent for http.${f}`,
    );
  if (http.hosted_zone !== undefined) r.notMapped("http.hosted_zone", "berth creates the alias records in the environment's `domain`");
}

function mapHealth(hc: unknown, out: Json, r: Reporter): void {
  if (typeof hc === "string") {
    out.healthCheck = { path: hc.startsWith("/") ? hc : `/${hc}` };
    r.mapped("http.healthcheck", ["healthCheck", "path"]);
    return;
  }
  if (!isRecord(hc)) return;
  const check: Json = {};
  if (typeof hc.path === "string") check.path = hc.path.startsWith("/") ? hc.path : `/${hc.path}`;
  if (hc.success_codes !== undefined) check.matcher = String(hc.success_codes).replace(/\s/g, "");
  if (typeof hc.healthy_threshold === "number") check.healthyThreshold = Math.min(10, Math.max(2, hc.healthy_threshold));
  if (typeof hc.unhealthy_threshold === "number") check.unhealthyThreshold = Math.min(10, Math.max(2, hc.unhealthy_threshold));
  for (const [from, to, min, max] of [
    ["interval", "interval", 5, 300],
    ["timeout", "timeout", 2, 120],
    ["grace_period", "gracePeriod", 0, 2147483647],
  ] as const) {
    const s = goDurationSeconds(hc[from]);
    if (s !== undefined) check[to] = berthDuration(Math.min(max, Math.max(min, Math.round(s))));
  }
  out.healthCheck = check;
  r.mapped("http.healthcheck", ["healthCheck"]);
  if (hc.port !== undefined) r.notMapped("http.healthcheck.port", "the load balancer checks the service's port");
}

function mapSubscribe(subscribe: unknown, svc: CopilotManifest, key: string, out: Json, result: MappedService, r: Reporter): void {
  const queueKey = berthName(`${key}-events`);
  const sub = isRecord(subscribe) ? subscribe : {};
  const q = isRecord(sub.queue) ? sub.queue : {};
  const queue: Json = {};
  const retention = goDurationSeconds(q.retention);
  if (retention !== undefined) queue.retention = berthDuration(retention);
  const timeout = goDurationSeconds(q.timeout);
  if (timeout !== undefined) queue.visibilityTimeout = berthDuration(timeout);
  if (isRecord(q.dead_letter) && typeof q.dead_letter.tries === "number") {
    queue.deadLetter = { maxReceives: q.dead_letter.tries };
    r.mapped("subscribe.queue.dead_letter", ["worker"]);
  } else {
    queue.deadLetter = false;
    r.derived(
      "subscribe.queue",
      ["worker"],
      `Copilot made no dead-letter queue for ${svc.name}; \`queues.${queueKey}.deadLetter\` is false (remove it for berth's default, 5 receives)`,
    );
  }
  if (q.delay !== undefined) r.notMapped("subscribe.queue.delay", "berth queues deliver at once");
  mapFifo(q.fifo, "subscribe.queue.fifo", queue, r, ["queues", queueKey]);
  result.queues[queueKey] = queue;
  out.worker = { queue: queueKey };
  r.derived(
    "subscribe",
    ["worker"],
    `consumes the queue "${queueKey}" (Copilot's events queue); the worker reads its URL from ${queueKey.toUpperCase().replace(/-/g, "_")}_QUEUE_URL instead of COPILOT_QUEUE_URI`,
  );
  for (const [i, t] of (Array.isArray(sub.topics) ? sub.topics : []).entries()) {
    if (!isRecord(t) || typeof t.name !== "string") continue;
    const topicKey = berthName(`${String(t.service ?? "")}-${t.name}`);
    const subscription: Json = { queue: queueKey, rawDelivery: false };
    if (isRecord(t.filter_policy)) subscription.filter = t.filter_policy;
    const topic = (result.topics[topicKey] ??= { subscriptions: [] }) as { subscriptions: Json[] };
    topic.subscriptions.push(subscription);
    r.derived(
      `subscribe.topics[${i}]`,
      ["worker"],
      `topic "${topicKey}" delivers to "${queueKey}" in SNS's JSON envelope, as Copilot did (rawDelivery: false)`,
    );
    if (t.queue !== undefined) r.notMapped(`subscribe.topics[${i}].queue`, `a worker consumes one queue in berth; the topic's messages go to "${queueKey}"`);
  }
}

function mapPublish(publish: unknown, svc: CopilotManifest, out: Json, result: MappedService, r: Reporter): void {
  if (!isRecord(publish) || !Array.isArray(publish.topics)) return;
  const uses: Json = {};
  for (const [i, t] of publish.topics.entries()) {
    if (!isRecord(t) || typeof t.name !== "string") continue;
    const topicKey = berthName(`${svc.name}-${t.name}`);
    const topic = (result.topics[topicKey] ??= {}) as Json;
    uses[topicKey] = "publish";
    r.derived(
      `publish.topics[${i}]`,
      ["topics", topicKey],
      `publishes to "${topicKey}"; its ARN arrives as ${topicKey.toUpperCase().replace(/-/g, "_")}_TOPIC_ARN instead of COPILOT_SNS_TOPIC_ARNS`,
    );
    mapFifo(t.fifo, `publish.topics[${i}].fifo`, topic, r, ["topics", topicKey]);
  }
  out.topics = uses;
}

/**
 * Copilot's `fifo: true` or `fifo: { content_based_deduplication, … }` on a queue or topic as berth's
 * `fifo` and `contentBasedDeduplication` at `at` (from the config's root); SQS's throughput settings are reported, not mapped.
 */
function mapFifo(fifo: unknown, field: string, into: Json, r: Reporter, at: (string | number)[]): void {
  if (fifo === undefined || fifo === false) return;
  into.fifo = true;
  r.mappedAt(field, [...at, "fifo"]);
  if (!isRecord(fifo)) return;
  if (typeof fifo.content_based_deduplication === "boolean") {
    into.contentBasedDeduplication = fifo.content_based_deduplication;
    r.mappedAt(`${field}.content_based_deduplication`, [...at, "contentBasedDeduplication"]);
  }
  for (const k of Object.keys(fifo).filter((k) => k !== "content_based_deduplication"))
    r.notMapped(`${field}.${k}`, "berth's FIFO queues use SQS's default deduplication scope and throughput (per queue)");
}

function mapJob(on: unknown, retries: unknown, timeout: unknown, out: Json, r: Reporter): void {
  const expr = isRecord(on) ? on.schedule : undefined;
  const schedule: Json = {};
  if (typeof expr === "string") {
    const s = copilotSchedule(expr);
    if ("problem" in s) {
      schedule.expression = "rate(1 day)";
      schedule.enabled = false;
      r.derived("on.schedule", ["schedule"], `${s.problem}; written disabled, at rate(1 day): set the expression`);
    } else {
      schedule.expression = s.expression;
      if (s.enabled === false) schedule.enabled = false;
      if (s.enabled === false) r.derived("on.schedule", ["schedule", "enabled"], `${s.note ?? "disabled"}: the schedule is kept, disabled`);
      else if (s.note || s.expression !== expr)
        r.derived("on.schedule", ["schedule", "expression"], `${expr} as EventBridge writes it${s.note ? `; ${s.note}` : ""}`);
      else r.mapped("on.schedule", ["schedule", "expression"]);
    }
  }
  if (typeof retries === "number") {
    schedule.retries = Math.min(10, retries);
    r.mapped("retries", ["schedule", "retries"]);
  }
  const t = goDurationSeconds(timeout);
  if (t !== undefined) {
    schedule.timeout = berthDuration(t);
    r.mapped("timeout", ["schedule", "timeout"]);
  }
  out.schedule = schedule;
}

/**
 * A container health check from Copilot's `healthcheck` map (a command with Go durations), within the
 * bounds ECS accepts; undefined without a command. For the service's image and for its sidecars alike.
 */
export function containerHealthCheck(hc: unknown): Json | undefined {
  if (!isRecord(hc) || !Array.isArray(hc.command)) return undefined;
  const check: Json = { command: hc.command.map(String) };
  for (const [from, to, min, max] of [
    ["interval", "interval", 5, 300],
    ["timeout", "timeout", 2, 60],
    ["start_period", "startPeriod", 0, 300],
  ] as const) {
    const s = goDurationSeconds(hc[from]);
    if (s !== undefined) check[to] = berthDuration(Math.min(max, Math.max(min, Math.round(s))));
  }
  if (typeof hc.retries === "number") check.retries = Math.min(10, Math.max(1, hc.retries));
  return check;
}
