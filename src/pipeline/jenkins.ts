/**
 * `berth pipeline jenkins`: a declarative Jenkinsfile with Task API's fourteen stages (seed 004), each
 * calling the same berth commands as the GitHub workflows:
 *  1 Checkout · 2 Lint · 3 Unit Tests · 4 Security Scan (parallel: dependency audit, source scan,
 *  infrastructure plan offline, `berth check` at `ci.checkSeverity`) · 5 Build Application · 6 Build Image · 7 Container Scan (Trivy) ·
 *  8 Push to ECR · 9 Deploy Staging · 10 Smoke Tests · 11 Production Approval (`input` limited to the
 *  delivery's approvers) · 12 Deploy Prod · 13 Smoke Tests Prod · 14 Post Actions; then `post` (notify, clean).
 * "Staging" stands for every environment below the prod tier, in promotion order; "Prod" for the
 * prod-tier ones. AWS credentials are the agent's own (its instance profile or role): no keys here; with
 * `ci.jenkins.principal`, pushes and deploys switch to the environment's ci-stack deploy role (`withAWS`).
 */
import { deployRoleArn } from "../model/ci.js";
import { hasFunctionBuilds, promotionOrder, promotionSource, recoveryDeploys, serviceImages } from "../model/delivery.js";
import type { Environment, Model } from "../model/types.js";
import * as cmd from "./commands.js";
import { pipelineHeader } from "./header.js";
import type { PipelineFile, PipelineOptions } from "./types.js";

export const JENKINSFILE = "Jenkinsfile";

/** The stage names, in order (a test checks the rendered file against this list). */
export const JENKINS_STAGES = [
  "Checkout",
  "Lint",
  "Unit Tests",
  "Security Scan",
  "Build Application",
  "Build Image",
  "Container Scan",
  "Push to ECR",
  "Deploy Staging",
  "Smoke Tests",
  "Production Approval",
  "Deploy Prod",
  "Smoke Tests Prod",
  "Post Actions",
] as const;

/** The commit every image is tagged with and every deploy uses (set by Jenkins' git plugin). */
const SHA = "$GIT_COMMIT";

export function renderJenkinsfile(model: Model, opts: PipelineOptions): PipelineFile {
  const ctx: cmd.CommandContext = { config: opts.config, out: cmd.PIPELINE_OUT };
  const envs = promotionOrder(model);
  const early = envs.filter((e) => e.tier !== "prod");
  const prod = envs.filter((e) => e.tier === "prod");
  const images = serviceImages(model);
  const scanEnv = (service: string) => envs.find((e) => e.services.some((s) => s.name === service && s.build))!.name;

  const stages: string[] = [
    stage("Checkout", ["checkout scm"]),
    stage("Lint", [sh("npm ci"), sh("npm run lint --if-present"), sh(cmd.validate(ctx))]),
    stage("Unit Tests", [sh("npm test --if-present")]),
    parallelStage("Security Scan", [
      ["Dependency Audit", [sh("npm audit --omit=dev --audit-level=high")]],
      ["Source Scan", [sh("trivy fs --scanners vuln,secret --exit-code 1 --severity HIGH,CRITICAL --ignore-unfixed .")]],
      ["Infrastructure Plan (offline)", [...(hasFunctionBuilds(model) ? [sh(cmd.buildFunctions(ctx))] : []), sh(cmd.planOffline(ctx))]],
      ["Infrastructure Checks", [sh(cmd.check(ctx, model.delivery.checkSeverity))]],
    ]),
    stage("Build Application", [sh("npm run build --if-present")]),
    stage(
      "Build Image",
      images.map((i) => sh(cmd.buildLocal(ctx, i.service, scanEnv(i.service)))),
    ),
    stage(
      "Container Scan",
      images.map((i) => sh(`trivy image --exit-code 1 --severity HIGH,CRITICAL --ignore-unfixed ${i.localName}:${SHA}`)),
    ),
    // The seed pushes before it deploys; the environment's repositories must exist (its platform applied once).
    stage(
      "Push to ECR",
      early.filter((e) => e.services.some((s) => s.build)).flatMap((e) => asDeployRole(e, [sh(cmd.build(ctx, e.name, true))])),
    ),
    stage(
      "Deploy Staging",
      early.flatMap((e) => deploySteps(ctx, e)),
    ),
    stage(
      "Smoke Tests",
      early.map((e) => sh(cmd.smoke(ctx, e.name))),
    ),
    stage(
      "Production Approval",
      [
        `timeout(time: 1, unit: 'DAYS') {`,
        indent(
          `input message: "Deploy \${env.GIT_COMMIT} to ${prod.map((e) => e.name).join(", ")}?", ok: 'Deploy', submitter: ${groovy(model.delivery.approvers)}`,
        ),
        `}`,
      ],
      prod.length === 0 ? "no prod-tier environment: nothing to approve" : undefined,
    ),
    stage(
      "Deploy Prod",
      prod.flatMap((e) => deploySteps(ctx, e, true, promotionSource(model, e))),
    ),
    stage(
      "Smoke Tests Prod",
      prod.map((e) => sh(cmd.smoke(ctx, e.name))),
    ),
    stage("Post Actions", [sh(images.length > 0 ? `docker image rm ${images.map((i) => `${i.localName}:${SHA}`).join(" ")} || true` : "true")]),
  ];

  const text = [
    pipelineHeader("//", "berth pipeline jenkins", opts.config).trimEnd(),
    "// Needs on the agent: Node.js 20 and npm, Terraform 1.10 or later, Docker with buildx, Trivy, jq, and AWS",
    "// credentials from the agent itself (instance profile or assumed role; never keys in this file).",
    ...(envs.some((e) => e.ci?.trust.kind === "jenkins")
      ? [
          "// Plugin 'Pipeline: AWS Steps' (withAWS): pushes and deploys assume each environment's berth deploy role",
          "// (ci stack); plans and applies keep the agent's credentials.",
        ]
      : []),
    "// Credential 'slack-webhook' (secret text) is optional: without it, no notification is sent.",
    "pipeline {",
    indent(
      [
        "agent any",
        "options {",
        indent(["disableConcurrentBuilds()", "timeout(time: 2, unit: 'HOURS')"]),
        "}",
        "environment {",
        indent(["CI = 'true'"]),
        "}",
        "stages {",
        indent(stages.join("\n")),
        "}",
        "post {",
        indent(["always {", indent(["notify(currentBuild.currentResult)"]), "}", "cleanup {", indent(["deleteDir()"]), "}"]),
        "}",
      ].join("\n"),
    ),
    "}",
    "",
    "// Posts the outcome to Slack when the 'slack-webhook' credential exists.",
    "def notify(String result) {",
    indent([
      "try {",
      indent([
        "withCredentials([string(credentialsId: 'slack-webhook', variable: 'SLACK_WEBHOOK_URL')]) {",
        indent([
          'withEnv(["RESULT=${result}"]) {',
          indent([
            sh(
              `jq -n --arg text "$JOB_NAME #$BUILD_NUMBER ($GIT_COMMIT): $RESULT" '{text: $text}' | curl -fsS -X POST -H 'Content-Type: application/json' --data @- "$SLACK_WEBHOOK_URL"`,
            ),
          ]),
          "}",
        ]),
        "}",
      ]),
      "} catch (err) {",
      indent(['echo "No Slack notification: ${err.message}"']),
      "}",
    ]),
    "}",
    "",
  ].join("\n");
  return { path: JENKINSFILE, text };
}

