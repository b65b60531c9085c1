/** `berth import copilot|compose`: a berth config from a Copilot workspace or a Compose file, and the report of every field. */
import type { Command } from "commander";
import { relative } from "node:path";
import { examples } from "./help.js";
import { println } from "./output.js";

interface ImportFlags {
  out: string;
  force?: boolean;
  region?: string;
  profile?: string[];
  json?: boolean;
}

export function registerImport(program: Command): void {
  const imp = examples(
    program.command("import").description("write a berth config from an AWS Copilot workspace or a Compose file, and report every field"),
    "berth import copilot --out berth.config.ts",
    "berth import compose docker-compose.yml --out berth.yaml --region eu-west-1",
  );
  const flags = (cmd: Command) =>
    cmd
      .option("-o, --out <file>", "the config to write: .ts (defineConfig) or .yaml/.yml", "berth.config.ts")
      .option("--force", "replace --out when it exists")
      .option("--region <region>", "AWS region of the environments (default: us-east-1, reported as a value to set)")
      .option("--json", "print the report as JSON: { out, problems, entries: [{ source, outcome, target, reason }] }");
  examples(
    flags(imp.command("copilot [dir]").description("import the Copilot application in <dir>/copilot (default: .)")),
    "berth import copilot",
    "berth import copilot ../legacy-app --out berth.yaml --region eu-west-1 --force",
  ).action(async (dir: string | undefined, opts: ImportFlags) => report(await (await import("../import/run.js")).importCopilot(dir, opts), opts));
  examples(
    flags(imp.command("compose [file]").description("import a Compose project (default: compose.yaml or docker-compose.yml in .)")).option(
      "--profile <name...>",
      "Compose profiles to activate (default: COMPOSE_PROFILES)",
    ),
    "berth import compose",
    "berth import compose docker-compose.yml --profile workers --out berth.yaml",
  ).action(async (file: string | undefined, opts: ImportFlags) =>
    report(await (await import("../import/run.js")).importCompose(file, { ...opts, profiles: opts.profile }), opts),
  );
}

async function report(result: import("../import/run.js").ImportResult, opts: ImportFlags): Promise<void> {
  const { formatReport } = await import("../import/report.js");
  const out = relative(process.cwd(), result.path) || result.path;
  if (opts.json) println(JSON.stringify({ out, problems: result.problems, entries: result.report.entries }));
  else {
    println(formatReport(result.report));
    println(`\nwrote ${out}`);
  }
  if (result.problems.length > 0) {
    process.stderr.write(`warning: the imported config does not validate yet:\n${result.problems.join("\n")}\n`);
    process.exitCode = 1;
  }
}
