/**
 * `runChecks(env, stacks)`: every rule of the catalogue over one environment's model and rendered stacks;
 * findings point at the resource in the printed `.tf` file, and carry the config's suppression if any.
 */
import { ConfigError } from "../../errors.js";
import type { Environment, Suppression } from "../../model/types.js";
import type { Stack } from "../../terraform/stack.js";
import { RULES } from "./catalogue.js";
import { TerraformView } from "./terraform-view.js";
import { type Finding, type Location, type Rule, SEVERITIES, type Severity, type TfTarget } from "./types.js";

export function runChecks(env: Environment, stacks: readonly Stack[], rules: readonly Rule[] = RULES): Finding[] {
  const tf = new TerraformView(stacks.filter((s) => s.env === env.name && s.region === env.region));
  return rules.flatMap((rule) =>
    rule.check({ env, tf }).map((hit): Finding => {
      const suppression = suppressionFor(env.suppressions, rule.id, hit.resource);
      return {
        rule: rule.id,
        severity: rule.severity,
        title: rule.title,
        resource: hit.resource,
        message: hit.message,
        configPath: hit.configPath ?? rule.configPath,
        environment: env.name,
        location: locate(tf, env, hit.at),
        ...(suppression ? { suppressed: { reason: suppression.reason, at: suppression.at } } : {}),
      };
    }),
  );
}

/** The rules over each region of the environment: its own, then each recovery region's model and stacks. */
export function runChecksInRegions(env: Environment, stacks: readonly Stack[], rules: readonly Rule[] = RULES): Finding[] {
  return [env, ...env.recovery].flatMap((e) => runChecks(e, stacks, rules));
}

function suppressionFor(list: readonly Suppression[], rule: string, resource: string): Suppression | undefined {
  return list.find((s) => s.rule === rule && (s.resource === undefined || s.resource === resource));
}

function locate(tf: TerraformView, env: Environment, at: TfTarget | undefined): Location | null {
  if (!at) return null;
  const r = tf.find(at.stack, at.type, at.name) ?? tf.find(at.stack, at.type);
  if (r) return { file: r.file, line: r.line, address: `${r.type}.${r.name}` };
  const any = tf.resources.find((x) => x.stack === at.stack);
  return any ? { file: any.file, line: 1, address: undefined } : null;
}

export const atOrAbove = (s: Severity, threshold: Severity): boolean => SEVERITIES.indexOf(s) >= SEVERITIES.indexOf(threshold);

/** Suppressions that matched no finding: stale, or a typo in the rule id or resource. */
export function unusedSuppressions(env: Environment, findings: readonly Finding[]): Suppression[] {
  return env.suppressions.filter((s) => !findings.some((f) => f.environment === env.name && f.suppressed?.at === s.at));
}

/** Refuses suppressions of rules that do not exist, naming the config path and the closest ids. */
export function checkSuppressions(env: Environment, file?: string): void {
  const ids = new Set(RULES.map((r) => r.id));
  const bad = env.suppressions.filter((s) => !ids.has(s.rule));
  if (bad.length === 0) return;
  throw new ConfigError(
    bad.map((s) => ({
      path: [
        ...s.at
          .replace(/\[(\d+)\]/g, ".$1")
          .split(".")
          .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        "rule",
      ],
      message: `no rule "${s.rule}"; berth check --list shows the ${ids.size} rules (${RULES[0]!.id}–${RULES[RULES.length - 1]!.id})`,
    })),
    file,
  );
}