/**
 * Plan the environment and apply it when it has changes, push its images when asked (after the apply, which
 * creates the repositories: promoted from `source` by digest, or built), deploy.
 */
function deploySteps(ctx: cmd.CommandContext, env: Environment, push = false, source: Environment | null = null): string[] {
  const built = env.services.some((s) => s.build);
  return [
    sh(cmd.planAndApply(ctx, env.name)),
    // With the agent's credentials: a site's deploy applies its stack and writes its bucket.
    ...env.sites.map((site) => sh(cmd.deploySite(ctx, env.name, site.key))),
    // Build once: the digest the environment before tested, copied with the agent's credentials (it reads that environment's repositories).
    ...(push && source ? [sh(cmd.promote(ctx, source.name, env.name, SHA))] : []),
    ...asDeployRole(env, [
      ...(push && built && !source ? [sh(cmd.build(ctx, env.name, true))] : []),
      ...env.services.filter((s) => s.build).map((s) => sh(cmd.deploy(ctx, env.name, s.name, SHA, false))),
      ...recoveryDeploys(env).map(([region, s]) => sh(cmd.deploy(ctx, env.name, s, SHA, false, region))),
    ]),
  ];
}

/**
 * With `ci.jenkins.principal`, pushes and deploys run as the environment's ci-stack deploy role
 * (`withAWS` of the Pipeline: AWS Steps plugin assumes it from the agent's credentials); plans and applies
 * keep the agent's own credentials, which manage the infrastructure.
 */
function asDeployRole(env: Environment, steps: readonly string[]): string[] {
  const role = env.ci?.trust.kind === "jenkins" ? deployRoleArn(env) : null;
  if (!role || steps.length === 0) return [...steps];
  return [`withAWS(role: ${groovy(role)}, roleSessionName: ${groovy(`berth-deploy-${env.name}`)}, region: ${groovy(env.region)}) {`, indent(steps), "}"];
}

function stage(name: string, steps: readonly string[], skipped?: string): string {
  const body = steps.length > 0 && !skipped ? steps : [`echo ${groovy(skipped ?? "nothing to do for this configuration")}`];
  return [`stage(${groovy(name)}) {`, indent(["steps {", indent(body), "}"]), "}"].join("\n");
}

function parallelStage(name: string, branches: readonly (readonly [string, readonly string[]])[]): string {
  return [`stage(${groovy(name)}) {`, indent(["parallel {", indent(branches.map(([n, steps]) => stage(n, steps)).join("\n")), "}"]), "}"].join("\n");
}

/** A Groovy single-quoted string: no interpolation by Groovy; the shell expands `$VAR`. */
function groovy(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

const sh = (command: string): string => `sh ${groovy(command)}`;

function indent(lines: string | readonly string[]): string {
  const text = typeof lines === "string" ? lines : lines.join("\n");
  return text
    .split("\n")
    .map((l) => (l ? `  ${l}` : l))
    .join("\n");
}
