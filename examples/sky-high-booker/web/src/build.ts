/**
 * Builds the single-page app in `app/` into `dist/`: TypeScript transpiled to JavaScript, every asset named
 * by its content hash under `assets/` (so it can be cached for a year), and `index.html` pointing at them.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

export interface BuildResult {
  readonly dist: string;
  /** Source name → hashed path, e.g. `main.ts` → `assets/main.3f2a9c1d.js`. */
  readonly assets: Readonly<Record<string, string>>;
}

const hashed = (name: string, ext: string, content: string) => `assets/${name}.${createHash("sha256").update(content).digest("hex").slice(0, 10)}${ext}`;

export function build(appDir: string, dist: string): BuildResult {
  const js = ts.transpileModule(readFileSync(join(appDir, "main.ts"), "utf8"), {
    compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, removeComments: true },
  }).outputText;
  const css = readFileSync(join(appDir, "style.css"), "utf8");
  const assets = { "main.ts": hashed("main", ".js", js), "style.css": hashed("style", ".css", css) };
  const html = readFileSync(join(appDir, "index.html"), "utf8")
    .replace('src="./main.ts"', `src="/${assets["main.ts"]}"`)
    .replace('href="./style.css"', `href="/${assets["style.css"]}"`);
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(join(dist, "assets"), { recursive: true });
  writeFileSync(join(dist, assets["main.ts"]), js);
  writeFileSync(join(dist, assets["style.css"]), css);
  writeFileSync(join(dist, "index.html"), html);
  writeFileSync(join(dist, "robots.txt"), "User-agent: *\nAllow: /\n");
  return { dist, assets };
}
