/**
 * The last step of `npm run build`: runs `berth synth` of every example in one process, from the freshly
 * built bundle, then saves V8's code cache of the bundle (`dist/bundle/berth.cjs.cache`) with every
 * function those runs compiled — what `bin/load-cli.js` loads on each command. Its output goes to a
 * temporary folder that is removed; the commands' own output is silenced (the build's stays short). An
 * example that cannot be synthesized on a fresh clone (its functions not built yet) trains with `validate`.
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
const writeErr = process.stderr.write.bind(process.stderr);
const notes = [];
let said = "";
try {
  process.stdout.write = () => true;
  // The examples' warnings and notes, and the error of a synth left out: shown only if the build fails.
  process.stderr.write = (chunk) => {
    said += String(chunk);
    return true;
  };
  for (const name of readdirSync(examples).sort()) {
    const config = ["berth.config.ts", "berth.yaml"].map((f) => join(examples, name, f)).find((f) => existsSync(f));
    if (!config) continue;
    await cli.main(["node", "berth", "synth", "-c", config, "-o", join(out, name)]);
    if (process.exitCode === 2) {
      // A user error: here, an example whose functions are not built yet (a fresh clone). Its config
      // and model still train; its synth is left out, and the build says so.
      process.exitCode = 0;
      await cli.main(["node", "berth", "validate", "-c", config]);
      notes.push(`examples/${name}: validate only (its synth needs what \`berth build\` makes first)`);
    }
    if (process.exitCode) throw new Error(`berth of examples/${name} failed (exit ${process.exitCode}); the code cache was not written:\n${said}`);
    said = "";
  }
} finally {
  process.stdout.write = write;
  process.stderr.write = writeErr;
  rmSync(out, { recursive: true, force: true });
}
for (const note of notes) process.stderr.write(`code cache: ${note}\n`);
writeFileSync(`${CODE_CACHE}.tmp`, script.createCachedData());
renameSync(`${CODE_CACHE}.tmp`, CODE_CACHE);
