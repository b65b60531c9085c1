/**
 * The `monitoring` stack: the environment's CloudWatch dashboard. It reads the load balancers' metric
 * names (ARN suffixes) and the cluster name from the platform stack; service names come from the model.
 * It sits downstream of the platform, not inside it, because it changes whenever a service is added,
 * and the platform stack should not.
 *
 * Sections, top to bottom: ECS CPU and memory per service, then per load balancer p50/p95/p99 latency,
 * requests, 4XX/5XX, healthy/unhealthy hosts, then database CPU and connections, then the NAT gateways
 * (bytes out, port allocation errors, dropped packets; their ids come from the network stack). Extending: add a
 * section function to `SECTIONS`. Database identifiers are static in the model, like service names, so
 * the dashboard does not read the data stack.
 */
import { attr, type Expr, type HclFile, jsonencode, quote, raw, resource, tpl, type Value } from "../hcl/index.js";
import type { Database, Environment } from "../model/types.js";
import { stackPlan } from "../model/stacks.js";
import { STACK } from "../model/stack-ids.js";
import * as wires from "../model/wires.js";
import { banner } from "./common/files.js";
import { StackInputs } from "./common/inputs.js";
import { assembleStack, type Stack } from "./stack.js";

const WIDTH = 12;
const HEIGHT = 6;

interface Widget {
  readonly title: string;
  /** Metric rows, or an expression that makes them (one row per id of a list variable). */
  readonly metrics: readonly Value[] | Expr;
  readonly stat?: string;
  readonly period?: number;
}

type Section = (env: Environment, inputs: StackInputs) => Widget[];

const SECTIONS: readonly Section[] = [serviceWidgets, loadBalancerWidgets, databaseWidgets, natWidgets];

export function renderMonitoringStack(env: Environment, dashboard: { readonly name: string }): Stack {
  const inputs = new StackInputs(STACK.monitoring);
  const widgets = SECTIONS.flatMap((section) => section(env, inputs));
  const files: HclFile[] = [
    {
      name: "dashboard.tf",
      body: [
        banner("Dashboard", "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Dashboard-Body-Structure.html"),
        resource("aws_cloudwatch_dashboard", "this", [
          attr("dashboard_name", dashboard.name),
          attr("dashboard_body", jsonencode({ widgets: layout(env, widgets) })),
        ]),
      ],
    },
  ];
  return assembleStack(stackPlan(env, STACK.monitoring), {
    files,
    inputs,
    outputs: { [wires.monitoring.dashboardArn(env).name]: raw("aws_cloudwatch_dashboard.this.dashboard_arn") },
  });
}

/** Two widgets a row, in order. */
function layout(env: Environment, widgets: readonly Widget[]): Value[] {
  return widgets.map((w, i) => ({
    type: "metric",
    x: (i % 2) * WIDTH,
    y: Math.floor(i / 2) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    properties: {
      title: w.title,
      region: env.region,
      view: "timeSeries",
      stacked: false,
      stat: w.stat ?? "Average",
      period: w.period ?? 60,
      metrics: isExpr(w.metrics) ? w.metrics : [...w.metrics],
    },
  }));
}

function serviceWidgets(env: Environment, inputs: StackInputs): Widget[] {
  const services = env.services.filter((s) => s.kind !== "job");
  if (services.length === 0) return [];
  const cluster = tpl(`\${${inputs.ref(wires.platform.clusterName(env))}}`);
  // Jobs have no ECS service to chart; their failed runs alarm.
  const per = (metric: string) => services.map((s) => ["AWS/ECS", metric, "ClusterName", cluster, "ServiceName", s.serviceName, { label: s.name }]);
  return [
    { title: "ECS CPU utilisation (%)", metrics: per("CPUUtilization") },
    { title: "ECS memory utilisation (%)", metrics: per("MemoryUtilization") },
  ];
}

function loadBalancerWidgets(env: Environment, inputs: StackInputs): Widget[] {
  return env.loadBalancers.flatMap((lb) => {
    const interpolated = `\${${inputs.ref(wires.platform.loadBalancer(env, lb, "arn_suffix"))}}`;
    const suffix = tpl(interpolated);
    const m = (metric: string, opts: Record<string, Value>) => ["AWS/ApplicationELB", metric, "LoadBalancer", suffix, opts];
    return [
      {
        title: `${lb.key}: target response time (s)`,
        metrics: ["p50", "p95", "p99"].map((stat) => m("TargetResponseTime", { stat, label: stat })),
      },
      { title: `${lb.key}: requests`, stat: "Sum", metrics: [m("RequestCount", { label: "requests" })] },
      {
        title: `${lb.key}: HTTP errors`,
        stat: "Sum",
        metrics: [
          m("HTTPCode_Target_4XX_Count", { label: "target 4XX" }),
          m("HTTPCode_Target_5XX_Count", { label: "target 5XX" }),
          m("HTTPCode_ELB_5XX_Count", { label: "load balancer 5XX" }),
        ],
      },
      {
        title: `${lb.key}: healthy and unhealthy hosts`,
        stat: "Maximum",
        metrics: [hostSearch(interpolated, "HealthyHostCount", "healthy"), hostSearch(interpolated, "UnHealthyHostCount", "unhealthy")],
      },
    ];
  });
}

/** One line per database: an RDS instance by DBInstanceIdentifier, an Aurora cluster by DBClusterIdentifier. */
function databaseWidgets(env: Environment): Widget[] {
  if (env.databases.length === 0) return [];
  const dimension = (db: Database) => (db.kind === "aurora" ? "DBClusterIdentifier" : "DBInstanceIdentifier");
  const per = (metric: string) => env.databases.map((db) => ["AWS/RDS", metric, dimension(db), db.identifier, { label: db.key }]);
  return [
    { title: "Database CPU utilisation (%)", metrics: per("CPUUtilization") },
    { title: "Database connections", metrics: per("DatabaseConnections") },
  ];
}

/**
 * The NAT gateways, one line each (ids from the network stack): bytes to the internet, and the two
 * signs of trouble — port allocation errors (too many connections to one destination) and dropped packets.
 */
function natWidgets(env: Environment, inputs: StackInputs): Widget[] {
  if (env.network.nat === "none") return [];
  const ids = inputs.ref(wires.network.natGatewayIds(env));
  const per = (metric: string, label: string) =>
    `[for i, id in ${ids} : ["AWS/NATGateway", "${metric}", "NatGatewayId", id, { label = "${label} \${i + 1}" }]]`;
  return [
    { title: "NAT gateways: bytes to the internet", stat: "Sum", metrics: raw(per("BytesOutToDestination", "NAT")) },
    {
      title: "NAT gateways: port allocation errors and dropped packets",
      stat: "Sum",
      metrics: raw(`concat(${per("ErrorPortAllocation", "port errors, NAT")}, ${per("PacketsDropCount", "dropped, NAT")})`),
    },
  ];
}

const isExpr = (v: readonly Value[] | Expr): v is Expr => !Array.isArray(v);

/**
 * Host counts exist per target group, which service stacks own; a search over the load balancer's target
 * groups shows every one of them, including services added later, without reading service stacks.
 */
function hostSearch(suffix: string, metric: string, id: string): Value[] {
  const text = (t: string) => quote(t).slice(1, -1);
  const search = `${text(`SEARCH('{AWS/ApplicationELB,LoadBalancer,TargetGroup} MetricName="${metric}" LoadBalancer="`)}${suffix}${text(`"', 'Maximum', 60)`)}`;
  return [{ expression: tpl(search), id, label: id }];
}
