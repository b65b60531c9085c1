/**
 * Imports an ES module at run time: a package by name or a file by its URL (a config, an ESM-only
 * dependency). The `berth` command runs its bundle from V8's code cache (`bin/berth.js`), and on Node 20
 * code compiled from that cache cannot call `import()` itself; the command's loader hands in its own under
 * this symbol. Everywhere else (tests, the compiled modules) it is the plain `import()`.
 */
const LOADER = Symbol.for("berth.importModule");

type Loader = (specifier: string) => Promise<unknown>;

export function loadModule<T>(specifier: string): Promise<T> {
  const loader = (globalThis as { [LOADER]?: Loader })[LOADER];
  return (loader ? loader(specifier) : import(specifier)) as Promise<T>;
}
