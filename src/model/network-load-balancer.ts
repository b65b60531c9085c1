/**
 * Network Load Balancers: each `networkLoadBalancers` entry, and the listeners services put on them
 * (`services.<name>.nlb`, Copilot's `nlb: { port: 443/tls, target_port, healthcheck }`). The load balancer
 * and its security group live in the platform stack; each listener and its target group (type `ip`) in
 * the service's stack, which also lets the load balancer's group reach its tasks.
 */
import type { NetworkLoadBalancerInput, NlbListenerInput } from "../config/schema/network-load-balancer.js";
import type { ConfigPath } from "../errors.js";
import { covers, DEFAULT_SSL_POLICY } from "./edge.js";
import type { Issues } from "./issues.js";
import { awsName, LIMITS } from "./names.js";
import type { TierDefaults } from "./tiers.js";
import type { Domain, NetworkLoadBalancer, NlbListener, NlbProtocol } from "./types.js";
import { parseDuration } from "./units.js";
import { compareText } from "./text-order.js";

/** What a service's listeners need to know about the service. */
export interface NlbServiceFacts {
  readonly prefix: string;
  readonly name: string;
  readonly kind: "web" | "worker" | "job";
  readonly port: number | null;
  readonly networkMode: "awsvpc" | "bridge";
  /** Keys of the environment's `networkLoadBalancers`. */
  readonly loadBalancers: readonly string[];
  readonly at: ConfigPath;
  readonly issues: Issues;
}

/** Splits `"443/tls"`, `"53/udp"` or `5432` into a port and protocol. */
export function parseListenerPort(value: number | string): { port: number; protocol: NlbProtocol } {
  if (typeof value === "number") return { port: value, protocol: "TCP" };
  const [port, protocol] = value.split("/");
  return { port: Number.parseInt(port as string, 10), protocol: (protocol ?? "tcp").toUpperCase() as NlbProtocol };
}

export function resolveNlbListeners(input: NlbListenerInput | readonly NlbListenerInput[] | undefined, s: NlbServiceFacts): NlbListener[] {
  if (input === undefined) return [];
  const list: readonly NlbListenerInput[] = Array.isArray(input) ? input : [input as NlbListenerInput];
  const single = !Array.isArray(input);
  const nlbAt = [...s.at, "nlb"];
  if (s.kind !== "web") {
    s.issues.add(
      nlbAt,
      `puts a ${s.kind === "worker" ? "queue worker" : "scheduled job"} behind a Network Load Balancer, but it ${s.kind === "worker" ? "consumes a queue and serves no traffic" : "runs to completion and serves no traffic"}`,
      `remove nlb, or remove ${s.kind === "worker" ? "worker" : "schedule"} to make ${s.name} a service that listens`,
    );
    return [];
  }
  if (s.networkMode === "bridge") {
    s.issues.add(
      nlbAt,
      "needs awsvpc tasks (the target groups are of type ip, and the load balancer's security group admits the tasks' own group), but this service runs in bridge mode on EC2 instances in public subnets",
      'run the service in private subnets (subnet: "private"), where its tasks get their own network interface',
    );
    return [];
  }
  return list.flatMap((l, i): NlbListener[] => {
    const at = single ? nlbAt : [...nlbAt, i];
    if (!s.loadBalancers.includes(l.loadBalancer)) {
      s.issues.unknown([...at, "loadBalancer"], "network load balancer", l.loadBalancer, s.loadBalancers);
      return [];
    }
    const { port, protocol } = parseListenerPort(l.port);
    const targetPort = l.targetPort ?? s.port;
    if (targetPort === null) {
      s.issues.add([...at, "targetPort"], "is needed: the service has no port to forward to", `set targetPort, or port on services.${s.name}`);
      return [];
    }
    const hc = l.healthCheck ?? {};
    const hcProtocol = (hc.protocol ?? (hc.path ? "http" : "tcp")).toUpperCase() as "TCP" | "HTTP" | "HTTPS";
    if (hc.path && hcProtocol === "TCP") {
      s.issues.add(
        [...at, "healthCheck", "path"],
        "is set, but a TCP health check only opens a connection and requests no path",
        'use protocol: "http", or remove path',
      );
    }
    const udp = protocol === "UDP";
    // AWS checks targets over TCP, HTTP or HTTPS only; a UDP-only target port cannot be checked, so the service's TCP port is.
    let checkPort: number | "traffic-port" = hc.port ?? "traffic-port";
    if (udp && hc.port === undefined) {
      if (s.port === null) {
        s.issues.add(
          [...at, "healthCheck"],
          "is needed: AWS cannot health-check a UDP target over UDP, and the service has no TCP port to check instead",
          "set healthCheck: { port: <a TCP port the container listens on> }, or port on the service",
        );
        return [];
      }
      checkPort = s.port;
    }
    return [
      {
        loadBalancer: l.loadBalancer,
        service: s.name,
        port,
        protocol,
        targetProtocol: protocol === "TLS" ? "TCP" : protocol,
        targetPort,
        targetGroupName: awsName([s.prefix, s.name, ...targetGroupSuffix(list, l, port, protocol, targetPort)], LIMITS.targetGroup),
        healthCheck: {
          protocol: hcProtocol,
          path: hcProtocol === "TCP" ? null : (hc.path ?? "/"),
          port: checkPort,
          intervalSeconds: parseDuration(hc.interval ?? "30 seconds"),
          healthyThreshold: hc.healthyThreshold ?? 3,
          unhealthyThreshold: hc.unhealthyThreshold ?? 3,
        },
        at,
      },
    ];
  });
}

