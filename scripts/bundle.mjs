/**
 * The second step of `npm run build`: bundles the compiled CLI (`dist/cli/main.js`, from tsc) into one
 * CommonJS script, `dist/bundle/berth.cjs` (commands stay lazily initialised inside it), and the worker
 * threads' entries into ES modules beside it; then trains V8's code cache of the CLI bundle
 * (`scripts/train-code-cache.mjs`), which `bin/load-cli.js` runs it from. A command loads two files
 * instead of ~200 modules, and the functions it runs come compiled (`npm run bench:synth` shows the whole
 * job). Dependencies are bundled only when they are plain JavaScript that needs nothing beside itself
 * (listed below); the others (native binaries, files found next to their code, their own workers) are
 * loaded from node_modules as before. `dist/index.js` (what `import "berth"` gives a config) stays tsc's output.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const BUNDLED = new Set(["@secretlint/core", "@secretlint/secretlint-rule-preset-recommend", "commander", "fastest-levenshtein", "picomatch", "yaml", "zod"]);
const outdir = join(root, "dist", "bundle");

rmSync(outdir, { recursive: true, force: true });
const shared = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  platform: "node",
  target: "node20",
  external: Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name)),
  logLevel: "warning",
};
// The CLI: one CommonJS script, so bin/load-cli.js can run it from V8's code cache (commands stay lazily
// initialised inside it). `import()` becomes require() for what the bundle loads itself (Node's built-ins,
// CommonJS packages); ES modules from outside (a config, ESM-only packages) go through src/load-module.ts.
// The file is the module function itself, as Node would wrap it, plus the bundle's own URL (what
// `import.meta.url` was): the loader compiles the text as read, without building a wrapped copy of 3 MB,
// and esbuild's "use strict" opens the function, so the whole bundle runs in strict mode as its ES modules did.
const cli = await build({
  ...shared,
  metafile: true,
  entryPoints: { berth: "dist/cli/main.js" },
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  supported: { "dynamic-import": false },
  define: { "import.meta.url": "berthModuleUrl" },
  banner: { js: "(function (exports, require, module, __filename, __dirname, berthModuleUrl) {" },
  footer: { js: "})" },
});
requireableExternals(cli.metafile);
asciiOnly(join(outdir, "berth.cjs"));
// The worker threads' entries: ES modules, started by URL next to the CLI bundle.
await build({
  ...shared,
  entryPoints: { "synth-worker": "dist/terraform/synth-worker.js", "stage-writer-worker": "dist/terraform/stage-writer-worker.js" },
  splitting: true,
  format: "esm",
  chunkNames: "chunk-[hash]",
  // Bundled CommonJS packages call require(); an ES module has none of its own.
  banner: { js: 'import { createRequire as berthCreateRequire } from "node:module";\nconst require = berthCreateRequire(import.meta.url);' },
});
// V8's code cache of the CLI bundle, from a training run over the examples.
const trained = spawnSync(process.execPath, [join(root, "scripts", "train-code-cache.mjs")], { stdio: ["ignore", "ignore", "inherit"] });
if (trained.status !== 0) throw new Error(`scripts/train-code-cache.mjs exited with ${trained.status ?? trained.signal}`);

/**
 * esbuild escapes non-ASCII characters in strings but leaves those of comments and regular expressions; an
 * ASCII-only bundle is read without decoding (bin/load-cli.js) and held by V8 at one byte per character.
 * `\uXXXX` for each UTF-16 unit means the same in all of those places; only a template's raw text (String.raw,
 * a tag) would change, so a code line (not a comment) with such characters and a backtick stops the build.
 */
function asciiOnly(file) {
  const text = readFileSync(file, "utf8");
  const isComment = (line) => /^\s*(\/\/|\/?\*)/.test(line);
  const risky = text.split("\n").findIndex((line) => /[^\x00-\x7f]/.test(line) && line.includes("`") && !isComment(line));
  if (risky >= 0) throw new Error(`${file}:${risky + 1}: non-ASCII characters beside a template literal; write them as \\u escapes in the source`);
  const escaped = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (!text.trimStart().startsWith('(function (exports, require, module, __filename, __dirname, berthModuleUrl) {\n"use strict";'))
    throw new Error(`${file} does not open with the module function and "use strict"`);
  if (escaped !== text) writeFileSync(file, escaped);
}

/**
 * In the CommonJS bundle, every import of a package left outside becomes require(): refuse a package that
 * require() cannot load (an ES module only) and any import() of one, which must go through
 * src/load-module.ts to keep working from the code cache.
 */
function requireableExternals(metafile) {
  const requireFromBundle = createRequire(join(outdir, "berth.cjs"));
  const problems = [];
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const { path, kind, external } of input.imports) {
      if (!external || path.startsWith("node:") || path === "<runtime>" || isBuiltin(path)) continue;
      if (kind === "dynamic-import") problems.push(`${file}: import("${path}") — load it with loadModule() from src/load-module.ts`);
      else {
        try {
          requireFromBundle.resolve(path);
        } catch {
          problems.push(`${file}: "${path}" cannot be loaded with require() — load it with loadModule() from src/load-module.ts`);
        }
      }
    }
  }
  if (problems.length > 0) throw new Error(`the CLI bundle cannot load these packages:\n  ${problems.join("\n  ")}`);
}
