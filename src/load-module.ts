/**
 * Loading modules at run time rather than at start-up.
 *
 * `loadModule` imports an ES module: a package by name or a file by its URL (a config, an ESM-only
 * dependency). The `berth` command runs its bundle from V8's code cache (`bin/berth.js`), and on Node 20
 * code compiled from that cache cannot call `import()` itself; the command's loader hands in its own under
 * this symbol. Everywhere else (tests, the compiled modules) it is the plain `import()`.
 *
 * `requireModule` loads a package that has a CommonJS build, synchronously, on first use: for what only
 * some commands need (zipping function packages, reading cron schedules), so every other command starts
 * without loading it.
 */
import { createRequire } from "node:module";

const LOADER = Symbol.for("berth.importModule");

type Loader = (specifier: string) => Promise<unknown>;

export function loadModule<T>(specifier: string): Promise<T> {
  const loader = (globalThis as { [LOADER]?: Loader })[LOADER];
  return (loader ? loader(specifier) : import(specifier)) as Promise<T>;
}

const requireFromBerth = createRequire(import.meta.url);

/** The package `name`, loaded by its first call (Node's module cache serves the later ones). */
export const requireModule = <T>(name: string): T => requireFromBerth(name) as T;
