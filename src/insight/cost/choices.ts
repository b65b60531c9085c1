/**
 * Choices in the config that change the bill, priced both ways: NAT per AZ, single or none (with the
 * endpoints berth then adds), x86 vs arm64 on Fargate and Lambda, a Fargate Spot share, and Multi-AZ databases.
 * Also the note the issue asks for: interface endpoints that cost more than the NAT gateway they replace.
 */
import { resolveEndpoints } from "../../model/network.js";
import type { Environment, NatMode } from "../../model/types.js";
import { splitTasks } from "./capacity-split.js";
import { fargateUsage } from "./compute.js";
import { gbSeconds } from "./functions.js";
import { cents, type Lines } from "./lines.js";
import { endpointHours, natCount } from "./network.js";
import type { CostChoice } from "./types.js";

/** Monthly USD of the NAT gateways, their addresses, the interface endpoints and the private traffic through them. */
export function egressCost(env: Environment, lines: Lines, nat: NatMode, endpoints: number): number {
  const h = env.cost.hoursPerMonth;
  const nats = natCount(env, nat);
  const traffic = env.cost.privateTrafficGb;
  return cents(
    lines.price(nats * h, "nat:hour") +
      lines.price(nats * h, "ipv4:hour") +
      (nats > 0 ? lines.price(traffic, "nat:gb") : 0) +
      lines.price(endpointHours(env, endpoints), "endpoint:hour") +
      (nats === 0 && endpoints > 0 ? lines.price(traffic, "endpoint:gb") : 0),
  );
}

/** How many interface endpoints berth would add with this NAT mode (the config's own list stays as it is). */
function endpointsWith(env: Environment, nat: NatMode): number {
  if (env.network.endpoints.reason === "listed in network.endpoints") return env.network.endpoints.interface.length;
  if (env.network.endpoints.interface.length === 0 && env.network.nat === "none") return 0; // endpoints: "none"
  return resolveEndpoints("auto", nat, env.services, env.cluster).interface.length;
}

export function costChoices(env: Environment, lines: Lines): CostChoice[] {
  return [
    ...natChoices(env, lines),
    ...archChoice(env, lines),
    ...functionArchChoice(env, lines),
    ...spotChoice(env, lines),
    ...multiAzChoices(env, lines),
  ].filter((c) => c.delta !== 0);
}

/** Lambda functions on x86_64, priced on arm64 (same requests, cheaper GB-seconds). */
function functionArchChoice(env: Environment, lines: Lines): CostChoice[] {
  const x86 = env.functions.filter((f) => f.architecture === "x86_64");
  if (x86.length === 0) return [];
  const gbs = x86.reduce((n, f) => {
    const u = env.cost.functions[f.key];
    return n + (u ? gbSeconds(u.invocationsMillions, u.durationMs, f.memory) : 0);
  }, 0);
  return [
    {
      choice: "Lambda architecture",
      current: `x86_64 for ${x86.map((f) => f.key).join(", ")}`,
      alternative: "arm64 (Graviton; native dependencies must be built for it)",
      delta: cents(lines.price(gbs, "lambda:gb-second:arm64") - lines.price(gbs, "lambda:gb-second:x86")),
      path: "functions.<name>.architecture",
    },
  ];
}

function natChoices(env: Environment, lines: Lines): CostChoice[] {
  // An existing VPC's routing is its owner's: network.nat cannot be set beside network.vpc.
  if (env.network.existing) return [];
  const current = env.network.nat;
  const now = egressCost(env, lines, current, env.network.endpoints.interface.length);
  const describe = (m: NatMode) => {
    const e = endpointsWith(env, m);
    return `nat "${m}"${e > 0 ? ` + ${e} interface endpoints` : ""}`;
  };
  return (["perAz", "single", "none"] as const)
    .filter((m) => m !== current && !(m === "single" && env.network.azs.length === 1 && current === "perAz"))
    .map((m) => ({
      choice: "NAT gateways",
      current: describe(current),
      alternative: describe(m),
      delta: cents(egressCost(env, lines, m, endpointsWith(env, m)) - now),
      path: "network.nat",
    }));
}

