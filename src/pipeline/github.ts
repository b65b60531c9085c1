/**
 * `berth pipeline github`: two GitHub Actions workflows from the model.
 * - `berth-pull-request.yml`: install and test, `berth plan --offline` (no AWS account), `berth check`
 *   (failing at `ci.checkSeverity`), and a Trivy scan of each service's image, built for the platform the
 *   model decides.
 * - `berth-deploy.yml`, on pushes to the delivery branch: one job per environment in promotion order
 *   (tier dev, staging, prod), each after the one before: OIDC credentials (no access keys),
 *   `berth plan` and (when it has changes) `berth apply`, `berth build --push` to the environment's ECR repositories,
 *   `berth deploy --smoke` of every service, then `berth deploy --region` of each recovery region's copy
 *   (plan and apply already cover every region); then a Slack notification when the secret is set.
 *   Each job runs in the GitHub environment of its name; a prod-tier environment's approval is that
 *   GitHub environment's protection rule (required reviewers), which GitHub enforces before the job starts.
 */
import { Document, isMap, isScalar, type Pair } from "yaml";
import { hasFunctionBuilds, promotionOrder, promotionSource, recoveryDeploys, serviceImages } from "../model/delivery.js";
import { deployRoleArn } from "../model/ci.js";
import type { Environment, Model } from "../model/types.js";
import { ACTIONS, NODE_VERSION, TERRAFORM_VERSION } from "./actions.js";
import * as cmd from "./commands.js";
import { pipelineHeader } from "./header.js";
import type { PipelineFile, PipelineOptions } from "./types.js";

export const PULL_REQUEST_WORKFLOW = ".github/workflows/berth-pull-request.yml";
export const DEPLOY_WORKFLOW = ".github/workflows/berth-deploy.yml";

/** The image tag every deploy uses: the commit being deployed. */
const SHA = "${{ github.sha }}";

type Step = Record<string, unknown>;
type Job = Record<string, unknown>;

export function renderGithubWorkflows(model: Model, opts: PipelineOptions): PipelineFile[] {
  const ctx: cmd.CommandContext = { config: opts.config, out: cmd.PIPELINE_OUT };
  const header = pipelineHeader("#", "berth pipeline github", opts.config);
  return [
    { path: PULL_REQUEST_WORKFLOW, text: header + yamlText(pullRequestWorkflow(model, ctx)) },
    { path: DEPLOY_WORKFLOW, text: header + yamlText(deployWorkflow(model, ctx), approvalComments(model), DEPLOY_SETUP) },
  ];
}

function pullRequestWorkflow(model: Model, ctx: cmd.CommandContext): Record<string, unknown> {
  const images = serviceImages(model);
  const firstEnvOf = (service: string) => promotionOrder(model).find((e) => e.services.some((s) => s.name === service && s.build))!;
  return {
    name: "berth pull request",
    on: { pull_request: { branches: [model.delivery.branch] } },
    // No job here needs AWS: no id-token, read-only contents.
    permissions: { contents: "read" },
    concurrency: { group: "berth-pr-${{ github.ref }}", "cancel-in-progress": true },
    jobs: {
      test: {
        name: "Install and test",
        "runs-on": "ubuntu-latest",
        steps: [...setup(), { name: "Tests", run: "npm test --if-present" }],
      },
      ...(model.delivery.planMatrix
        ? planMatrixJobs(model, ctx)
        : {
            plan: {
              name: "Plan every stack offline (no AWS account)",
              "runs-on": "ubuntu-latest",
              steps: [...setup(), terraform(), ...functionBuild(model, ctx), { name: "berth plan --offline", run: cmd.planOffline(ctx) }],
            },
          }),
      check: {
        name: `berth check (fails on ${severityAndAbove(model.delivery.checkSeverity)} findings)`,
        "runs-on": "ubuntu-latest",
        steps: [...setup(), { name: "berth check", run: cmd.check(ctx, model.delivery.checkSeverity) }],
      },
      ...(images.length > 0
        ? {
            scan: {
              name: "Image scan (${{ matrix.service }})",
              "runs-on": "ubuntu-latest",
              strategy: {
                "fail-fast": false,
                matrix: {
                  include: images.map((i) => ({ service: i.service, env: firstEnvOf(i.service).name, image: `${i.localName}:${SHA}` })),
                },
              },
              steps: [
                ...setup(),
                ...(images.some((i) => i.platforms.includes("linux/arm64")) ? [{ name: "QEMU (arm64 images)", uses: ACTIONS.setupQemu }] : []),
                { name: "Docker Buildx", uses: ACTIONS.setupBuildx },
                GHA_CACHE,
                { name: "Build the image", run: cmd.buildLocal(ctx, "${{ matrix.service }}", "${{ matrix.env }}", true) },
                {
                  name: "Trivy: fail on fixable HIGH and CRITICAL vulnerabilities",
                  uses: ACTIONS.trivy,
                  with: { "image-ref": "${{ matrix.image }}", format: "table", "exit-code": "1", "ignore-unfixed": true, severity: "CRITICAL,HIGH" },
                },
              ],
            },
          }
        : {}),
    },
  };
}

