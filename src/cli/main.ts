/** The `berth` command line: parses flags and hands each command to its own module, loaded lazily. */
import { Command, CommanderError, Option } from "commander";
import { fail } from "./output.js";

const configOption = () => new Option("-c, --config <file>", "config file (default: berth.config.ts or berth.yaml in the current directory)");
const envOption = () => new Option("-e, --env <name>", "only this environment");

export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command("berth")
    .description("One short description of a containerized application in, production-grade AWS Terraform out.")
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command("validate")
    .description("check the config and resolve every environment, without writing anything")
    .addOption(configOption())
    .addOption(envOption())
    .action(async (opts) => (await import("./validate.js")).validate(opts));

  program
    .command("synth")
    .description("write the Terraform stacks: <out>/<env>/<region>/<stack>/")
    .addOption(configOption())
    .addOption(envOption())
    .requiredOption("-o, --out <dir>", "output directory")
    .action(async (opts) => (await import("./synth.js")).synth(opts));

  program
    .command("plan")
    .description("synthesize and plan every stack in dependency order; --offline needs no AWS account")
    .addOption(configOption())
    .addOption(envOption())
    .requiredOption("-o, --out <dir>", "output directory")
    .option("--offline", "plan with mocked upstream outputs and fake credentials (for PR checks)")
    .option("-p, --parallelism <n>", "stacks planned at once", (v) => Number.parseInt(v, 10), 2)
    .action(async (opts) => (await import("./plan.js")).plan(opts));

  program
    .command("dev")
    .description("run the environment on this machine: a gateway per load balancer, the services' local processes, live status")
    .addOption(configOption())
    .addOption(envOption())
    .option("-p, --port <n>", "port of the first internet-facing gateway (0: any free port)", (v) => Number.parseInt(v, 10), 8080)
    .option("-w, --watch", "restart a service, one replica at a time, when files in its directory change")
    .option("--json", "print events and status as NDJSON instead of the live view")
    .addOption(new Option("--health-scale <factor>", "health-check interval factor (default 1/30: 30 seconds → 1 second)").argParser(Number.parseFloat).hideHelp())
    .action(async (opts) => (await import("./dev.js")).dev(opts));

  program
    .command("schema")
    .description("print the config's JSON Schema (for editors: YAML language server, $schema)")
    .action(async () => (await import("./schema.js")).schema());

  program
    .command("docs")
    .description("print the config reference generated from the schema; --write updates README.md")
    .option("--write", "replace the reference section of README.md")
    .option("--check", "exit 1 when README.md's reference is out of date")
    .action(async (opts) => (await import("./docs.js")).docs(opts));

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    process.exitCode = fail(e);
  }
}