function archChoice(env: Environment, lines: Lines): CostChoice[] {
  const h = env.cost.hoursPerMonth;
  const usage = (arch: "x86" | "arm64", names: readonly string[]) =>
    env.services
      .filter((s) => names.includes(s.name))
      .reduce((sum, s) => {
        const u = fargateUsage(env, s);
        return (
          sum +
          lines.price(u.onDemand * u.vcpu * h, `fargate:vcpu:${arch}`) +
          lines.price(u.onDemand * u.gb * h, `fargate:gb:${arch}`) +
          lines.price(u.spot * u.vcpu * h, `fargate-spot:vcpu:${arch}`) +
          lines.price(u.spot * u.gb * h, `fargate-spot:gb:${arch}`)
        );
      }, 0);
  const x86 = env.services.filter((s) => s.launch === "fargate" && s.architecture === "x86_64").map((s) => s.name);
  if (x86.length === 0) return [];
  return [
    {
      choice: "CPU architecture",
      current: `x86_64 for ${x86.join(", ")}`,
      alternative: "arm64 (Graviton; the images must be built for it)",
      delta: cents(usage("arm64", x86) - usage("x86", x86)),
      path: `services.<name>.architecture`,
    },
  ];
}

function spotChoice(env: Environment, lines: Lines): CostChoice[] {
  if (env.cluster.capacity.kind !== "fargate") return [];
  const h = env.cost.hoursPerMonth;
  const hasSpot = env.cluster.strategy.some((s) => s.provider === "FARGATE_SPOT");
  const alternative = hasSpot
    ? [{ provider: "FARGATE", base: 0, weight: 1 }]
    : [
        { provider: "FARGATE", base: 1, weight: 1 },
        { provider: "FARGATE_SPOT", base: 0, weight: 3 },
      ];
  const bill = (strategy: typeof alternative) =>
    env.services
      .filter((s) => s.launch === "fargate")
      .reduce((sum, s) => {
        const u = fargateUsage(env, s);
        const split = splitTasks(env.cost.tasks[s.name] ?? s.desiredCount, strategy);
        const arch = s.architecture === "arm64" ? "arm64" : "x86";
        const od = split.get("FARGATE") ?? 0;
        const spot = split.get("FARGATE_SPOT") ?? 0;
        return (
          sum +
          lines.price(od * u.vcpu * h, `fargate:vcpu:${arch}`) +
          lines.price(od * u.gb * h, `fargate:gb:${arch}`) +
          lines.price(spot * u.vcpu * h, `fargate-spot:vcpu:${arch}`) +
          lines.price(spot * u.gb * h, `fargate-spot:gb:${arch}`)
        );
      }, 0);
  if (!env.services.some((s) => s.launch === "fargate")) return [];
  const share = (st: readonly { provider: string; base: number; weight: number }[]) =>
    st.map((s) => `${s.provider} base ${s.base} weight ${s.weight}`).join(", ");
  return [
    {
      choice: "Fargate Spot",
      current: share(env.cluster.strategy),
      alternative: hasSpot ? "no Spot (compute.fargateSpot removed)" : `${share(alternative)} (interruptible tasks)`,
      delta: cents(bill(alternative) - bill(env.cluster.strategy as typeof alternative)),
      path: "compute.fargateSpot",
    },
  ];
}

function multiAzChoices(env: Environment, lines: Lines): CostChoice[] {
  const h = env.cost.hoursPerMonth;
  return env.databases
    .filter((d) => d.kind === "instance")
    .map((d) => {
      const one = lines.price(h, `rds:${d.engine}:${d.instanceClass}`) + lines.price(d.storage?.allocatedGb ?? 0, "rds:gp3");
      return {
        choice: `Multi-AZ, database ${d.key}`,
        current: d.multiAz ? "Multi-AZ (a standby in a second AZ)" : "single-AZ",
        alternative: d.multiAz ? "single-AZ (no standby: hours of downtime if the AZ fails)" : "Multi-AZ",
        delta: cents(d.multiAz ? -one : one),
        path: `databases.${d.key}.multiAz`,
      };
    });
}

/** A sentence when the interface endpoints berth added cost more a month than one NAT gateway would. */
export function endpointNote(env: Environment, lines: Lines): string | undefined {
  const endpoints = env.network.endpoints.interface.length;
  if (endpoints === 0 || env.network.nat !== "none" || env.network.existing) return undefined;
  const withEndpoints = egressCost(env, lines, "none", endpoints);
  const withNat = egressCost(env, lines, "single", endpointsWith(env, "single"));
  if (withEndpoints <= withNat) return undefined;
  return (
    `The ${endpoints} interface endpoints (${endpoints} × ${env.network.azs.length} AZs = ${endpoints * env.network.azs.length} network interfaces) cost ` +
    `$${withEndpoints.toFixed(2)} a month, more than one NAT gateway would ($${withNat.toFixed(2)}): network.nat "single" saves ` +
    `$${(withEndpoints - withNat).toFixed(2)} a month, unless the tasks must have no route to the internet.`
  );
}
