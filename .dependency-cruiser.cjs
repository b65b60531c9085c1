/**
 * berth's import directions (docs/architecture.md, "Layers"), checked by `npm run lint:deps` and by
 * test/architecture.test.ts: config → model → hcl, terraform, dev, pipeline, insight, import → runner → cli. Nothing imports a
 * layer above its own; `src/hcl` imports nothing of berth; `src/errors.ts` is a leaf every layer may
 * use, and so is `src/load-module.ts`; the runner reads the stack contract, never HCL; `berth dev` reads the model, never rendered
 * Terraform; the pipeline renderers read the model alone. Type-only imports count: a type is a dependency too. Tests (`*.test.ts`) are not checked.
 */

/** The layers, bottom first; folders on one row are siblings. */
const LAYERS = [["config"], ["model"], ["hcl", "terraform", "dev", "pipeline", "insight", "import"], ["runner"], ["cli"]];

const folder = (names) => `^src/(${names.join("|")})/`;

/** One rule per layer: it may not import any layer above it. */
const upward = LAYERS.slice(0, -1).map((row, i) => ({
  name: `no-upward-import-from-${row.join("-")}`,
  comment: `${row.join(", ")} may import only layers below: ${LAYERS.slice(0, i).flat().join(", ") || "nothing of berth but errors.ts"}`,
  severity: "error",
  from: { path: folder(row) },
  to: { path: folder(LAYERS.slice(i + 1).flat()) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: "hcl-imports-nothing-of-berth",
      comment: "src/hcl is a standalone HCL syntax tree and printer",
      severity: "error",
      from: { path: "^src/hcl/" },
      to: { path: "^src/", pathNot: "^src/hcl/" },
    },
    {
      name: "errors-is-a-leaf",
      comment: "src/errors.ts is below every layer",
      severity: "error",
      from: { path: "^src/errors[.]ts$" },
      to: { path: "^src/" },
    },
    {
      name: "load-module-is-a-leaf",
      comment: "src/load-module.ts (run-time import() that works from the code cache) is below every layer",
      severity: "error",
      from: { path: "^src/load-module[.]ts$" },
      to: { path: "^src/" },
    },
    {
      name: "runner-reads-the-contract-not-hcl",
      comment: "the runner gets its decisions from the stack contract, never by reading rendered HCL",
      severity: "error",
      from: { path: "^src/runner/" },
      to: { path: "^src/hcl/" },
    },
    {
      name: "dev-reads-the-model-not-terraform",
      comment: "berth dev and the renderers read the same resolved model, so they cannot disagree",
      severity: "error",
      from: { path: "^src/dev/" },
      to: { path: "^src/(terraform|hcl)/" },
    },
    {
      name: "pipeline-reads-the-model",
      comment: "the CI/CD pipeline renderers read the model, like the Terraform renderers beside them, and nothing rendered",
      severity: "error",
      from: { path: "^src/pipeline/" },
      to: { path: "^src/(terraform|hcl|dev)/" },
    },
    {
      name: "terraform-does-not-import-dev",
      comment: "renderers and the local runtime are siblings over the model",
      severity: "error",
      from: { path: "^src/terraform/" },
      to: { path: "^src/dev/" },
    },
    {
      name: "insight-reads-the-model-not-the-runtime",
      comment: "cost, checks and diagrams read the model (and the rendered stacks), never the local runtime",
      severity: "error",
      from: { path: "^src/insight/" },
      to: { path: "^src/dev/" },
    },
    {
      name: "nothing-beside-insight-imports-it",
      comment: "insight is a reader of the model and the stacks; renderers and the local runtime do not depend on it",
      severity: "error",
      from: { path: "^src/(hcl|terraform|dev|pipeline)/" },
      to: { path: "^src/insight/" },
    },
    {
      name: "import-reads-config-and-model",
      comment: "berth import maps Copilot and Compose into a config and checks it with the config and model layers; it renders and runs nothing",
      severity: "error",
      from: { path: "^src/import/" },
      to: { path: "^src/(hcl|terraform|dev|pipeline|insight)/" },
    },
    {
      name: "no-unresolvable-relative-import",
      comment: "a relative import the cruiser cannot resolve would hide its direction",
      severity: "error",
      from: { path: "^src/" },
      to: { couldNotResolve: true, path: "^[.]" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "[.]test[.]ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