/**
 * What tells a listener's target group from the service's others: `nlb` for a lone plain TCP listener, else its port, with the
 * load balancer when another listener of the service has that port, and the protocol when one on the same load balancer does.
 */
function targetGroupSuffix(list: readonly NlbListenerInput[], l: NlbListenerInput, port: number, protocol: NlbProtocol, targetPort: number | null): string[] {
  const others = list.filter((o) => o !== l && parseListenerPort(o.port).port === port);
  if (list.length === 1 && protocol === "TCP" && port === targetPort) return ["nlb"];
  return [
    ...(others.length > 0 ? [l.loadBalancer] : []),
    `${port}`,
    ...(others.some((o) => o.loadBalancer === l.loadBalancer) ? [protocol.toLowerCase().replace("_", "")] : []),
  ];
}

export function resolveNetworkLoadBalancer(
  key: string,
  input: NetworkLoadBalancerInput,
  ctx: {
    prefix: string;
    defaults: TierDefaults;
    domain: Domain | null;
    /** False in a recovery region: the primary's record is the name. */
    records: boolean;
    listeners: readonly NlbListener[];
    at: ConfigPath;
    issues: Issues;
  },
): NetworkLoadBalancer {
  const at = [...ctx.at, key];
  const listeners = ctx.listeners.filter((l) => l.loadBalancer === key).sort((a, b) => a.port - b.port || compareText(a.service, b.service));
  // One listener per port: AWS refuses a second, even of another protocol (TCP and UDP on one port is TCP_UDP).
  const byPort = new Map<number, NlbListener>();
  for (const l of listeners) {
    const twin = byPort.get(l.port);
    if (!twin) {
      byPort.set(l.port, l);
      continue;
    }
    const mixed = new Set([twin.protocol, l.protocol]);
    ctx.issues.add(
      [...l.at, "port"],
      `${l.port} is already a ${twin.protocol} listener of service "${twin.service}" on network load balancer "${key}"; a load balancer has one listener per port`,
      mixed.has("TCP") && mixed.has("UDP") && twin.service === l.service
        ? `use one listener with port: "${l.port}/tcp_udp"`
        : "give this listener another port, or put it on another network load balancer",
    );
  }
  const tls = listeners.filter((l) => l.protocol === "TLS");
  const domain = ctx.domain;
  for (const l of tls) {
    if (!domain)
      ctx.issues.add(
        [...l.at, "port"],
        `is a TLS listener, which needs the environment's certificate, but the environment has no domain`,
        `give the environment a domain, or use "${l.port}/tcp" and end TLS in the container`,
      );
  }
  let recordName: string | null = null;
  if (domain && ctx.records) {
    recordName = input.hostName ?? `${key}.${domain.name}`;
    if (recordName !== domain.name && !recordName.endsWith(`.${domain.name}`)) {
      ctx.issues.add([...at, "hostName"], `"${recordName}" is not inside the environment's domain ${domain.name}`, `use a name ending in .${domain.name}`);
      recordName = null;
    } else if (tls.length > 0 && !covers(domain.certificateNames, recordName)) {
      ctx.issues.add(
        [...at, "hostName"],
        `"${recordName}" is not covered by the certificate (${domain.certificateNames.join(", ")}), which its TLS listeners present`,
        "use a name the certificate covers, or add it to domain.alternativeNames",
      );
    }
  } else if (input.hostName && !domain) {
    ctx.issues.add([...at, "hostName"], "is set, but the environment has no domain to put the record in", "give the environment a domain, or remove hostName");
  }
  const internal = input.internal ?? false;
  return {
    key,
    name: awsName([ctx.prefix, key], LIMITS.alb),
    internal,
    subnetTier: internal ? "private" : "public",
    crossZone: input.crossZone ?? true,
    deletionProtection: input.deletionProtection ?? ctx.defaults.deletionProtection,
    securityGroupName: `${ctx.prefix}-${key}-nlb`,
    sslPolicy: input.sslPolicy ?? DEFAULT_SSL_POLICY,
    recordName,
    listeners,
  };
}
