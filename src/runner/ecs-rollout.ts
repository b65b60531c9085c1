/**
 * After a deploy: wait for the ECS service to reach a steady state, then report how the rollout ended —
 * completed on the new task definition, or rolled back by the deployment circuit breaker.
 */
import { type AwsCli, AwsCliError, runAws } from "./aws-cli.js";

export interface Rollout {
  readonly state: "completed" | "rolled back" | "failed" | "in progress";
  readonly taskDefinition?: string;
  readonly reason?: string;
}

interface Deployment {
  readonly status: string;
  readonly taskDefinition: string;
  readonly rolloutState?: string;
  readonly rolloutStateReason?: string;
}

export async function waitForRollout(aws: AwsCli, region: string, cluster: string, service: string, expectedTaskDefinition: string): Promise<Rollout> {
  let timedOut = false;
  try {
    await runAws(aws, ["ecs", "wait", "services-stable", "--cluster", cluster, "--services", service], region);
  } catch (e) {
    if (!(e instanceof AwsCliError)) throw e;
    timedOut = true;
  }
  const out = JSON.parse(await runAws(aws, ["ecs", "describe-services", "--cluster", cluster, "--services", service], region)) as {
    services?: { deployments?: Deployment[] }[];
  };
  const deployments = out.services?.[0]?.deployments ?? [];
  const ours = deployments.find((d) => d.taskDefinition === expectedTaskDefinition);
  const primary = deployments.find((d) => d.status === "PRIMARY");
  if (ours?.rolloutState === "FAILED" || (primary && primary.taskDefinition !== expectedTaskDefinition)) {
    return { state: "rolled back", taskDefinition: primary?.taskDefinition, reason: ours?.rolloutStateReason ?? "the circuit breaker rolled the service back" };
  }
  if (ours?.rolloutState === "COMPLETED" || (!timedOut && primary?.taskDefinition === expectedTaskDefinition))
    return { state: "completed", taskDefinition: expectedTaskDefinition };
  return { state: timedOut ? "in progress" : "failed", taskDefinition: primary?.taskDefinition, reason: ours?.rolloutStateReason };
}
