/**
 * Blue/green deployments through CodeDeploy (`services.<name>.deployment.strategy: "blue-green"`): the
 * application, deployment group and deployment configuration, the one target group pair CodeDeploy swaps,
 * and the rules that keep a service on what CodeDeploy can drive. Facts checked against AWS's documentation:
 * a deployment group has one target group pair (so one route: one ALB, or one NLB listener); NLB traffic moves
 * all at once only; capacity provider strategies are accepted (the AppSpec may name one); the ECS service's
 * own circuit breaker does not apply to the CODE_DEPLOY controller.
 */
import type { TrafficShiftInput } from "../config/schema/deployment.js";
import type { ServiceInput } from "../config/schema/service.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";
import { awsName, LIMITS } from "./names.js";
import type { Alarm, BlueGreen, Environment, DeploymentConfig, NlbListener, Target, TrafficShift } from "./types.js";
import { parseDuration } from "./units.js";

export function trafficShift(input: TrafficShiftInput | undefined): TrafficShift {
  if (input === undefined || input === "all-at-once") return { kind: "all-at-once" };
  if ("canary" in input) return { kind: "canary", ...input.canary };
  return { kind: "linear", ...input.linear };
}

/** AWS's predefined configurations (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html). */
const PREDEFINED: Record<"ECS" | "Lambda", readonly { readonly name: string; readonly traffic: TrafficShift }[]> = {
  ECS: [
    { name: "CodeDeployDefault.ECSAllAtOnce", traffic: { kind: "all-at-once" } },
    { name: "CodeDeployDefault.ECSCanary10Percent5Minutes", traffic: { kind: "canary", percent: 10, minutes: 5 } },
    { name: "CodeDeployDefault.ECSCanary10Percent15Minutes", traffic: { kind: "canary", percent: 10, minutes: 15 } },
    { name: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes", traffic: { kind: "linear", percent: 10, everyMinutes: 1 } },
    { name: "CodeDeployDefault.ECSLinear10PercentEvery3Minutes", traffic: { kind: "linear", percent: 10, everyMinutes: 3 } },
  ],
  Lambda: [
    { name: "CodeDeployDefault.LambdaAllAtOnce", traffic: { kind: "all-at-once" } },
    ...[5, 10, 15, 30].map((minutes) => ({
      name: `CodeDeployDefault.LambdaCanary10Percent${minutes}Minutes`,
      traffic: { kind: "canary", percent: 10, minutes } as const,
    })),
    ...[1, 2, 3, 10].map((m) => ({
      name: `CodeDeployDefault.LambdaLinear10PercentEvery${m}Minute${m === 1 ? "" : "s"}`,
      traffic: { kind: "linear", percent: 10, everyMinutes: m } as const,
    })),
  ],
};

/** AWS's predefined configuration for this shift when there is one, else a custom one named after its owner. */
export function deploymentConfig(platform: "ECS" | "Lambda", traffic: TrafficShift, owner: string): DeploymentConfig {
  const same = PREDEFINED[platform].find((p) => JSON.stringify(p.traffic) === JSON.stringify(traffic));
  if (same) return { name: same.name, custom: false, traffic };
  const name =
    traffic.kind === "canary"
      ? `${owner}-canary-${traffic.percent}pct-${traffic.minutes}min`
      : traffic.kind === "linear"
        ? `${owner}-linear-${traffic.percent}pct-every-${traffic.everyMinutes}min`
        : `${owner}-all-at-once`;
  return { name, custom: true, traffic };
}

export function resolveBlueGreen(
  input: ServiceInput,
  s: {
    readonly name: string;
    readonly fullName: string;
    readonly prefix: string;
    readonly kind: "web" | "worker" | "job";
    readonly targets: readonly Target[];
    readonly nlbListeners: readonly NlbListener[];
    readonly alarms: readonly Alarm[];
    readonly at: ConfigPath;
    readonly issues: Issues;
  },
): BlueGreen | null {
  const d = input.deployment ?? {};
  const at = [...s.at, "deployment"];
  const blueGreenOnly = (["traffic", "testListener", "rollbackOnAlarms", "terminateBlueAfter"] as const).filter((k) => d[k] !== undefined);
  if (d.strategy !== "blue-green") {
    for (const k of blueGreenOnly) s.issues.add([...at, k], "applies to blue/green deployments only", `add strategy: "blue-green", or remove ${k}`);
    return null;
  }
  if (d.circuitBreaker !== undefined) {
    s.issues.add(
      [...at, "circuitBreaker"],
      "is the rolling deployment's: with blue/green, CodeDeploy rolls back a failed deployment (and one whose alarms fire)",
      "remove circuitBreaker",
    );
  }
  if (s.kind !== "web") {
    s.issues.add(
      [...at, "strategy"],
      `is "blue-green", but CodeDeploy shifts load balancer traffic and a ${s.kind === "worker" ? "queue worker" : "scheduled job"} has none`,
      "use the default rolling strategy (remove strategy)",
    );
    return null;
  }
  const routes = [
    ...s.targets.map((t) => ({ kind: "alb" as const, loadBalancer: t.loadBalancer })),
    ...s.nlbListeners.map((l) => ({ kind: "nlb" as const, loadBalancer: l.loadBalancer, port: l.port })),
  ];
  if (routes.length !== 1) {
    s.issues.add(
      [...at, "strategy"],
      routes.length === 0
        ? 'is "blue-green", but the service is behind no load balancer: CodeDeploy moves traffic between two target groups of one'
        : `is "blue-green", but CodeDeploy swaps one target group pair and this service has ${routes.length} (${routes.map((r) => (r.kind === "alb" ? r.loadBalancer : `${r.loadBalancer}:${r.port}`)).join(", ")})`,
      routes.length === 0
        ? "add routes (or an nlb listener), or remove strategy"
        : "keep the service behind one load balancer (or one NLB listener), or use the rolling strategy",
    );
    return null;
  }
  const route = routes[0]!;
  const traffic = trafficShift(d.traffic);
  if (route.kind === "nlb" && traffic.kind !== "all-at-once") {
    s.issues.add(
      [...at, "traffic"],
      `is ${traffic.kind}, but CodeDeploy moves traffic behind a Network Load Balancer all at once only`,
      'use traffic: "all-at-once"',
    );
  }
  const testListenerPort = d.testListener ?? null;
  const terminateBlueMinutes = d.terminateBlueAfter ? Math.ceil(parseDuration(d.terminateBlueAfter) / 60) : 5;
  if (terminateBlueMinutes > 2880) {
    s.issues.add(
      [...at, "terminateBlueAfter"],
      `is ${terminateBlueMinutes} minutes; CodeDeploy keeps the old tasks at most 2880 minutes (2 days)`,
      'e.g. "1 hour"',
    );
  }
  const blueName = route.kind === "alb" ? s.targets[0]!.targetGroupName : s.nlbListeners[0]!.targetGroupName;
  return {
    application: s.fullName,
    deploymentGroup: s.fullName,
    config: deploymentConfig("ECS", traffic, s.fullName),
    route,
    greenTargetGroupName: awsName([blueName, "green"], LIMITS.targetGroup),
    testListenerPort,
    rollbackAlarms: (d.rollbackOnAlarms ?? true) ? s.alarms.map((a) => a.name) : [],
    terminateBlueMinutes,
    roleName: awsName([s.fullName, "codedeploy"], LIMITS.iamRole),
  };
}

/** A test listener takes a port no other listener of its load balancer has (ALB: its HTTP and HTTPS ports; NLB: every listener). */
export function checkTestListeners(env: Pick<Environment, "services" | "loadBalancers" | "networkLoadBalancers">, issues: Issues): void {
  const claimed = new Map<string, string>();
  for (const s of env.services) {
    const bg = s.blueGreen;
    if (!bg || bg.testListenerPort === null) continue;
    const at = ["services", s.name, "deployment", "testListener"];
    const port = bg.testListenerPort;
    const taken =
      bg.route.kind === "alb"
        ? env.loadBalancers.filter((l) => l.key === bg.route.loadBalancer).flatMap((l) => [l.port, ...(l.https ? [l.https.port] : [])])
        : (env.networkLoadBalancers.find((n) => n.key === bg.route.loadBalancer)?.listeners.map((l) => l.port) ?? []);
    const key = `${bg.route.kind}:${bg.route.loadBalancer}:${port}`;
    const other = claimed.get(key);
    if (taken.includes(port) || other) {
      issues.add(
        at,
        `${port} is already ${other ? `the test listener of service "${other}"` : "a listener port"} on load balancer "${bg.route.loadBalancer}"`,
        "choose a port no listener of that load balancer uses, e.g. 8443 or 9000",
      );
    } else claimed.set(key, s.name);
  }
}
