/** IAM breadth, images and instance metadata: what a compromised task or instance could do. */
import { STACK } from "../../../model/stack-ids.js";
import { attribute, nested } from "../terraform-view.js";
import type { Rule } from "../types.js";
import { hitService, isProd } from "./helpers.js";

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;

export const identityRules: Rule[] = [
  {
    id: "BERTH036",
    severity: "high",
    title: "Task role grants every action of a service",
    why: 'An action like "s3:*" includes deleting buckets and changing their policies; a compromised task can do all of it.',
    fix: "List the actions the application calls (s3:GetObject, s3:PutObject…) in services.<name>.permissions.",
    configPath: "services.<name>.permissions",
    checkov: "CKV_AWS_63",
    trivy: "AVD-AWS-0057",
    check: ({ env }) =>
      env.services.flatMap((s) =>
        s.permissions.flatMap((p, i) =>
          p.actions
            .filter((a) => a.endsWith(":*"))
            .map((a) => hitService(s, `${s.roleNames.task} allows ${a}`, `services.${s.name}.permissions[${i}].actions`, "aws_iam_role_policy")),
        ),
      ),
  },
  {
    id: "BERTH037",
    severity: "medium",
    title: "Task role grants actions on every resource",
    why: 'Resource "*" lets the task act on every bucket, queue or table in the account, not only its own.',
    fix: "Name the ARNs the application uses in services.<name>.permissions[].resources.",
    configPath: "services.<name>.permissions",
    checkov: "CKV_AWS_355",
    trivy: "AVD-AWS-0057",
    check: ({ env }) =>
      env.services.flatMap((s) =>
        s.permissions.flatMap((p, i) =>
          p.resources.includes("*")
            ? [
                hitService(
                  s,
                  `${s.roleNames.task} allows ${p.actions.join(", ")} on "*"`,
                  `services.${s.name}.permissions[${i}].resources`,
                  "aws_iam_role_policy",
                ),
              ]
            : [],
        ),
      ),
  },
  {
    id: "BERTH038",
    severity: "medium",
    title: "Task role grants wildcard actions",
    why: 'A partial wildcard such as "dynamodb:Delete*" grants actions added to AWS later, which nobody reviewed.',
    fix: "List the actions one by one in services.<name>.permissions.",
    configPath: "services.<name>.permissions",
    trivy: "AVD-AWS-0057",
    check: ({ env }) =>
      env.services.flatMap((s) =>
        s.permissions.flatMap((p, i) =>
          p.actions
            .filter((a) => a.includes("*") && !a.endsWith(":*"))
            .map((a) => hitService(s, `${s.roleNames.task} allows ${a}`, `services.${s.name}.permissions[${i}].actions`, "aws_iam_role_policy")),
        ),
      ),
  },
  {
    id: "BERTH039",
    severity: "medium",
    title: "Execution role and task role are the same",
    why: "The execution role may read every secret of the task and pull images; the application itself should not hold those rights.",
    fix: "Keep berth's separate roles; do not point both at one role in an override.",
    configPath: "services.<name>",
    checkov: "CKV_AWS_249",
    check: ({ env }) =>
      env.services
        .filter((s) => s.roleNames.execution === s.roleNames.task)
        .map((s) => hitService(s, `${s.name} runs with one role for both`, `services.${s.name}`, "aws_ecs_task_definition")),
  },
  {
    id: "BERTH040",
    severity: "medium",
    title: "ECS Exec enabled in prod",
    why: "ECS Exec opens a shell in running prod containers to anyone with ssm:StartSession on them; it bypasses code review.",
    fix: "Set services.<name>.execCommand: false in prod (environments.prod.services.<name>.execCommand).",
    configPath: "services.<name>.execCommand",
    check: ({ env }) =>
      isProd(env)
        ? env.services.filter((s) => s.enableExecuteCommand).map((s) => hitService(s, `${s.name} allows ECS Exec`, `services.${s.name}.execCommand`))
        : [],
  },
  {
    id: "BERTH041",
    severity: "high",
    title: "Secret passed as a plain environment variable",
    why: "Environment values are stored in the task definition, in Terraform state and plans, and shown in the console to anyone who can describe tasks.",
    fix: "Move it to services.<name>.secrets (a Secrets Manager secret or SecureString parameter).",
    configPath: "services.<name>.environment",
    trivy: "AVD-AWS-0036",
    check: ({ env }) =>
      env.services.flatMap((s) =>
        s.environment
          .filter((v) => v.value.kind === "literal" && SECRET_NAME.test(v.name) && v.value.value !== "")
          .map((v) => hitService(s, `${v.name} is a literal environment value`, `services.${s.name}.environment.${v.name}`, "aws_ecs_task_definition")),
      ),
  },
  {
    id: "BERTH042",
    severity: "medium",
    title: "Image tags are mutable in prod",
    why: "A mutable tag can be overwritten: what runs after a restart may not be what was reviewed and deployed.",
    fix: "Remove services.<name>.repository.mutable: true (immutable is the prod default) and deploy git-sha tags (berth build --push, berth deploy --image <sha>).",
    configPath: "services.<name>.repository.mutable",
    checkov: "CKV_AWS_51",
    trivy: "AVD-AWS-0031",
    check: ({ env }) =>
      isProd(env)
        ? env.repositories
            .filter((r) => r.mutable)
            .map((r) => ({
              resource: `repository ${r.service}`,
              message: `${r.name} has mutable tags`,
              configPath: `services.${r.service}.repository.mutable`,
              at: { stack: STACK.platform, type: "aws_ecr_repository", name: r.service.replace(/-/g, "_") },
            }))
        : [],
  },
  {
    id: "BERTH043",
    severity: "medium",
    title: "Images are not scanned on push",
    why: "Known vulnerabilities in base images go unnoticed until exploited.",
    fix: "Set services.<name>.repository.scanOnPush: true (the default).",
    configPath: "services.<name>.repository.scanOnPush",
    checkov: "CKV_AWS_163",
    trivy: "AVD-AWS-0030",
    check: ({ env }) =>
      env.repositories
        .filter((r) => !r.scanOnPush)
        .map((r) => ({
          resource: `repository ${r.service}`,
          message: `${r.name} does not scan on push`,
          configPath: `services.${r.service}.repository.scanOnPush`,
          at: { stack: STACK.platform, type: "aws_ecr_repository", name: r.service.replace(/-/g, "_") },
        })),
  },
  {
    id: "BERTH044",
    severity: "low",
    title: "External image referenced by a moving tag",
    why: 'An image such as "nginx:latest" or one without a tag changes under you; a restart can run code nobody reviewed.',
    fix: "Pin services.<name>.image to a version tag or a digest (@sha256:…).",
    configPath: "services.<name>.image",
    check: ({ env }) =>
      env.services
        .filter((s) => s.image !== undefined && !s.image.includes("@sha256:") && (/:latest$/.test(s.image) || !/:[^/]+$/.test(s.image)))
        .map((s) => hitService(s, `${s.image} is not pinned`, `services.${s.name}.image`, "aws_ecs_task_definition")),
  },
  {
    id: "BERTH045",
    severity: "low",
    title: "Container root filesystem is writable",
    why: "A writable root filesystem lets an attacker who gets code execution persist tools and modify the application.",
    fix: "Set services.<name>.readonlyRootFilesystem: true and write only to mounted paths such as /tmp.",
    configPath: "services.<name>.readonlyRootFilesystem",
    checkov: "CKV_AWS_336",
    check: ({ env }) =>
      env.services
        .filter((s) => !s.readonlyRootFilesystem)
        .map((s) => hitService(s, `${s.name}'s root filesystem is writable`, `services.${s.name}.readonlyRootFilesystem`, "aws_ecs_task_definition")),
  },
  {
    id: "BERTH046",
    severity: "high",
    title: "Container instances allow IMDSv1",
    why: "IMDSv1 answers any request, so an SSRF flaw in a container can steal the instance role's credentials.",
    fix: 'Remove the override of the launch template\'s metadata options; berth requires IMDSv2 (http_tokens = "required").',
    configPath: "compute.ec2",
    checkov: "CKV_AWS_79",
    trivy: "AVD-AWS-0028",
    check: ({ tf }) =>
      tf
        .ofType("aws_launch_template")
        .filter((r) => !nested(r.block, "metadata_options").some((m) => attribute(m, "http_tokens") === "required"))
        .map((r) => ({
          resource: "container instances",
          message: `${r.type}.${r.name} does not require IMDSv2`,
          at: { stack: r.stack, type: r.type, name: r.name },
        })),
  },
  {
    id: "BERTH047",
    severity: "medium",
    title: "Tasks in awsvpc mode can reach the instance metadata",
    why: "With a hop limit above 1, containers reach the instance's metadata and its role; awsvpc tasks should use their own task role only.",
    fix: "Run bridge-mode tasks only where needed; berth sets the hop limit to 2 only for bridge mode.",
    configPath: "compute.ec2",
    check: ({ env, tf }) => {
      const bridge = env.services.some((s) => s.networkMode === "bridge");
      return tf
        .ofType("aws_launch_template")
        .filter(
          (r) => !bridge && nested(r.block, "metadata_options").some((m) => ((attribute(m, "http_put_response_hop_limit") as number | undefined) ?? 1) > 1),
        )
        .map((r) => ({
          resource: "container instances",
          message: `${r.type}.${r.name} lets containers reach the instance metadata`,
          at: { stack: r.stack, type: r.type, name: r.name },
        }));
    },
  },
];
