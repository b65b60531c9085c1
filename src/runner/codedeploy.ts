/**
 * `berth deploy` of a blue/green service: after the apply has registered the new task definition, start a
 * CodeDeploy deployment with an ECS AppSpec naming it (the ECS service itself ignores task definition
 * changes: CodeDeploy owns them), then follow it — status changes and the share of traffic on the new
 * tasks — until it succeeds, fails, is stopped or rolled back. Through the AWS CLI, like every other AWS
 * call of the runner, so tests fake `aws`.
 */
import { type AwsCli, runAws } from "./aws-cli.js";

export interface EcsBlueGreenTarget {
  readonly application: string;
  readonly deploymentGroup: string;
  readonly taskDefinition: string;
  readonly container: string;
  readonly port: number;
  /** `<cluster name>:<service name>`: the deployment target whose traffic shift is reported. */
  readonly targetId: string;
}

export interface BlueGreenOutcome {
  readonly deploymentId: string;
  readonly state: "succeeded" | "failed" | "stopped" | "in progress";
  /** A rollback CodeDeploy started (on failure, alarm or stop), by its deployment id. */
  readonly rollback?: string;
  readonly reason?: string;
}

/** The AppSpec of an ECS deployment (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html). */
export function ecsAppSpec(t: Pick<EcsBlueGreenTarget, "taskDefinition" | "container" | "port">): string {
  return JSON.stringify({
    version: 0.0,
    Resources: [
      {
        TargetService: {
          Type: "AWS::ECS::Service",
          Properties: { TaskDefinition: t.taskDefinition, LoadBalancerInfo: { ContainerName: t.container, ContainerPort: t.port } },
        },
      },
    ],
  });
}

/** The command that stops a deployment and rolls it back, for the user. */
export const stopCommand = (deploymentId: string, region: string): string =>
  `aws deploy stop-deployment --deployment-id ${deploymentId} --auto-rollback-enabled --region ${region}`;

export async function startDeployment(
  aws: AwsCli,
  region: string,
  t: { application: string; deploymentGroup: string; appSpec: string; description: string },
): Promise<string> {
  const revision = JSON.stringify({ revisionType: "AppSpecContent", appSpecContent: { content: t.appSpec } });
  const out = JSON.parse(
    await runAws(
      aws,
      [
        "deploy",
        "create-deployment",
        "--application-name",
        t.application,
        "--deployment-group-name",
        t.deploymentGroup,
        "--description",
        t.description,
        "--revision",
        revision,
      ],
      region,
    ),
  ) as { deploymentId?: string };
  if (!out.deploymentId) throw new Error("aws deploy create-deployment answered without a deployment id");
  return out.deploymentId;
}

interface DeploymentInfo {
  readonly status?: string;
  readonly errorInformation?: { readonly code?: string; readonly message?: string };
  readonly rollbackInfo?: { readonly rollbackDeploymentId?: string; readonly rollbackMessage?: string };
}

const DONE: Readonly<Record<string, BlueGreenOutcome["state"]>> = { Succeeded: "succeeded", Failed: "failed", Stopped: "stopped" };

/**
 * Polls the deployment until it ends or `timeoutMs` passes, reporting each new status and each change of the
 * traffic the new tasks receive (`trafficOf` reads it; undefined skips it, e.g. for Lambda).
 */
export async function followDeployment(
  aws: AwsCli,
  region: string,
  deploymentId: string,
  opts: {
    readonly report: (message: string) => void;
    readonly trafficOf?: () => Promise<string | undefined>;
    readonly pollMs: number;
    readonly timeoutMs: number;
  },
): Promise<BlueGreenOutcome> {
  const started = Date.now();
  let lastStatus = "";
  let lastTraffic = "";
  for (;;) {
    const info = (JSON.parse(await runAws(aws, ["deploy", "get-deployment", "--deployment-id", deploymentId], region)) as { deploymentInfo?: DeploymentInfo })
      .deploymentInfo;
    const status = info?.status ?? "Unknown";
    if (status !== lastStatus) opts.report(`${deploymentId}: ${status}`);
    lastStatus = status;
    const traffic = opts.trafficOf && !DONE[status] ? await opts.trafficOf() : undefined;
    if (traffic && traffic !== lastTraffic) opts.report(`${deploymentId}: ${traffic}`);
    lastTraffic = traffic ?? lastTraffic;
    const state = DONE[status];
    if (state) {
      const rollback = info?.rollbackInfo?.rollbackDeploymentId;
      const reason = info?.errorInformation?.message ?? info?.rollbackInfo?.rollbackMessage;
      return { deploymentId, state, ...(rollback ? { rollback } : {}), ...(reason ? { reason } : {}) };
    }
    if (Date.now() - started >= opts.timeoutMs) return { deploymentId, state: "in progress" };
    await new Promise((r) => setTimeout(r, opts.pollMs));
  }
}

/** The share of traffic on the new (green) task set of an ECS deployment target, as a sentence. */
export async function ecsTraffic(aws: AwsCli, region: string, deploymentId: string, targetId: string): Promise<string | undefined> {
  const out = JSON.parse(await runAws(aws, ["deploy", "get-deployment-target", "--deployment-id", deploymentId, "--target-id", targetId], region)) as {
    deploymentTarget?: { ecsTarget?: { taskSetsInfo?: { taskSetLabel?: string; trafficWeight?: number }[] } };
  };
  const sets = out.deploymentTarget?.ecsTarget?.taskSetsInfo ?? [];
  const green = sets.find((s) => s.taskSetLabel === "Green");
  if (!green || green.trafficWeight === undefined) return undefined;
  return `${Math.round(green.trafficWeight)} % of production traffic on the new tasks`;
}

/** The AppSpec of a Lambda deployment: the alias moves from `current` to `target`. */
export function lambdaAppSpec(t: { functionName: string; alias: string; current: string; target: string }): string {
  return JSON.stringify({
    version: 0.0,
    Resources: [
      {
        [t.functionName]: {
          Type: "AWS::Lambda::Function",
          Properties: { Name: t.functionName, Alias: t.alias, CurrentVersion: t.current, TargetVersion: t.target },
        },
      },
    ],
  });
}

/** The version an alias points at (its main version; a shift in progress weighs another one). */
export async function aliasVersion(
  aws: AwsCli,
  region: string,
  functionName: string,
  alias: string,
): Promise<{ version: string; weights: Record<string, number> }> {
  const out = JSON.parse(await runAws(aws, ["lambda", "get-alias", "--function-name", functionName, "--name", alias], region)) as {
    FunctionVersion?: string;
    RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> };
  };
  if (!out.FunctionVersion) throw new Error(`aws lambda get-alias answered without the version of ${functionName}:${alias}`);
  return { version: out.FunctionVersion, weights: out.RoutingConfig?.AdditionalVersionWeights ?? {} };
}

/** The share of the alias's traffic on the target version, as a sentence. */
export async function lambdaTraffic(aws: AwsCli, region: string, functionName: string, alias: string, target: string): Promise<string | undefined> {
  const { version, weights } = await aliasVersion(aws, region, functionName, alias);
  const share = version === target ? 1 - Object.values(weights).reduce((a, b) => a + b, 0) : (weights[target] ?? 0);
  return `${Math.round(share * 100)} % of ${alias}'s traffic on version ${target}`;
}
