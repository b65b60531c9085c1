/** Logging, retention and monitoring: access logs, flow logs, log retention, Container Insights, alarms. */
import { STACK } from "../../../model/stack-ids.js";
import type { Rule } from "../types.js";
import { hitDb, hitLb, hitService, isProd } from "./helpers.js";

export const operationsRules: Rule[] = [
  {
    id: "BERTH020",
    severity: "medium",
    title: "Internet-facing load balancer without access logs in prod",
    why: "Without access logs there is no record of who requested what when investigating an incident.",
    fix: "Set loadBalancers.<name>.accessLogs: true (the prod default).",
    configPath: "loadBalancers.<name>.accessLogs",
    checkov: "CKV_AWS_91",
    check: ({ env }) =>
      isProd(env)
        ? env.loadBalancers
            .filter((lb) => !lb.internal && !lb.accessLogs)
            .map((lb) => hitLb(lb, `${lb.name} keeps no access logs`, `loadBalancers.${lb.key}.accessLogs`))
        : [],
  },
  {
    id: "BERTH021",
    severity: "medium",
    title: "VPC flow logs off in prod",
    why: "Flow logs are the only record of which addresses talked to which inside the VPC, needed to trace a compromise.",
    fix: "Set network.flowLogs: true (or with a retention).",
    configPath: "network.flowLogs",
    checkov: "CKV2_AWS_11",
    trivy: "AVD-AWS-0178",
    check: ({ env }) =>
      isProd(env) && !env.network.flowLogs
        ? [
            {
              resource: "network",
              message: `${env.network.name} has no flow logs`,
              configPath: "network.flowLogs",
              at: { stack: STACK.network, type: "aws_vpc" },
            },
          ]
        : [],
  },
  {
    id: "BERTH022",
    severity: "low",
    title: "Container logs kept less than 30 days in prod",
    why: "Incidents are often found weeks later; short retention deletes the evidence.",
    fix: 'Set services.<name>.logRetention to at least "30 days".',
    configPath: "services.<name>.logRetention",
    checkov: "CKV_AWS_338",
    check: ({ env }) =>
      isProd(env)
        ? env.services
            .filter((s) => s.logRetentionDays > 0 && s.logRetentionDays < 30)
            .map((s) => hitService(s, `${s.logGroup} keeps logs ${s.logRetentionDays} days`, `services.${s.name}.logRetention`, "aws_cloudwatch_log_group"))
        : [],
  },
  {
    id: "BERTH023",
    severity: "low",
    title: "Container logs kept forever",
    why: "Log groups without retention grow without bound, and so does their bill; personal data in them is never deleted.",
    fix: 'Set services.<name>.logRetention (e.g. "30 days").',
    configPath: "services.<name>.logRetention",
    checkov: "CKV_AWS_66",
    check: ({ env }) =>
      env.services
        .filter((s) => s.logRetentionDays === 0)
        .map((s) => hitService(s, `${s.logGroup} never expires`, `services.${s.name}.logRetention`, "aws_cloudwatch_log_group")),
  },
  {
    id: "BERTH024",
    severity: "low",
    title: "Container Insights off",
    why: "Without Container Insights there are no per-task CPU, memory and network metrics to diagnose a slow or failing service.",
    fix: "Set compute.containerInsights: true (the default).",
    configPath: "compute.containerInsights",
    checkov: "CKV_AWS_65",
    trivy: "AVD-AWS-0034",
    check: ({ env }) =>
      env.cluster.containerInsights
        ? []
        : [
            {
              resource: "cluster",
              message: `${env.cluster.name} has Container Insights off`,
              configPath: "compute.containerInsights",
              at: { stack: STACK.platform, type: "aws_ecs_cluster" },
            },
          ],
  },
  {
    id: "BERTH025",
    severity: "low",
    title: "Service without alarms in prod",
    why: "Nobody learns that a prod service is failing until its users say so.",
    fix: "Add alarm presets: services.<name>.alarms: { cpu: true, http5xx: true, unhealthyHosts: true }.",
    configPath: "services.<name>.alarms",
    check: ({ env }) =>
      isProd(env) ? env.services.filter((s) => s.alarms.length === 0).map((s) => hitService(s, `${s.name} has no alarms`, `services.${s.name}.alarms`)) : [],
  },
  {
    id: "BERTH026",
    severity: "low",
    title: "Alarms notify nobody in prod",
    why: "An alarm without a subscriber changes state silently.",
    fix: 'Set monitoring.notifications.email: ["oncall@example.com"].',
    configPath: "monitoring.notifications",
    check: ({ env }) => {
      const alarms = env.services.some((s) => s.alarms.length > 0) || env.databases.some((d) => d.alarms.length > 0);
      return isProd(env) && alarms && (env.monitoring.topic?.emails.length ?? 0) === 0
        ? [
            {
              resource: "alarm topic",
              message: "alarms exist but no one is subscribed",
              configPath: "monitoring.notifications",
              at: { stack: STACK.platform, type: "aws_sns_topic" },
            },
          ]
        : [];
    },
  },
  {
    id: "BERTH027",
    severity: "low",
    title: "Database log exports off in prod",
    why: "Without the engine's logs in CloudWatch, failed logins and slow queries leave no trace that outlives the instance.",
    fix: 'Set databases.<name>.logExports (e.g. ["postgresql"]).',
    configPath: "databases.<name>.logExports",
    checkov: "CKV_AWS_129",
    check: ({ env }) =>
      isProd(env)
        ? env.databases.filter((d) => d.logExports.length === 0).map((d) => hitDb(d, `${d.identifier} exports no logs`, `databases.${d.key}.logExports`))
        : [],
  },
  {
    id: "BERTH028",
    severity: "low",
    title: "Database enhanced monitoring off in prod",
    why: "Enhanced monitoring shows OS-level memory, swap and process metrics that explain database slowdowns.",
    fix: 'Set databases.<name>.monitoringInterval (e.g. "60 seconds", the prod default).',
    configPath: "databases.<name>.monitoringInterval",
    checkov: "CKV_AWS_118",
    check: ({ env }) =>
      isProd(env)
        ? env.databases
            .filter((d) => d.monitoringInterval === 0)
            .map((d) => hitDb(d, `${d.identifier} has enhanced monitoring off`, `databases.${d.key}.monitoringInterval`))
        : [],
  },
  {
    id: "BERTH029",
    severity: "low",
    title: "Performance Insights off in prod",
    why: "Performance Insights shows which queries load the database; without it a slowdown is guesswork.",
    fix: "Set databases.<name>.performanceInsights: true (the prod default where the class supports it).",
    configPath: "databases.<name>.performanceInsights",
    checkov: "CKV_AWS_353",
    check: ({ env }) =>
      isProd(env)
        ? env.databases
            .filter((d) => !d.performanceInsights && !/\.t[234]g?\.(micro|small)$/.test(d.instanceClass))
            .map((d) => hitDb(d, `${d.identifier} has Performance Insights off`, `databases.${d.key}.performanceInsights`))
        : [],
  },
];
