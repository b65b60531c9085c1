/**
 * Findings as SARIF 2.1.0 (what code-scanning dashboards read): the catalogue in `runs[0].tool.driver.rules`,
 * one result per finding located in the rendered `.tf` file (relative to the synth output folder, base id
 * `OUTDIR`), accepted findings with their reason as external suppressions.
 */
import type { Finding, Rule, Severity } from "./types.js";

const LEVEL: Readonly<Record<Severity, "error" | "warning" | "note">> = { critical: "error", high: "error", medium: "warning", low: "note" };
/** GitHub code scanning reads `security-severity` (0–10) to rank security results. */
const SCORE: Readonly<Record<Severity, string>> = { critical: "9.5", high: "7.5", medium: "5.0", low: "2.0" };

export function toSarif(rules: readonly Rule[], findings: readonly Finding[], version: string): object {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "berth",
            version,
            informationUri: "https://www.npmjs.com/package/berth",
            rules: rules.map((r) => ({
              id: r.id,
              name: r.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : "")),
              shortDescription: { text: r.title },
              fullDescription: { text: r.why },
              help: { text: `${r.fix} (config: ${r.configPath})` },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: {
                "security-severity": SCORE[r.severity],
                severity: r.severity,
                configPath: r.configPath,
                tags: ["security", "terraform", "aws", ...(r.checkov ? [r.checkov] : []), ...(r.trivy ? [r.trivy] : [])],
                ...(r.checkov ? { checkov: r.checkov } : {}),
                ...(r.trivy ? { trivy: r.trivy } : {}),
              },
            })),
          },
        },
        originalUriBaseIds: { OUTDIR: { description: { text: "The folder berth synth writes the stacks to (--out)." } } },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule) ?? -1,
          level: LEVEL[f.severity],
          message: { text: `${f.message} (${f.environment}; config: ${f.configPath})` },
          locations: f.location
            ? [
                {
                  physicalLocation: { artifactLocation: { uri: f.location.file, uriBaseId: "OUTDIR" }, region: { startLine: f.location.line } },
                  logicalLocations: [{ name: f.resource, ...(f.location.address ? { fullyQualifiedName: f.location.address } : {}), kind: "resource" }],
                },
              ]
            : [],
          ...(f.suppressed
            ? { suppressions: [{ kind: "external", status: "accepted", justification: f.suppressed.reason, location: { message: { text: f.suppressed.at } } }] }
            : {}),
          properties: { environment: f.environment, resource: f.resource, configPath: f.configPath },
        })),
      },
    ],
  };
}