/**
 * A large platform's offline plan, fanned out: `changes` lists the stacks the pull request touches (and
 * those downstream) against its base branch; `plan` is one matrix job per stack, skipped when none changed.
 */
function planMatrixJobs(model: Model, ctx: cmd.CommandContext): Record<string, Job> {
  return {
    changes: {
      name: "Stacks this change touches",
      "runs-on": "ubuntu-latest",
      outputs: { stacks: "${{ steps.changed.outputs.stacks }}" },
      steps: [
        // The whole history, so the base branch is there to compare with.
        { uses: ACTIONS.checkout, with: { "fetch-depth": 0 } },
        ...setup().slice(1),
        {
          id: "changed",
          name: "berth changed (against the pull request's base branch)",
          env: { BASE: "origin/${{ github.base_ref }}" },
          // An assignment keeps berth's exit status (an echo of a substitution would hide a failure).
          run: `stacks=$(${cmd.changed(ctx, '"$BASE"')})\necho "stacks=$stacks" >> "$GITHUB_OUTPUT"\n`,
        },
      ],
    },
    plan: {
      name: "Plan ${{ matrix.stack }} offline (no AWS account)",
      needs: "changes",
      if: "${{ needs.changes.outputs.stacks != '[]' }}",
      "runs-on": "ubuntu-latest",
      strategy: { "fail-fast": false, matrix: { include: "${{ fromJSON(needs.changes.outputs.stacks) }}" } },
      steps: [
        ...setup(),
        terraform(),
        ...functionBuild(model, ctx),
        { name: "berth plan --offline (one stack)", run: cmd.planOfflineStack(ctx, "${{ matrix.env }}", "${{ matrix.stack }}") },
      ],
    },
  };
}

function deployWorkflow(model: Model, ctx: cmd.CommandContext): Record<string, unknown> {
  const envs = promotionOrder(model);
  const jobs: Record<string, Job> = {};
  envs.forEach((env, i) => {
    jobs[jobId(env)] = deployJob(model, env, ctx, i > 0 ? jobId(envs[i - 1]!) : undefined);
  });
  jobs.notify = notifyJob(envs);
  return {
    name: "berth deploy",
    on: { push: { branches: [model.delivery.branch] } },
    // Jobs that assume an AWS role add id-token: write for themselves; nothing else gets it.
    permissions: { contents: "read" },
    // One deploy at a time, and never cancelled halfway through an apply.
    concurrency: { group: "berth-deploy", "cancel-in-progress": false },
    jobs,
  };
}

const jobId = (env: Environment): string => `deploy-${env.name}`;

const SEVERITIES = ["low", "medium", "high", "critical"] as const;
/** "high and critical", "critical", … */
function severityAndAbove(severity: Model["delivery"]["checkSeverity"]): string {
  const from = SEVERITIES.slice(SEVERITIES.indexOf(severity));
  return from.length === 1 ? from[0]! : `${from.slice(0, -1).join(", ")} and ${from[from.length - 1]}`;
}

function deployJob(model: Model, env: Environment, ctx: cmd.CommandContext, after: string | undefined): Job {
  const built = env.services.filter((s) => s.build);
  const source = promotionSource(model, env);
  return {
    name: `Deploy ${env.name}${env.tier === env.name ? "" : ` (${env.tier} tier)`}`,
    ...(after ? { needs: after } : {}),
    "runs-on": "ubuntu-latest",
    environment: env.name,
    permissions: { contents: "read", "id-token": "write" },
    steps: [
      ...setup(),
      terraform(),
      ...(!source && built.some((s) => s.build!.platform === "linux/arm64") ? [{ name: "QEMU (arm64 images)", uses: ACTIONS.setupQemu }] : []),
      ...(built.length > 0 ? [{ name: "Docker Buildx", uses: ACTIONS.setupBuildx }] : []),
      ...(!source && built.length > 0 ? [GHA_CACHE] : []),
      {
        name: "AWS credentials through OIDC (no access keys)",
        uses: ACTIONS.awsCredentials,
        with: { "role-to-assume": "${{ vars.AWS_ROLE_ARN }}", "aws-region": env.region },
      },
      ...functionBuild(model, ctx),
      { name: "Plan, and apply when there are changes", run: cmd.planAndApply(ctx, env.name) },
      // Before the deploy role: a site's deploy applies its stack and writes its bucket, which that role may not.
      ...env.sites.map((site) => ({ name: `Build, upload and invalidate the ${site.key} site`, run: cmd.deploySite(ctx, env.name, site.key) })),
      // Build once: the digest the environment before tested, copied (it reads that environment's repositories).
      ...(source ? [{ name: `Promote the images ${source.name} tested (same digest)`, run: cmd.promote(ctx, source.name, env.name, SHA) }] : []),
      ...(env.ci?.trust.kind === "github" && built.length > 0
        ? [
            {
              name: "Least privilege from here: berth's deploy role (ci stack)",
              uses: ACTIONS.awsCredentials,
              with: { "role-to-assume": deployRoleArn(env), "aws-region": env.region },
            },
          ]
        : []),
      ...(!source && built.length > 0 ? [{ name: "Build and push the images", run: cmd.build(ctx, env.name, true, true) }] : []),
      ...built.map((s) => ({ name: `Deploy ${s.name} and smoke-test it`, run: cmd.deploy(ctx, env.name, s.name, SHA, true) })),
      ...recoveryDeploys(env).map(([region, s]) => ({
        name: `Deploy ${s} in ${region} (recovery region; waits for ECR replication)`,
        run: cmd.deploy(ctx, env.name, s, SHA, false, region),
      })),
    ],
  };
}

