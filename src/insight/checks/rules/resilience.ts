/** Resilience in prod: AZs, NAT, task counts, Multi-AZ databases, deployments that keep serving. */
import { STACK } from "../../../model/stack-ids.js";
import type { Rule } from "../types.js";
import { hitDb, hitService, isProd } from "./helpers.js";

/** Tasks a service runs at least (autoscaling's minimum, else its desired count). */
const minTasks = (s: { desiredCount: number; autoscaling: { min: number } | null }) => s.autoscaling?.min ?? s.desiredCount;

export const resilienceRules: Rule[] = [
  {
    id: "BERTH048",
    severity: "high",
    title: "Prod environment in a single availability zone",
    why: "One AZ failing takes the whole environment down; AWS's SLAs assume two or more.",
    fix: "Set network.azs to 2 or more (prod default 3).",
    configPath: "network.azs",
    check: ({ env }) =>
      isProd(env) && env.network.azs.length < 2
        ? [
            {
              resource: "network",
              message: `${env.network.name} spans ${env.network.azs.length} AZ`,
              configPath: "network.azs",
              at: { stack: STACK.network, type: "aws_vpc" },
            },
          ]
        : [],
  },
  {
    id: "BERTH049",
    severity: "medium",
    title: "Single NAT gateway in prod",
    why: "All private subnets reach the internet through one AZ's NAT gateway: if that AZ fails, so does every task's outbound traffic.",
    fix: 'Set network.nat: "perAz" (the prod default).',
    configPath: "network.nat",
    check: ({ env }) =>
      isProd(env) && env.network.nat === "single" && env.network.azs.length > 1
        ? [
            {
              resource: "network",
              message: "one NAT gateway serves every AZ",
              configPath: "network.nat",
              at: { stack: STACK.network, type: "aws_nat_gateway" },
            },
          ]
        : [],
  },
  {
    id: "BERTH050",
    severity: "medium",
    title: "Prod service runs one task",
    why: "A single task means downtime whenever it is replaced, crashes or its AZ fails.",
    fix: "Set services.<name>.desiredCount (or autoscaling.min) to 2 or more.",
    configPath: "services.<name>.desiredCount",
    check: ({ env }) =>
      isProd(env)
        ? env.services
            // A scheduled job runs a task per run, not a service; a recovery region's standby count is its own setting.
            .filter((s) => s.kind !== "job" && minTasks(s) < 2)
            .map((s) =>
              hitService(
                s,
                `${s.name} runs ${minTasks(s)} task${env.region === env.primaryRegion ? "" : ` (standby in ${env.region})`}`,
                env.region === env.primaryRegion ? `services.${s.name}.desiredCount` : `environments.${env.name}.recovery.desiredCount`,
              ),
            )
        : [],
  },
  {
    id: "BERTH051",
    severity: "high",
    title: "Prod database without a standby in another AZ",
    why: "A single-AZ database is down for the length of an AZ outage or an instance failure, and restoring from backup loses recent writes.",
    fix: "Set databases.<name>.multiAz: true (the prod default), or give Aurora two or more instances.",
    configPath: "databases.<name>.multiAz",
    checkov: "CKV_AWS_157",
    check: ({ env }) =>
      isProd(env)
        ? env.databases
            .filter((d) => (d.kind === "aurora" ? d.instances.length < 2 : !d.multiAz))
            .map((d) => hitDb(d, `${d.identifier} has no standby`, d.kind === "aurora" ? `databases.${d.key}.instances` : `databases.${d.key}.multiAz`))
        : [],
  },
  {
    id: "BERTH052",
    severity: "medium",
    title: "Deployment circuit breaker off",
    why: "A deployment whose tasks never become healthy keeps replacing them forever instead of rolling back.",
    fix: "Set services.<name>.deployment.circuitBreaker: true (the default).",
    configPath: "services.<name>.deployment.circuitBreaker",
    check: ({ env }) =>
      env.services
        .filter((s) => !s.circuitBreaker)
        .map((s) => hitService(s, `${s.name} has no circuit breaker`, `services.${s.name}.deployment.circuitBreaker`)),
  },
  {
    id: "BERTH053",
    severity: "medium",
    title: "Deployments stop every task of a prod service",
    why: "With minHealthyPercent that rounds to zero running tasks, each deployment is an outage.",
    fix: "Raise services.<name>.deployment.minHealthyPercent (100 keeps all tasks running during a deployment).",
    configPath: "services.<name>.deployment.minHealthyPercent",
    check: ({ env }) =>
      isProd(env)
        ? env.services
            .filter((s) => minTasks(s) > 0 && Math.ceil((minTasks(s) * s.minHealthyPercent) / 100) === 0)
            .map((s) => hitService(s, `${s.name} may run 0 tasks during a deployment`, `services.${s.name}.deployment.minHealthyPercent`))
        : [],
  },
  {
    id: "BERTH054",
    severity: "low",
    title: "Prod service cannot scale",
    why: "Without autoscaling (or with max equal to min) a traffic peak or a slow dependency saturates the tasks.",
    fix: "Set services.<name>.autoscaling: { min, max, cpu }.",
    configPath: "services.<name>.autoscaling",
    check: ({ env }) =>
      isProd(env)
        ? env.services
            .filter((s) => s.kind !== "job" && (!s.autoscaling || s.autoscaling.max <= s.autoscaling.min))
            .map((s) => hitService(s, `${s.name} runs a fixed number of tasks`, `services.${s.name}.autoscaling`))
        : [],
  },
  {
    id: "BERTH055",
    severity: "medium",
    title: "Prod container instances in one AZ or a single instance",
    why: "With one instance, or instances in one AZ, every task on EC2 capacity stops with that instance or AZ.",
    fix: "Set compute.ec2.min to 2 or more; berth spreads instances over every AZ of the network.",
    configPath: "compute.ec2.min",
    check: ({ env }) => {
      const c = env.cluster.capacity;
      return isProd(env) && c.kind === "ec2" && c.min < 2
        ? [
            {
              resource: "container instances",
              message: `${c.asgName} may run ${c.min} instance`,
              configPath: "compute.ec2.min",
              at: { stack: STACK.platform, type: "aws_autoscaling_group" },
            },
          ]
        : [];
    },
  },
];
