/**
 * Loads berth's CLI bundle (`dist/bundle/berth.cjs`, built by `npm run build`) with V8's code cache
 * (`berth.cjs.cache`, written by the build after a training run of `berth synth` over the examples): the
 * functions a command runs come compiled from the cache instead of being parsed and compiled on every
 * start (Node 22's `module.enableCompileCache()` does the same for ES modules; Node 20 has no such thing).
 * A cache that does not fit this Node (another V8 version) is rejected by V8, and the bundle is compiled
 * as usual. Code compiled from a cache cannot call `import()` on Node 20, so this module hands in its own
 * (see `src/load-module.ts`).
 */
import { isAscii } from "node:buffer";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Script } from "node:vm";

/**
 * V8 flags every command starts with, set before the code cache loads (V8 accepts a cache only under the
 * flags it was made with; the build trains it through this loader): inlining off, which makes a
 * short command's background compiles cheaper than they would save. `berth dev` turns it back on
 * (src/cli/compiler-tuning.ts).
 */
const COMPILER_FLAGS = ["--no-turbo-inlining"];

export const BUNDLE = fileURLToPath(new URL("../dist/bundle/berth.cjs", import.meta.url));
export const CODE_CACHE = `${BUNDLE}.cache`;

/** Runs the bundle's module code; returns its exports and the script (whose `createCachedData()` the build saves). */
export function loadCli({ cache = true } = {}) {
  for (const flag of COMPILER_FLAGS) setFlagsFromString(flag);
  // The build makes the bundle ASCII-only, which reads as Latin-1 without decoding.
  const bytes = readFileSync(BUNDLE);
  const source = bytes.toString(isAscii(bytes) ? "latin1" : "utf8");
  let cachedData;
  if (cache) {
    try {
      cachedData = readFileSync(CODE_CACHE);
    } catch {
      // No cache (a build that skipped it): compiled as usual.
    }
  }
  // The bundle is its module function (scripts/bundle.mjs), which gets its own URL for `import.meta.url`.
  const script = new Script(source, { filename: BUNDLE, cachedData });
  globalThis[Symbol.for("berth.importModule")] = (specifier) => import(specifier);
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE), pathToFileURL(BUNDLE).href);
  return { exports: module.exports, script };
}
