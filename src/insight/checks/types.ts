/** The rule catalogue's shapes: a rule (id, severity, why, fix, config path, scanner ids) and what it finds. */
import type { Environment } from "../../model/types.js";
import type { TerraformView } from "./terraform-view.js";

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Where in the rendered Terraform a finding points: a resource of a stack (the first of its type without a name). */
export interface TfTarget {
  readonly stack: string;
  readonly type: string;
  readonly name?: string;
}

export interface RuleHit {
  /** What the finding is about, as suppressions name it: `service api`, `load balancer public`, `database main`. */
  readonly resource: string;
  readonly message: string;
  /** The config path that controls it, when more precise than the rule's. */
  readonly configPath?: string;
  readonly at?: TfTarget;
}

export interface CheckContext {
  readonly env: Environment;
  readonly tf: TerraformView;
}

export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  /** Why it matters, in a sentence or two. */
  readonly why: string;
  /** How to fix it in the config. */
  readonly fix: string;
  /** The config path that controls it (`<name>` for the service, database or load balancer). */
  readonly configPath: string;
  readonly checkov?: string;
  readonly trivy?: string;
  check(ctx: CheckContext): RuleHit[];
}

export interface Location {
  /** `<env>/<region>/<stack>/<file>`, relative to the synth output folder. */
  readonly file: string;
  readonly line: number;
  /** `aws_db_instance.main`. */
  readonly address: string | undefined;
}

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly title: string;
  readonly resource: string;
  readonly message: string;
  readonly configPath: string;
  readonly environment: string;
  readonly location: Location | null;
  /** The reason the config gives for accepting it, and where; `undefined` for an open finding. */
  readonly suppressed?: { readonly reason: string; readonly at: string };
}
