/**
 * A service's sidecars and the order its containers start in. Rules ECS would only refuse at deploy time
 * are checked here, at their config path: unique container names and ports, dependencies on containers
 * that exist, without cycles, `HEALTHY` only on a container with a health check, `COMPLETE`/`SUCCESS`
 * only on one that is not essential, and the sidecars' reservations inside the task's size.
 */
import type { ServiceInput } from "../config/schema/service.js";
import type { SidecarInput } from "../config/schema/sidecar.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";
import { resolveSecretRefs } from "./secrets.js";
import type { ContainerDependency, ContainerHealthCheck, DeclaredParameter, DeclaredSecret, Service, Sidecar } from "./types.js";
import { parseCpu, parseDuration, parseMemory } from "./units.js";
import { compareText } from "./text-order.js";

export interface SidecarContext {
  /** The service's name: its container's name. */
  readonly service: string;
  readonly port: number | null;
  readonly cpu: number;
  readonly memory: number;
  readonly networkMode: "awsvpc" | "bridge";
  readonly readonlyRootFilesystem: boolean;
  readonly declaredSecrets: readonly DeclaredSecret[];
  readonly declaredParameters: readonly DeclaredParameter[];
  readonly at: ConfigPath;
  readonly issues: Issues;
}

export function resolveContainerHealthCheck(input: ServiceInput["containerHealthCheck"]): ContainerHealthCheck | null {
  if (!input) return null;
  return {
    command: input.command,
    intervalSeconds: parseDuration(input.interval ?? "30 seconds"),
    timeoutSeconds: parseDuration(input.timeout ?? "5 seconds"),
    retries: input.retries ?? 3,
    startPeriodSeconds: parseDuration(input.startPeriod ?? "0 seconds"),
  };
}

export function resolveSidecars(
  input: ServiceInput,
  ctx: SidecarContext,
): { sidecars: Sidecar[]; dependsOn: ContainerDependency[]; routeTo: Service["routeTo"] } {
  const { at, issues } = ctx;
  const entries = Object.entries(input.sidecars ?? {}).sort(([a], [b]) => compareText(a, b));
  const sidecars = entries.map(([name, s]): Sidecar => {
    const where = [...at, "sidecars", name];
    if (name === ctx.service) issues.add(where, `has the service's own name; container names in a task are unique`, `rename the sidecar, e.g. "${name}-agent"`);
    const environment = Object.entries(s.environment ?? {})
      .map(([k, value]) => ({ name: k, value }))
      .sort((a, b) => compareText(a.name, b.name));
    const secrets = resolveSecretRefs(s, { secrets: ctx.declaredSecrets, parameters: ctx.declaredParameters, at: where, issues });
    for (const v of secrets)
      if (environment.some((e) => e.name === v.name)) issues.add([...where, "secrets", v.name], "is also set in environment; a variable comes from one place");
    return {
      name,
      image: s.image,
      command: s.command,
      port: s.port ?? null,
      essential: s.essential ?? true,
      cpu: s.cpu === undefined ? null : parseCpu(s.cpu),
      memory: s.memory === undefined ? null : parseMemory(s.memory),
      environment,
      secrets,
      dependsOn: dependencies(s.dependsOn),
      healthCheck: resolveContainerHealthCheck(s.healthCheck),
      mountPoints: mountPoints(input, s, where, ctx),
      readonlyRootFilesystem: ctx.readonlyRootFilesystem,
      local: s.local ? { command: s.local.command, cwd: s.local.cwd } : undefined,
    };
  });
  const dependsOn = dependencies(input.dependsOn);
  const routeTo = resolveRouteTo(input, sidecars, ctx);
  checkPorts(sidecars, ctx);
  checkSizes(sidecars, ctx);
  checkDependencies(sidecars, dependsOn, input.containerHealthCheck !== undefined, ctx);
  return { sidecars, dependsOn, routeTo };
}

/** The sidecar that takes the load balancers' traffic: it must exist, listen on a port, and the service must have routes. */
function resolveRouteTo(input: ServiceInput, sidecars: readonly Sidecar[], ctx: SidecarContext): Service["routeTo"] {
  if (input.routeTo === undefined) return null;
  const where = [...ctx.at, "routeTo"];
  const car = sidecars.find((s) => s.name === input.routeTo);
  if (!car) {
    ctx.issues.unknown(
      where,
      "sidecar",
      input.routeTo,
      sidecars.map((s) => s.name),
    );
    return null;
  }
  if (car.port === null) {
    ctx.issues.add(where, `names sidecar ${car.name}, which has no port for the load balancers to forward to`, `add port to sidecars.${car.name}`);
    return null;
  }
  if ((input.routes ?? []).length === 0) ctx.issues.add(where, "applies to load balancer routes, and the service has none", "remove routeTo, or add routes");
  if (input.deployment?.strategy === "blue-green")
    ctx.issues.add(
      where,
      "works with rolling deployments only; blue/green switches traffic to the service's own container",
      "remove routeTo, or deploy rolling",
    );
  return { container: car.name, port: car.port };
}

