/** `berth check`: the rule catalogue over each environment's model and rendered stacks; exit 1 on open findings at or above --severity. */
import { createRequire } from "node:module";
import { UsageError } from "../errors.js";
import { RULES } from "../insight/checks/catalogue.js";
import { checkJson, checkText, rulesText } from "../insight/checks/format.js";
import { atOrAbove, checkSuppressions, runChecksInRegions, unusedSuppressions } from "../insight/checks/run.js";
import { toSarif } from "../insight/checks/sarif.js";
import { SEVERITIES, type Severity } from "../insight/checks/types.js";
import { type CommonOptions, loadStacks } from "./context.js";
import { println } from "./output.js";

export interface CheckOptions extends CommonOptions {
  readonly format?: string;
  readonly severity?: string;
  readonly list?: boolean;
}

export async function check(opts: CheckOptions): Promise<void> {
  const format = opts.format ?? "text";
  if (!["text", "json", "sarif"].includes(format)) throw new UsageError(`--format ${format}: expected text, json or sarif`);
  const severity = (opts.severity ?? "low") as Severity;
  if (!SEVERITIES.includes(severity)) throw new UsageError(`--severity ${opts.severity}: expected one of ${SEVERITIES.join(", ")}`);
  if (opts.list) {
    println(
      format === "json"
        ? JSON.stringify(
            RULES.map(({ check: _, ...r }) => r),
            null,
            2,
          )
        : rulesText(RULES),
    );
    return;
  }
  const { file, model, stacks } = await loadStacks(opts);
  model.environments.forEach((env) => checkSuppressions(env, file));
  const findings = model.environments.flatMap((env) => runChecksInRegions(env, stacks));
  for (const env of model.environments) {
    for (const s of unusedSuppressions(env, findings))
      process.stderr.write(`warning: ${s.at} (${s.rule}) matches no finding in ${env.name}; remove it if the finding is gone\n`);
  }
  if (format === "sarif") println(JSON.stringify(toSarif(RULES, findings, version()), null, 2));
  else if (format === "json") println(JSON.stringify(checkJson(findings), null, 2));
  else
    println(
      checkText(
        findings,
        model.environments.map((e) => e.name),
      ),
    );
  if (findings.some((f) => !f.suppressed && atOrAbove(f.severity, severity))) process.exitCode = 1;
}

function version(): string {
  return (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
}
