/**
 * The `ci` stack: the roles a CI system assumes for this environment, without long-lived keys.
 * - `plan`: AWS's ReadOnlyAccess, plus the environment's state in each of its regions (read) and lock files (write).
 * - `deploy`: what `berth build --push` and `berth deploy` need and no more: push to the environment's
 *   ECR repositories, register task definitions, update its ECS services, pass its task and execution
 *   roles to ECS only, and write its service stacks' state, lock files and apply records (ReadOnlyAccess
 *   lets terraform refresh the rest of a service stack) — in the primary region and every recovery region
 *   (pushes go to the primary's repositories only: ECR replicates them).
 * Trust: GitHub's OIDC provider (created here by one environment per account, see `model/ci.ts`) for the
 * repository — the deploy role only from the job's GitHub environment — or the given Jenkins principal.
 */
import { attr, attrs, type BodyItem, type HclFile, raw, resource } from "../hcl/index.js";
import { type CiRoles, GITHUB_OIDC_HOST } from "../model/ci.js";
import { stackPlan } from "../model/stacks.js";
import { STACK } from "../model/stack-ids.js";
import { partitionOf } from "../model/regions.js";
import type { Environment } from "../model/types.js";
import * as wires from "../model/wires.js";
import { banner } from "./common/files.js";
import { policyDocument, type Statement } from "./common/iam.js";
import { StackInputs } from "./common/inputs.js";
import { assembleStack, type Stack } from "./stack.js";

export function renderCiStack(env: Environment, ci: CiRoles): Stack {
  const arn = arns(env);
  // The roles are account-wide; a deploy in a recovery region rolls that region's services and writes its state.
  const regions = [env, ...env.recovery].map((e) => ({ env: e, arn: arns(e) }));
  const files: HclFile[] = [
    {
      name: "ci.tf",
      body: [
        ...(ci.trust.kind === "github" && ci.trust.createsProvider ? oidcProvider() : []),
        ...role(ci, arn.partition, "plan", ci.planRole, trustPolicy(env, ci, "plan"), planStatements(regions)),
        ...role(ci, arn.partition, "deploy", ci.deployRole, trustPolicy(env, ci, "deploy"), deployStatements(env, arn, regions)),
      ],
    },
  ];
  return assembleStack(stackPlan(env, STACK.ci), {
    files,
    inputs: new StackInputs(STACK.ci),
    outputs: { [wires.ci.planRoleArn(env).name]: raw("aws_iam_role.plan.arn"), [wires.ci.deployRoleArn(env).name]: raw("aws_iam_role.deploy.arn") },
  });
}

/** ARN builders for this environment's account, region and partition. */
function arns(env: Environment) {
  const p = partitionOf(env.region);
  const account = env.account ?? "";
  return {
    partition: p,
    oidcProvider: `arn:${p}:iam::${account}:oidc-provider/${GITHUB_OIDC_HOST}`,
    role: (name: string) => `arn:${p}:iam::${account}:role/${name}`,
    bucket: `arn:${p}:s3:::${env.state.bucket}`,
    keyPrefix: env.state.keyPrefix,
    objects: (suffix: string) => `arn:${p}:s3:::${env.state.bucket}/${env.state.keyPrefix}/${suffix}`,
    lockTable: env.state.lockTable ? `arn:${p}:dynamodb:${env.state.region}:${account}:table/${env.state.lockTable}` : undefined,
    repository: (name: string) => `arn:${p}:ecr:${env.region}:${account}:repository/${name}`,
    service: (name: string) => `arn:${p}:ecs:${env.region}:${account}:service/${env.cluster.name}/${name}`,
    taskDefinition: (family: string) => `arn:${p}:ecs:${env.region}:${account}:task-definition/${family}:*`,
    codedeploy: (kind: "application" | "deploymentgroup" | "deploymentconfig", name: string) => `arn:${p}:codedeploy:${env.region}:${account}:${kind}:${name}`,
  };
}
type Arns = ReturnType<typeof arns>;

function oidcProvider(): BodyItem[] {
  return [
    banner(
      "GitHub Actions OIDC provider: one per account",
      "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services",
    ),
    resource("aws_iam_openid_connect_provider", "github", [attrs({ url: `https://${GITHUB_OIDC_HOST}`, client_id_list: ["sts.amazonaws.com"] })]),
  ];
}

function role(ci: CiRoles, partition: string, key: "plan" | "deploy", name: string, trust: Statement, statements: readonly Statement[]): BodyItem[] {
  const title =
    key === "plan" ? "Plan role: read-only, plus the environment's state and locks" : "Deploy role: push images and roll the environment's services";
  return [
    banner(title),
    resource("aws_iam_role", key, [
      attrs({ name, description: `${title} (berth ci stack).`, max_session_duration: 3600 }),
      attr("assume_role_policy", policyDocument([trust])),
      ci.trust.kind === "github" && ci.trust.createsProvider && attr("depends_on", raw("[aws_iam_openid_connect_provider.github]")),
    ]),
    resource("aws_iam_role_policy_attachment", `${key}_read_only`, [
      attrs({ role: raw(`aws_iam_role.${key}.name`), policy_arn: `arn:${partition}:iam::aws:policy/ReadOnlyAccess` }),
    ]),
    resource("aws_iam_role_policy", key, [attrs({ name: key, role: raw(`aws_iam_role.${key}.id`) }), attr("policy", policyDocument(statements))]),
  ];
}