/** The service's volumes a sidecar mounts: each must exist, at a path of its own (not the scratch `/tmp`); read-only if the volume is. */
function mountPoints(input: ServiceInput, s: SidecarInput, at: ConfigPath, ctx: SidecarContext): Sidecar["mountPoints"] {
  const volumes = input.volumes ?? {};
  const paths = new Set<string>(ctx.readonlyRootFilesystem ? ["/tmp"] : []);
  return (s.mountPoints ?? []).flatMap((m, i) => {
    const where = [...at, "mountPoints", i];
    const volume = Object.hasOwn(volumes, m.volume) ? volumes[m.volume] : undefined;
    if (!volume) {
      ctx.issues.unknown([...where, "volume"], "volume", m.volume, Object.keys(volumes));
      return [];
    }
    const path = m.path.replace(/\/+$/, "") || "/";
    if (paths.has(path)) ctx.issues.add([...where, "path"], `${path} is already a mount path of this sidecar`, "choose another path");
    paths.add(path);
    if (volume.readOnly && m.readOnly === false)
      ctx.issues.add([...where, "readOnly"], `is false, but volume ${m.volume} is read-only (the task role may not write to it)`, "remove readOnly: false");
    return [{ volume: m.volume, path, readOnly: m.readOnly ?? volume.readOnly ?? false }];
  });
}

const dependencies = (input: Readonly<Record<string, ContainerDependency["condition"]>> | undefined): ContainerDependency[] =>
  Object.entries(input ?? {})
    .map(([container, condition]) => ({ container, condition }))
    .sort((a, b) => compareText(a.container, b.container));

function checkPorts(sidecars: readonly Sidecar[], ctx: SidecarContext): void {
  const taken = new Map<number, string>(ctx.port === null ? [] : [[ctx.port, `the service (port)`]]);
  for (const s of sidecars) {
    if (s.port === null) continue;
    const where = [...ctx.at, "sidecars", s.name, "port"];
    if (ctx.networkMode === "bridge")
      ctx.issues.add(
        where,
        "cannot be reached on localhost: the service runs in bridge mode (EC2 instances in public subnets), where each container has its own network",
        'run the service in private subnets (subnet: "private"), which gives the task one network (awsvpc)',
      );
    const other = taken.get(s.port);
    if (other) ctx.issues.add(where, `${s.port} is already taken by ${other}; the task's containers share one network`, "choose another port");
    else taken.set(s.port, `sidecar ${s.name}`);
  }
}

function checkSizes(sidecars: readonly Sidecar[], ctx: SidecarContext): void {
  const cpu = sidecars.reduce((n, s) => n + (s.cpu ?? 0), 0);
  const memory = sidecars.reduce((n, s) => n + (s.memory ?? 0), 0);
  if (cpu >= ctx.cpu)
    ctx.issues.add(
      [...ctx.at, "sidecars"],
      `reserve ${cpu} CPU units, all of the task's ${ctx.cpu}; the service's container needs some too`,
      "lower the sidecars' cpu or raise the service's cpu",
    );
  if (memory >= ctx.memory)
    ctx.issues.add(
      [...ctx.at, "sidecars"],
      `limit memory to ${memory} MiB in total, all of the task's ${ctx.memory} MiB; the service's container needs some too`,
      "lower the sidecars' memory or raise the service's memory",
    );
}

function checkDependencies(sidecars: readonly Sidecar[], main: readonly ContainerDependency[], mainHealthCheck: boolean, ctx: SidecarContext): void {
  const containers = new Map<string, { essential: boolean; healthCheck: boolean; dependsOn: readonly ContainerDependency[] }>([
    [ctx.service, { essential: true, healthCheck: mainHealthCheck, dependsOn: main }],
    ...sidecars.map((s) => [s.name, { essential: s.essential, healthCheck: s.healthCheck !== null, dependsOn: s.dependsOn }] as const),
  ]);
  const known = [...containers.keys()];
  const pathOf = (from: string): ConfigPath => (from === ctx.service ? [...ctx.at, "dependsOn"] : [...ctx.at, "sidecars", from, "dependsOn"]);
  for (const [from, c] of containers) {
    for (const d of c.dependsOn) {
      const where = [...pathOf(from), d.container];
      const target = containers.get(d.container);
      if (!target) {
        ctx.issues.unknown(
          where,
          "container",
          d.container,
          known.filter((k) => k !== from),
        );
        continue;
      }
      if (d.container === from) ctx.issues.add(where, "is the container itself; a container cannot wait for itself", `remove ${d.container}`);
      else if (d.condition === "HEALTHY" && !target.healthCheck)
        ctx.issues.add(
          where,
          `waits for ${d.container} to be HEALTHY, but ${d.container} has no health check`,
          d.container === ctx.service ? "add containerHealthCheck to the service" : `add healthCheck to sidecars.${d.container}`,
        );
      else if ((d.condition === "COMPLETE" || d.condition === "SUCCESS") && target.essential)
        ctx.issues.add(
          where,
          `waits for ${d.container} to exit (${d.condition}), but ${d.container} is essential: its exit would stop the task`,
          d.container === ctx.service ? "wait for START or HEALTHY instead" : `set sidecars.${d.container}.essential: false`,
        );
    }
  }
  const cycle = findCycle(containers);
  if (cycle) ctx.issues.add(pathOf(cycle[0]!), `form a cycle: ${cycle.join(" → ")}; ECS would start none of them`, "remove one of the dependencies");
}

/** The first dependency cycle, as container names from its first member back to it. */
function findCycle(containers: ReadonlyMap<string, { dependsOn: readonly ContainerDependency[] }>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === "done") return undefined;
    if (state.get(n) === "open") return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, "open");
    stack.push(n);
    for (const d of containers.get(n)?.dependsOn ?? []) {
      if (d.container === n || !containers.has(d.container)) continue;
      const found = visit(d.container);
      if (found) return found;
    }
    stack.pop();
    state.set(n, "done");
    return undefined;
  };
  for (const n of [...containers.keys()].sort()) {
    const found = visit(n);
    if (found) return found;
  }
  return undefined;
}
