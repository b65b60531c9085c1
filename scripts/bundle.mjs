/**
 * The second step of `npm run build`: bundles the compiled CLI (`dist/cli/main.js`, from tsc) and the synth
 * worker into `dist/bundle/`, so a `berth` command loads a few files instead of ~200 modules (about 40 ms
 * less on every command; `npm run bench:synth` shows the whole job). Commands stay lazily loaded: each
 * is its own chunk. Dependencies are bundled only when they are plain JavaScript that needs nothing
 * beside itself (listed below); the others (native binaries, files found next to their code, their own
 * workers) are loaded from node_modules as before. `dist/index.js` (what `import "berth"` gives a config)
 * stays tsc's output.
 */
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const BUNDLED = new Set([
  "@secretlint/core",
  "@secretlint/secretlint-rule-preset-recommend",
  "commander",
  "fastest-levenshtein",
  "fflate",
  "picomatch",
  "yaml",
  "zod",
]);
const outdir = join(root, "dist", "bundle");

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { berth: "dist/cli/main.js", "synth-worker": "dist/terraform/synth-worker.js", "stage-writer-worker": "dist/terraform/stage-writer-worker.js" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "chunk-[hash]",
  external: Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name)),
  // Bundled CommonJS packages (commander) call require(); an ES module has none of its own.
  banner: { js: 'import { createRequire as berthCreateRequire } from "node:module";\nconst require = berthCreateRequire(import.meta.url);' },
  logLevel: "warning",
});
