/**
 * The import directions of .dependency-cruiser.cjs hold for src (the same check as `npm run lint:deps`),
 * and every rule fires on a small tree that breaks it, so a rule that silently matches nothing fails here.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const CONFIG = join(ROOT, ".dependency-cruiser.cjs");
const DEPCRUISE = join(ROOT, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");

function depcruise(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [DEPCRUISE, "src", "--config", CONFIG, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

describe("import directions", { timeout: 120_000 }, () => {
  it("hold for src: config → model → hcl, terraform, dev, pipeline, insight, import → runner → cli", async () => {
    const r = await depcruise(ROOT, ["--output-type", "err-long"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it("each rule fires on an import that breaks it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-layers-"));
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true } }));
    const files: Record<string, string> = {
      "src/errors.ts": 'import "./model/types.js";\nexport {};\n',
      "src/load-module.ts": 'import "./errors.js";\nexport {};\n',
      "src/config/schema.ts": 'import "../model/types.js";\nexport {};\n',
      "src/model/types.ts": 'import "../terraform/stack.js";\nexport {};\n',
      "src/hcl/print.ts": 'import "../errors.js";\nexport {};\n',
      "src/terraform/stack.ts": 'import "../runner/queue.js";\nimport "../dev/plan.js";\nimport "../hcl/print.js";\nexport {};\n',
      "src/dev/plan.ts": 'import "../terraform/stack.js";\nimport "../insight/cost.js";\nexport {};\n',
      "src/pipeline/github.ts": 'import "../terraform/stack.js";\nimport "../cli/main.js";\nexport {};\n',
      "src/insight/cost.ts": 'import "../dev/plan.js";\nimport "../runner/queue.js";\nexport {};\n',
      "src/runner/queue.ts": 'import "../cli/main.js";\nexport {};\n',
      "src/runner/session.ts": 'import type {} from "../hcl/print.js";\nimport "./missing.js";\nexport {};\n',
      "src/cli/main.ts": 'import "../runner/queue.js";\nexport {};\n',
      "src/import/compose.ts": 'import "../config/schema.js";\nimport "../terraform/stack.js";\nimport "../runner/queue.js";\nexport {};\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const r = await depcruise(dir, ["--output-type", "json"]);
    const violations = (JSON.parse(r.stdout) as { summary: { violations: Violation[] } }).summary.violations;
    expect(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort()).toEqual([
      "dev-reads-the-model-not-terraform: src/dev/plan.ts → src/terraform/stack.ts",
      "errors-is-a-leaf: src/errors.ts → src/model/types.ts",
      "hcl-imports-nothing-of-berth: src/hcl/print.ts → src/errors.ts",
      "import-reads-config-and-model: src/import/compose.ts → src/terraform/stack.ts",
      "insight-reads-the-model-not-the-runtime: src/insight/cost.ts → src/dev/plan.ts",
      "load-module-is-a-leaf: src/load-module.ts → src/errors.ts",
      "no-unresolvable-relative-import: src/runner/session.ts → ./missing.js",
      "no-upward-import-from-config: src/config/schema.ts → src/model/types.ts",
      "no-upward-import-from-hcl-terraform-dev-pipeline-insight-import: src/import/compose.ts → src/runner/queue.ts",
      "no-upward-import-from-hcl-terraform-dev-pipeline-insight-import: src/insight/cost.ts → src/runner/queue.ts",
      "no-upward-import-from-hcl-terraform-dev-pipeline-insight-import: src/pipeline/github.ts → src/cli/main.ts",
      "no-upward-import-from-hcl-terraform-dev-pipeline-insight-import: src/terraform/stack.ts → src/runner/queue.ts",
      "no-upward-import-from-model: src/model/types.ts → src/terraform/stack.ts",
      "no-upward-import-from-runner: src/runner/queue.ts → src/cli/main.ts",
      "nothing-beside-insight-imports-it: src/dev/plan.ts → src/insight/cost.ts",
      "pipeline-reads-the-model: src/pipeline/github.ts → src/terraform/stack.ts",
      "runner-reads-the-contract-not-hcl: src/runner/session.ts → src/hcl/print.ts",
      "terraform-does-not-import-dev: src/terraform/stack.ts → src/dev/plan.ts",
    ]);
  });
});
