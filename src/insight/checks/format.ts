/** Findings as text (open ones by severity, then accepted ones with their reasons) and as JSON. */
import { SEVERITIES, type Finding, type Rule } from "./types.js";

export function checkText(findings: readonly Finding[], environments: readonly string[]): string {
  const open = findings.filter((f) => !f.suppressed);
  const accepted = findings.filter((f) => f.suppressed);
  const out: string[] = [];
  for (const sev of [...SEVERITIES].reverse()) {
    for (const f of open.filter((x) => x.severity === sev)) {
      out.push(`${f.severity.toUpperCase().padEnd(8)} ${f.rule} ${f.environment}: ${f.message}`);
      out.push(`         ${f.title}. config: ${f.configPath}${f.location ? `; ${f.location.file}:${f.location.line}` : ""}`);
    }
  }
  if (accepted.length > 0) {
    out.push("", "Accepted in the config:");
    for (const f of accepted) out.push(`  ${f.rule} ${f.environment} ${f.resource}: ${f.suppressed!.reason} (${f.suppressed!.at})`);
  }
  const counts = SEVERITIES.map((s) => `${open.filter((f) => f.severity === s).length} ${s}`)
    .reverse()
    .join(", ");
  out.push("", `${environments.join(", ")}: ${open.length} open finding${open.length === 1 ? "" : "s"} (${counts}), ${accepted.length} accepted`);
  return out.join("\n").replace(/^\n/, "");
}

export function checkJson(findings: readonly Finding[]): object {
  return { findings };
}

/** The catalogue as a table: id, severity, title, config path, scanner ids. */
export function rulesText(rules: readonly Rule[]): string {
  return rules
    .map(
      (r) =>
        `${r.id}  ${r.severity.padEnd(8)} ${r.title}\n          config: ${r.configPath}${r.checkov ? `; checkov ${r.checkov}` : ""}${r.trivy ? `; trivy ${r.trivy}` : ""}\n          why: ${r.why}\n          fix: ${r.fix}`,
    )
    .join("\n");
}
