/**
 * `secrets.tf`: the Secrets Manager secrets and SSM parameters declared in the config. Berth creates them
 * empty (secrets) or with a placeholder it never updates (SecureString parameters): their values are set
 * outside Terraform, so no secret value reaches a file, a state or a plan.
 */
import { attr, attrs, block, type BodyItem, comment, raw, resource } from "../../hcl/index.js";
import type { Environment } from "../../model/types.js";
import { banner, ident } from "../common/files.js";

/** What a SecureString parameter holds until someone sets it; never read back (ignore_changes). */
export const PARAMETER_PLACEHOLDER = "unset: aws ssm put-parameter --overwrite";

export function secretsFile(env: Environment): BodyItem[] {
  const key = env.kms.secrets ? raw("aws_kms_key.secrets.arn") : undefined;
  const items: BodyItem[] = [];
  if (env.secrets.length > 0) {
    items.push(
      banner("Secrets (values set outside Terraform)", "https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_update-secret-value.html"),
      comment("Set a value with: aws secretsmanager put-secret-value --secret-id <name> --secret-string file://value.txt"),
      ...env.secrets.map((s) =>
        resource("aws_secretsmanager_secret", ident(s.key), [
          attrs({ name: s.name, description: s.description, kms_key_id: key, recovery_window_in_days: s.recoveryWindowDays }),
        ]),
      ),
    );
  }
  if (env.parameters.length > 0) {
    items.push(
      banner("Parameters", "https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-parameter-store.html"),
      ...env.parameters.map((p) =>
        p.secure
          ? resource("aws_ssm_parameter", ident(p.key), [
              attrs({ name: p.name, description: p.description, type: "SecureString", key_id: key, value: PARAMETER_PLACEHOLDER }),
              comment("The real value is set outside Terraform and never read back."),
              block("lifecycle", [], [attr("ignore_changes", raw("[value]"))]),
            ])
          : resource("aws_ssm_parameter", ident(p.key), [attrs({ name: p.name, description: p.description, type: "String", value: p.value ?? "" })]),
      ),
    );
  }
  return items;
}
