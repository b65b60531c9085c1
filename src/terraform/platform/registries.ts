/** `registries.tf`: one ECR repository per service built from source, with a lifecycle policy that bounds its size. */
import { attr, attrs, block, type BodyItem, jsonencode, raw, resource, type Value } from "../../hcl/index.js";
import type { Environment, Repository } from "../../model/types.js";
import { banner, ident } from "../common/files.js";
import { kmsKeyResources } from "../common/kms.js";
import { registryReplication } from "../../model/recovery.js";

export function registriesFile(env: Environment): BodyItem[] {
  const key = env.kms.ecr;
  return [
    ...(key ? [banner("KMS key of the repositories (rotated yearly)"), ...kmsKeyResources(key)] : []),
    banner("ECR repositories", "https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html"),
    ...env.repositories.flatMap((r) => {
      const id = ident(r.service);
      return [
        resource("aws_ecr_repository", id, [
          attrs({ name: r.name, image_tag_mutability: r.mutable ? "MUTABLE" : "IMMUTABLE", force_delete: false }),
          block("image_scanning_configuration", [], [attr("scan_on_push", r.scanOnPush)]),
          block(
            "encryption_configuration",
            [],
            key ? [attrs({ encryption_type: "KMS", kms_key: raw(`aws_kms_key.${key.use}.arn`) })] : [attr("encryption_type", "AES256")],
          ),
        ]),
        resource("aws_ecr_lifecycle_policy", id, [attr("repository", raw(`aws_ecr_repository.${id}.name`)), attr("policy", lifecyclePolicy(r))]),
      ];
    }),
    ...replication(env),
  ];
}

/**
 * Every push is copied to the recovery regions' repositories of the same name (their platform stacks
 * create them, with their own key and lifecycle). The configuration is the registry's, one per account
 * and region: the filter keeps it to this environment's repositories.
 */
function replication(env: Environment): BodyItem[] {
  const r = registryReplication(env);
  if (!r) return [];
  const first = ident(env.repositories[0]!.service);
  return [
    banner(`Replication to ${r.regions.join(", ")}`, "https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html"),
    resource("aws_ecr_replication_configuration", "this", [
      block(
        "replication_configuration",
        [],
        [
          block(
            "rule",
            [],
            [
              ...r.regions.map((region) => block("destination", [], [attrs({ region, registry_id: raw(`aws_ecr_repository.${first}.registry_id`) })])),
              block("repository_filter", [], [attrs({ filter: r.prefix, filter_type: "PREFIX_MATCH" })]),
            ],
          ),
        ],
      ),
    ]),
  ];
}

/**
 * Rule 1 expires untagged images; then keep rules count tagged images. ECR selects images carrying *all* of a
 * rule's prefixes, so each prefix gets a rule of its own; with no prefixes, `*` matches every tagged image.
 */
function lifecyclePolicy(r: Repository): Value {
  const expire = { type: "expire" };
  const keep = (priority: number, selection: Record<string, Value>, what: string) => ({
    rulePriority: priority,
    description: `Keep the last ${r.keepTagged} ${what}`,
    selection: { tagStatus: "tagged", ...selection, countType: "imageCountMoreThan", countNumber: r.keepTagged },
    action: expire,
  });
  const keepRules =
    r.tagPrefixes.length === 0
      ? [keep(2, { tagPatternList: ["*"] }, "tagged images")]
      : r.tagPrefixes.map((prefix, i) => keep(i + 2, { tagPrefixList: [prefix] }, `images tagged ${prefix}*`));
  return jsonencode({
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images after ${r.expireUntaggedDays} days`,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: r.expireUntaggedDays },
        action: expire,
      },
      ...keepRules,
    ],
  });
}