function notifyJob(envs: readonly Environment[]): Job {
  const needs = envs.map(jobId);
  const results = needs.map((n) => `${n}: \${{ needs.${n}.result }}`).join(", ");
  return {
    name: "Notify Slack",
    needs,
    if: "${{ always() }}",
    "runs-on": "ubuntu-latest",
    steps: [
      {
        name: "Post the outcome to Slack (secret SLACK_WEBHOOK_URL; skipped when unset)",
        env: {
          SLACK_WEBHOOK_URL: "${{ secrets.SLACK_WEBHOOK_URL }}",
          TEXT: `\${{ github.repository }} \${{ github.sha }}: ${results}`,
        },
        run: [
          'if [ -z "$SLACK_WEBHOOK_URL" ]; then echo "SLACK_WEBHOOK_URL is not set; no notification"; exit 0; fi',
          'jq -n --arg text "$TEXT" \'{text: $text}\' | curl -fsS -X POST -H "Content-Type: application/json" --data @- "$SLACK_WEBHOOK_URL"',
          "",
        ].join("\n"),
      },
    ],
  };
}

function setup(): Step[] {
  return [
    { uses: ACTIONS.checkout },
    { uses: ACTIONS.setupNode, with: { "node-version": NODE_VERSION, cache: "npm" } },
    { name: "Install (berth is a devDependency of the project)", run: "npm ci" },
  ];
}

/** buildx's GitHub Actions cache (`berth build --cache gha`) reads the runtime token and cache URL from the environment. */
const GHA_CACHE: Step = { name: "Expose the GitHub Actions cache to buildx", uses: ACTIONS.githubRuntime };

/** The functions' code, built before anything synthesizes their stacks (berth zips what it makes). */
const functionBuild = (model: Model, ctx: cmd.CommandContext): Step[] =>
  hasFunctionBuilds(model) ? [{ name: "Build the functions' code", run: cmd.buildFunctions(ctx) }] : [];

const terraform = (): Step => ({ uses: ACTIONS.setupTerraform, with: { terraform_version: TERRAFORM_VERSION, terraform_wrapper: false } });

/** Comments above the jobs of prod-tier environments: the approval gate is GitHub's, not berth's. */
function approvalComments(model: Model): Record<string, string> {
  return Object.fromEntries(
    promotionOrder(model)
      .filter((e) => e.tier === "prod")
      .map((e) => [
        jobId(e),
        [
          ` Approval gate: this job runs in the GitHub environment "${e.name}". Give that environment a protection`,
          " rule with required reviewers (Settings → Environments) and GitHub waits for their approval before the",
          " job starts. Without the rule there is no gate. Also set the environment's variable AWS_ROLE_ARN.",
        ].join("\n"),
      ]),
  );
}

const DEPLOY_SETUP = [
  " Setup, once per repository:",
  " - a GitHub environment per berth environment, each with the variable AWS_ROLE_ARN: the IAM role its job",
  "   assumes through GitHub's OIDC provider to plan and apply (no access keys are stored anywhere); with",
  "   ci.github in the config, the build and deploy steps then switch to the ci stack's deploy role;",
  " - optionally the secret SLACK_WEBHOOK_URL (a Slack incoming webhook) for the notification.",
].join("\n");

/** YAML with no line folding; `jobComments` go above the named jobs, `comment` below the header. */
function yamlText(workflow: Record<string, unknown>, jobComments: Record<string, string> = {}, comment?: string): string {
  const doc = new Document(workflow);
  if (comment) doc.commentBefore = comment;
  const jobs = doc.get("jobs");
  if (isMap(jobs)) {
    for (const pair of jobs.items as Pair[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (jobComments[key] && isScalar(pair.key)) pair.key.commentBefore = jobComments[key];
    }
  }
  return doc.toString({ lineWidth: 0 });
}
