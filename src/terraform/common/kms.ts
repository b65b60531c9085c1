/** A customer-managed KMS key with yearly rotation and its alias, for the stack that owns its use. */
import { attr, attrs, type BodyItem, obj, raw, resource } from "../../hcl/index.js";
import type { KmsKey } from "../../model/types.js";

/**
 * The key keeps the default key policy (the account's IAM policies decide who may use it): RDS, Secrets
 * Manager and ECR use it through grants on behalf of callers their own IAM permissions admit.
 */
export function kmsKeyResources(key: KmsKey): BodyItem[] {
  return [
    resource("aws_kms_key", key.use, [
      attrs({ description: key.description, enable_key_rotation: key.rotation, deletion_window_in_days: key.deletionWindowDays }),
      attr("tags", obj({ Name: key.alias.replace(/^alias\//, "") })),
    ]),
    resource("aws_kms_alias", key.use, [attrs({ name: key.alias, target_key_id: raw(`aws_kms_key.${key.use}.key_id`) })]),
  ];
}
