/** `berth adopt --env <env>`: import blocks for the resources that already run, and the report of what could not be adopted. */
import { type Command, Option } from "commander";
import { examples } from "./help.js";
import { println } from "./output.js";
import { basename, dirname, extname, join } from "node:path";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import type { AdoptResult } from "../runner/adopt.js";
import type { NameToSet } from "../runner/adopt-match.js";
import type { Environment } from "../model/types.js";
import { formatPath, UsageError } from "../errors.js";

interface AdoptFlags {
  config?: string;
  env?: string;
  app?: string;
  copilotEnv?: string;
  force?: boolean;
  dryRun?: boolean;
  writeConfig?: boolean;
  json?: boolean;
}

export function registerAdopt(program: Command): void {
  examples(
    program
      .command("adopt")
      .description(
        "import blocks (terraform/<stack>/<env>/imports.tf beside the config) for the resources an AWS Copilot application already runs, so the first apply imports them rather than creating copies",
      )
      .addOption(new Option("-c, --config <file>", "config file (default: berth.config.ts or berth.yaml in the current directory)"))
      .addOption(new Option("-e, --env <name>", "the environment to adopt"))
      .option("--app <name>", "Copilot application name (default: the project)")
      .option("--copilot-env <name>", "Copilot environment name (default: the berth environment's)")
      .option("--force", "replace the imports.tf files of an earlier berth adopt")
      .option("--dry-run", "report only; write nothing")
      .option("--write-config", "write the names to set into the config (YAML configs), then adopt with them")
      .option("--json", "the report as JSON: { env, files, adopted, names, namesWritten, snippet, waiting, notFound, ambiguous, notAdoptable }"),
    "berth adopt --env prod",
    "berth adopt --env prod --app shop --copilot-env production --dry-run",
    "berth adopt --env test --config berth.yaml --write-config",
  ).action(async (opts: AdoptFlags) => {
    const [{ loadModel }, { pickEnvironment }, { adopt }, { awsCli }, { isYamlConfig, setInYamlConfig }] = await Promise.all([
      import("./context.js"),
      import("../runner/day2.js"),
      import("../runner/adopt.js"),
      import("../runner/aws-cli.js"),
      import("../config/edit-yaml.js"),
    ]);
    const { model, configDir, loaded } = await loadModel(opts);
    const env = pickEnvironment(model.environments, "adopt");
    if (opts.writeConfig && !isYamlConfig(loaded.path))
      throw new UsageError(
        `--write-config edits YAML configs only, and ${loaded.display} is not one; nothing was written`,
        `leave out --write-config and paste the printed block under environments.${env.name}.existing`,
      );
    // The edited config is resolved from a file beside it first: it replaces the config only when it validates.
    const setNames = async (names: readonly NameToSet[]): Promise<Environment> => {
      const text = setInYamlConfig(
        loaded.path,
        loaded.display,
        names.map((n) => ({ path: n.path, value: n.value })),
      );
      const next = join(dirname(loaded.path), `.${basename(loaded.path)}.berth-adopt${extname(loaded.path)}`);
      writeFileSync(next, text);
      try {
        const again = pickEnvironment((await loadModel({ config: next, env: opts.env })).model.environments, "adopt");
        renameSync(next, loaded.path);
        return again;
      } finally {
        rmSync(next, { force: true });
      }
    };
    const result = await adopt(awsCli(), env, {
      configDir,
      app: opts.app ?? model.project,
      copilotEnv: opts.copilotEnv ?? env.name,
      force: opts.force === true,
      dryRun: opts.dryRun === true,
      setNames: opts.writeConfig ? setNames : undefined,
    });
    if (opts.json) println(JSON.stringify(asJson(result), null, 2));
    else printReport(result, opts.dryRun === true);
  });
}

function asJson(r: AdoptResult) {
  return {
    env: r.env,
    files: r.files,
    adopted: r.adopted.map((a) => ({ resource: a.resource.arn, stack: a.target.stack, address: a.target.address, id: a.id })),
    names: r.names.map((n) => ({ path: formatPath(n.path), value: n.value, resource: n.resource.arn })),
    namesWritten: r.namesWritten.map((n) => ({ path: formatPath(n.path), value: n.value })),
    snippet: r.snippet,
    waiting: r.waiting.map((w) => ({ resource: w.resource.arn, stack: w.target.stack, address: w.target.address, after: w.after })),
    notFound: r.notFound.map((t) => ({ stack: t.stack, address: t.address, name: t.name })),
    ambiguous: r.ambiguous.map((a) => ({ stack: a.target.stack, address: a.target.address, candidates: a.candidates.map((c) => c.arn) })),
    notAdoptable: r.notAdoptable.map((n) => ({ resource: n.resource.arn, reason: n.reason })),
  };
}

function printReport(r: AdoptResult, dryRun: boolean): void {
  if (r.namesWritten.length > 0)
    println(
      `set ${r.namesWritten.length} names and settings under environments.${r.env} in the config (${r.namesWritten.map((n) => formatPath(n.path.slice(2))).join(", ")})\n`,
    );
  println(`adopted (${r.adopted.length}):`);
  for (const a of r.adopted) println(`  ${a.resource.kind} ${a.resource.name} → ${a.target.stack}: ${a.target.address} (id ${a.id})`);
  if (r.names.length > 0) {
    println(
      `\nnames to set (${r.names.length}): these run under another name (or, for a database, with settings) than berth's would give them; a change would replace them, so they were not imported.`,
    );
    for (const n of r.names) println(`  ${formatPath(n.path)} = ${JSON.stringify(n.value)}  (${n.target.stack}: ${n.target.address})`);
    println(`add this under environments.${r.env} (or run with --write-config, for a YAML config), then run berth adopt --env ${r.env} --force again:`);
    println(r.snippet ?? "");
  }
  if (r.waiting.length > 0) {
    println(`\nwaiting (${r.waiting.length}): found, imported once the resource they depend on is adopted.`);
    for (const w of r.waiting) println(`  ${w.resource.kind} ${w.resource.name} → ${w.target.stack}: ${w.target.address} (after ${w.after})`);
  }
  if (r.ambiguous.length > 0) {
    println(`\nambiguous (${r.ambiguous.length}): more than one candidate; berth does not guess. Set the name under environments.${r.env}.existing.`);
    for (const a of r.ambiguous) println(`  ${a.target.stack}: ${a.target.address}: ${a.candidates.map((c) => c.name).join(", ")}`);
  }
  if (r.notFound.length > 0) {
    println(`\nnot found (${r.notFound.length}): berth creates these.`);
    for (const t of r.notFound) println(`  ${t.stack}: ${t.address}${t.name ? ` (${t.name})` : ""}`);
  }
  if (r.notAdoptable.length > 0) {
    println(`\nnot adoptable (${r.notAdoptable.length}):`);
    for (const n of r.notAdoptable) println(`  ${n.resource.arn}: ${n.reason}`);
  }
  println(`\n${dryRun ? "would write" : "wrote"} ${r.files.length === 0 ? "no file" : r.files.join(", ")}`);
  if (r.files.length > 0 && !dryRun) println("next: berth plan --env " + r.env + " shows the imports; apply them with berth apply.");
}
