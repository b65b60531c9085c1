/**
 * Copilot's `sidecars` and the main container's `depends_on` as berth's `sidecars` and `dependsOn`:
 * image (a `location`; berth builds only the service's image), port, essential, variables, secrets,
 * health check, command, the service's volumes it mounts, and start order (conditions upper-cased as ECS
 * writes them).
 */
import type { Reporter, ServiceContext } from "./copilot-service.js";
import { containerHealthCheck, mapEnvironment, mapSecrets } from "./copilot-service.js";
import { berthName } from "./values.js";
import { isRecord } from "./yaml-source.js";

type Json = Record<string, unknown>;

const CONDITIONS: Readonly<Record<string, string>> = { start: "START", healthy: "HEALTHY", complete: "COMPLETE", success: "SUCCESS" };

export function mapSidecars(sidecars: unknown, dependsOn: unknown, out: Json, r: Reporter, ctx: ServiceContext): void {
  if (isRecord(sidecars)) {
    const mapped: Json = {};
    for (const [name, spec] of Object.entries(sidecars)) {
      if (!isRecord(spec)) continue;
      const car = mapSidecar(name, spec, nested(r, `sidecars.${name}`, ["sidecars", name]), ctx);
      if (car) mapped[name] = car;
    }
    if (Object.keys(mapped).length > 0) out.sidecars = mapped;
  }
  const deps = mapDependsOn(dependsOn, r, "depends_on", ["dependsOn"]);
  if (deps) out.dependsOn = deps;
}

function mapSidecar(name: string, spec: Json, r: Reporter, ctx: ServiceContext): Json | undefined {
  const car: Json = {};
  const image = isRecord(spec.image) ? spec.image.location : spec.image;
  if (typeof image !== "string") {
    r.notMapped(
      "image",
      isRecord(spec.image) && spec.image.build !== undefined
        ? "berth builds only the service's image: push the sidecar's image and set `image` to it"
        : "a sidecar needs an image",
    );
    return undefined;
  }
  car.image = image;
  r.mapped("image", ["image"]);
  const port = typeof spec.port === "number" ? spec.port : typeof spec.port === "string" ? /^(\d+)(?:\/tcp)?$/i.exec(spec.port.trim())?.[1] : undefined;
  if (port !== undefined) {
    car.port = Number(port);
    r.mapped("port", ["port"]);
  } else if (spec.port !== undefined) r.notMapped("port", `"${String(spec.port)}": berth maps a sidecar's TCP port only`);
  if (typeof spec.essential === "boolean") {
    car.essential = spec.essential;
    r.mapped("essential", ["essential"]);
  }
  const command = spec.command;
  if (typeof command === "string" || Array.isArray(command)) {
    car.command = typeof command === "string" ? command.split(/\s+/).filter(Boolean) : command.map(String);
    r.mapped("command", ["command"]);
  }
  mapEnvironment(spec.variables, spec.env_file, car, r, ctx);
  mapSecrets(spec.secrets, car, r);
  const check = containerHealthCheck(spec.healthcheck);
  if (check) {
    car.healthCheck = check;
    r.mapped("healthcheck", ["healthCheck"]);
  }
  const deps = mapDependsOn(spec.depends_on, r, "depends_on", ["dependsOn"]);
  if (deps) car.dependsOn = deps;
  if (Array.isArray(spec.mount_points)) {
    const points = spec.mount_points
      .filter(isRecord)
      .flatMap((p) =>
        typeof p.source_volume === "string" && typeof p.path === "string"
          ? [{ volume: berthName(p.source_volume), path: p.path, ...(typeof p.read_only === "boolean" ? { readOnly: p.read_only } : {}) }]
          : [],
      );
    if (points.length > 0) {
      car.mountPoints = points;
      r.mapped("mount_points", ["mountPoints"]);
    }
  }
  const handled = new Set(["image", "port", "essential", "command", "variables", "env_file", "secrets", "healthcheck", "depends_on", "mount_points"]);
  const reasons: Readonly<Record<string, string>> = {
    entrypoint: "berth sets only the command; bake the entrypoint into the image",
    credentialsParameter: "private registry credentials are not passed by berth",
    labels: "berth sets no Docker labels",
  };
  for (const f of Object.keys(spec).filter((f) => !handled.has(f))) r.notMapped(f, reasons[f] ?? "berth has no equivalent for this sidecar field");
  return car;
}

function mapDependsOn(deps: unknown, r: Reporter, field: string, target: (string | number)[]): Json | undefined {
  if (!isRecord(deps)) return undefined;
  const out: Json = {};
  for (const [container, condition] of Object.entries(deps)) {
    const c = typeof condition === "string" ? CONDITIONS[condition.toLowerCase()] : undefined;
    if (!c) {
      r.notMapped(`${field}.${container}`, `"${String(condition)}" is not a condition; expected start, healthy, complete or success`);
      continue;
    }
    out[container] = c;
    r.mapped(`${field}.${container}`, [...target, container]);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A reporter for a part of the manifest: its fields under `prefix`, its targets under `target`. */
function nested(r: Reporter, prefix: string, target: (string | number)[]): Reporter {
  return {
    base: [...r.base, ...target],
    mapped: (f, t) => r.mapped(`${prefix}.${f}`, [...target, ...t]),
    mappedAt: (f, path) => r.mappedAt(`${prefix}.${f}`, path),
    derived: (f, t, reason) => r.derived(`${prefix}.${f}`, [...target, ...t], reason),
    notMapped: (f, reason) => r.notMapped(`${prefix}.${f}`, reason),
  };
}