/** Who may assume a role: the repository's workflows through OIDC, or the Jenkins principal. */
function trustPolicy(env: Environment, ci: CiRoles, key: "plan" | "deploy"): Statement {
  if (ci.trust.kind === "jenkins") return { Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: ci.trust.principal } };
  const repo = `repo:${ci.trust.repository}`;
  // Deploys only from the job's GitHub environment (a prod one is gated by its protection rule); plans also
  // from the delivery branch, and from pull requests except in prod-tier environments.
  const subjects =
    key === "deploy"
      ? [`${repo}:environment:${env.name}`]
      : [`${repo}:environment:${env.name}`, ...(env.tier === "prod" ? [] : [`${repo}:pull_request`]), `${repo}:ref:refs/heads/${ci.trust.branch}`];
  return {
    Effect: "Allow",
    Action: "sts:AssumeRoleWithWebIdentity",
    Principal: { Federated: arns(env).oidcProvider },
    Condition: { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com", [`${GITHUB_OIDC_HOST}:sub`]: subjects } },
  };
}

type Regional = readonly { readonly env: Environment; readonly arn: Arns }[];

/** One value as itself, several as a list (so a single region's policy reads as before). */
const oneOrList = (values: readonly string[]): string | string[] => (values.length === 1 ? values[0]! : [...values]);

/** Terraform state of every region: list and read the environment's, write lock files (and, for deploys, what `writes` names). */
function stateStatements(regions: Regional, writes: readonly string[]): Statement[] {
  const arn = regions[0]!.arn;
  return [
    {
      Sid: "ListState",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: arn.bucket,
      Condition: { StringLike: { "s3:prefix": regions.map((r) => `${r.arn.keyPrefix}/*`) } },
    },
    { Sid: "ReadState", Effect: "Allow", Action: "s3:GetObject", Resource: oneOrList(regions.map((r) => r.arn.objects("*"))) },
    {
      Sid: "WriteState",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:DeleteObject"],
      Resource: [...regions.map((r) => r.arn.objects("*.tflock")), ...writes],
    },
    ...(arn.lockTable
      ? [
          {
            Sid: "LockTable",
            Effect: "Allow",
            Action: ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
            Resource: arn.lockTable,
          },
        ]
      : []),
  ];
}

function planStatements(regions: Regional): Statement[] {
  return stateStatements(regions, []);
}

/** Pushes go to the primary's repositories (ECR replicates them); deploys roll the services of every region. */
function deployStatements(env: Environment, arn: Arns, regions: Regional): Statement[] {
  const services = regions.flatMap((r) => r.env.services.map((s) => ({ s, arn: r.arn })));
  const repositories = env.repositories.map((r) => arn.repository(r.name));
  return [
    ...stateStatements(
      regions,
      regions.map((r) => r.arn.objects("service-*")),
    ),
    { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    ...(repositories.length > 0
      ? [
          {
            Sid: "PushImages",
            Effect: "Allow",
            Action: [
              "ecr:BatchCheckLayerAvailability",
              "ecr:BatchGetImage",
              "ecr:CompleteLayerUpload",
              "ecr:DescribeImages",
              "ecr:GetDownloadUrlForLayer",
              "ecr:InitiateLayerUpload",
              "ecr:PutImage",
              "ecr:UploadLayerPart",
            ],
            Resource: repositories,
          },
        ]
      : []),
    ...(services.length > 0
      ? [
          // RegisterTaskDefinition and DeregisterTaskDefinition take no resource; without PassRole below, a
          // task definition can only name the roles of this environment's services.
          { Sid: "TaskDefinitions", Effect: "Allow", Action: ["ecs:DeregisterTaskDefinition", "ecs:RegisterTaskDefinition"], Resource: "*" },
          {
            Sid: "TagTaskDefinitions",
            Effect: "Allow",
            Action: "ecs:TagResource",
            Resource: services.map(({ s, arn }) => arn.taskDefinition(s.family)),
            Condition: { StringEquals: { "ecs:CreateAction": "RegisterTaskDefinition" } },
          },
          { Sid: "UpdateServices", Effect: "Allow", Action: "ecs:UpdateService", Resource: services.map(({ s, arn }) => arn.service(s.serviceName)) },
          ...blueGreenStatements(regions),
          {
            Sid: "PassTaskRoles",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: services.flatMap(({ s, arn }) => [arn.role(s.roleNames.execution), arn.role(s.roleNames.task)]),
            Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
          },
        ]
      : []),
  ];
}

/** `berth deploy` of a blue/green service starts and follows its CodeDeploy deployment: exactly its application, group and configuration. */
function blueGreenStatements(regions: Regional): Statement[] {
  const bgs = regions.flatMap((r) => r.env.services.flatMap((s) => (s.blueGreen ? [{ ...s.blueGreen, arn: r.arn }] : [])));
  if (bgs.length === 0) return [];
  return [
    {
      Sid: "BlueGreenDeployments",
      Effect: "Allow",
      Action: ["codedeploy:CreateDeployment", "codedeploy:GetDeployment", "codedeploy:GetDeploymentTarget"],
      Resource: bgs.map((b) => b.arn.codedeploy("deploymentgroup", `${b.application}/${b.deploymentGroup}`)),
    },
    {
      Sid: "BlueGreenRevisions",
      Effect: "Allow",
      Action: ["codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"],
      Resource: bgs.map((b) => b.arn.codedeploy("application", b.application)),
    },
    {
      Sid: "BlueGreenConfigs",
      Effect: "Allow",
      Action: "codedeploy:GetDeploymentConfig",
      Resource: [...new Set(bgs.map((b) => b.arn.codedeploy("deploymentconfig", b.config.name)))],
    },
  ];
}
