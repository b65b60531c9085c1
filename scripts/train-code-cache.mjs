/**
 * The last step of `npm run build`: runs `berth synth` of every example in one process, from the freshly
 * built bundle, then saves V8's code cache of the bundle (`dist/bundle/berth.cjs.cache`) with every
 * function those runs compiled — what `bin/load-cli.js` loads on each command. Its output goes to a
 * temporary folder that is removed; stdout is silenced (the build's own output stays short).
 */
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CODE_CACHE, loadCli } from "../bin/load-cli.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const examples = join(root, "examples");
const { exports: cli, script } = loadCli({ cache: false });
const out = mkdtempSync(join(tmpdir(), "berth-train-"));
const write = process.stdout.write.bind(process.stdout);
try {
  process.stdout.write = () => true;
  for (const name of readdirSync(examples).sort()) {
    const config = ["berth.config.ts", "berth.yaml"].map((f) => join(examples, name, f)).find((f) => existsSync(f));
    if (!config) continue;
    await cli.main(["node", "berth", "synth", "-c", config, "-o", join(out, name)]);
    if (process.exitCode) throw new Error(`berth synth of examples/${name} failed (exit ${process.exitCode}); the code cache was not written`);
  }
} finally {
  process.stdout.write = write;
  rmSync(out, { recursive: true, force: true });
}
writeFileSync(`${CODE_CACHE}.tmp`, script.createCachedData());
renameSync(`${CODE_CACHE}.tmp`, CODE_CACHE);
