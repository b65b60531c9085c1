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

  const runner = (cmd: Command, parallel = true) => {
    cmd
      .addOption(configOption())
      .addOption(envOption())
      .option("-o, --out <dir>", "where stacks, saved plans and logs live", "infra")
      .option("-s, --stack <glob...>", "only stacks whose path or id matches (e.g. 'service-*'); others' recorded outputs are still read")
      .option("-r, --region <region>", "only the stacks of this region (a recovery region's, say); default every region of each environment")
      .option("--json", "one JSON event per line (NDJSON) instead of progress lines")
      .option("--tf-binary <path>", "terraform or OpenTofu binary (e.g. tofu); default $BERTH_TF_BINARY or terraform")
      .option("--endpoint <url>", "LocalStack-style endpoint for every AWS service: local state, path-style S3");
    if (parallel) cmd.option("-p, --parallelism <n>", "stacks run at once", (v) => Number.parseInt(v, 10), 2);
    return cmd;
  };

  runner(
    program
      .command("plan")
      .description("synthesize and plan every changed stack in dependency order, saving the plans for apply; --offline needs no AWS account"),
  )
    .option("--offline", "plan every stack with mocked upstream outputs and fake credentials (for PR checks)")
    .option("--all", "plan every stack, even those unchanged since their last apply (offline plans always plan every selected stack)")
    .option("--detailed-exitcode", "exit 3 when there are changes to apply")
    .action(async (opts) => (await import("./plan.js")).plan(opts));

  runner(program.command("apply").description("apply the saved plans, upstream first; refuses stale plans"))
    .option("-y, --yes", "skip the confirmation prod-tier environments need (CI)")
    .option("--allow-destroy", "allow saved plans that destroy or replace resources in prod-tier environments")
    .option("--no-plan-deferred", "leave stacks whose upstream did not exist at plan time for the next plan, instead of planning and creating them")
    .action(async (opts) => (await import("./apply.js")).apply(opts));

  runner(program.command("deploy <service>").description("roll one service to a new image (tag or sha256 digest); nothing else moves"), false)
    .requiredOption("-i, --image <tag|digest>", "image tag (e.g. 1.4.2) or digest (sha256:…) in the service's repository")
    .option("--no-wait", "do not wait for the ECS deployment to reach a steady state")
    .option("-y, --yes", "skip the confirmation prod-tier environments need (CI)")
    .option("--allow-destroy", "allow a deploy whose plan destroys or replaces resources in prod")
    .option("--smoke", "after the rollout, request the service's health URL through its load balancer; on failure print the rollback command and exit 1")
    .action(async (service, opts) => (await import("./deploy.js")).deploy(service, { ...opts, parallelism: 1 }));

  runner(program.command("drift").description("refresh-only plan of every stack: what changed outside terraform"))
    .option("--detailed-exitcode", "exit 3 when a stack drifted")
    .action(async (opts) => (await import("./drift.js")).drift(opts));

  runner(program.command("destroy").description("destroy the applied stacks, downstream first; prod-tier environments need --allow-destroy"))
    .option("-y, --yes", "skip the confirmation")
    .option("--allow-destroy", "required to destroy anything in a prod-tier environment")
    .action(async (opts) => (await import("./destroy.js")).destroy(opts));

  program
    .command("output")
    .description("service URLs, repository URLs and endpoints of the applied stacks")
    .addOption(configOption())
    .addOption(envOption())
    .option("-o, --out <dir>", "where the stacks live", "infra")
    .option("-s, --stack <glob...>", "only these stacks")
    .option("--all", "every recorded output, not only URLs and endpoints")
    .option("--json", "JSON by stack")
    .option("--endpoint <url>", "LocalStack-style endpoint (records kept locally)")
    .action(async (opts) => (await import("./outputs.js")).output(opts));

  program
    .command("bootstrap")
    .description("create the S3 state bucket (and the DynamoDB lock table if configured); idempotent")
    .addOption(configOption())
    .addOption(envOption())
    .option("--json", "one JSON line per step")
    .option("--endpoint <url>", "LocalStack-style endpoint")
    .action(async (opts) => (await import("./bootstrap.js")).bootstrap(opts));

  program
    .command("dev")
    .description("run the environment on this machine: a gateway per load balancer, the services' local processes, live status")
    .addOption(configOption())
    .addOption(envOption())
    .option("-p, --port <n>", "port of the first internet-facing gateway (0: any free port)", (v) => Number.parseInt(v, 10), 8080)
    .option("-w, --watch", "restart a service, one replica at a time, when files in its directory change")
    .option("--console-port <n>", "port of the web console on 127.0.0.1 (default: any free port; its URL is printed)", (v) => Number.parseInt(v, 10))
    .option("--no-console", "do not serve the web console")
    .option("--json", "print events and status as NDJSON instead of the live view")
    .addOption(
      new Option("--health-scale <factor>", "health-check interval factor (default 1/30: 30 seconds → 1 second)").argParser(Number.parseFloat).hideHelp(),
    )
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

  program
    .command("pipeline <system>")
    .description("write the CI/CD pipeline generated from the model: github (.github/workflows/*.yml) or jenkins (Jenkinsfile)")
    .addOption(configOption())
    .option("-o, --out <dir>", "the repository root to write into (default: the config's folder)")
    .action(async (system, opts) => (await import("./pipeline.js")).pipeline(system, opts));

  program
    .command("smoke [service...]")
    .description("request each service's health URL through its load balancer (URLs from the apply records); exit 1 on a failure")
    .addOption(configOption())
    .addOption(envOption())
    .option("-o, --out <dir>", "where the stacks live", "infra")
    .option("--endpoint <url>", "LocalStack-style endpoint (records kept locally)")
    .action(async (services, opts) => (await import("./smoke.js")).smoke(services, opts));

  program
    .command("build [service...]")
    .description("docker buildx build of each service's image for the platform the model decides, tagged with the git commit")
    .addOption(configOption())
    .addOption(envOption())
    .option("--push", "push to the environment's ECR repositories (logs in through the AWS CLI), with SBOM and provenance attestations")
    .action(async (services, opts) => (await import("./build.js")).build(services, opts));

  program
    .command("logs <service>")
    .description("the service's container logs (aws logs tail of its log group)")
    .addOption(configOption())
    .addOption(envOption())
    .option("--since <duration>", "how far back, e.g. 15m, 1h, 2d", "10m")
    .option("-f, --follow", "keep printing new lines")
    .action(async (service, opts) => (await import("./day2.js")).logs(service, opts));

  program
    .command("exec <service> [command...]")
    .description("a command (default sh) in a running task of the service, through ECS Exec; put -- before a command with flags")
    .addOption(configOption())
    .addOption(envOption())
    .action(async (service, command, opts) => (await import("./day2.js")).exec(service, command, opts));

  program
    .command("status")
    .description("services (desired/running/pending, rollout), target health and alarms in ALARM; exit 3 when something is off")
    .addOption(configOption())
    .addOption(envOption())
    .option("-o, --out <dir>", "where the stacks live (for local apply records)", "infra")
    .option("--json", "the status as JSON")
    .action(async (opts) => (await import("./day2.js")).status(opts));

  program
    .command("db")
    .description("databases of an environment")
    .command("connect <database>")
    .description("a local port to the database through SSM port forwarding via a running task of a service that uses it (no bastion, no open port)")
    .addOption(configOption())
    .addOption(envOption())
    .option("-o, --out <dir>", "where the stacks live (for local apply records)", "infra")
    .option("-p, --port <n>", "local port (default: the database's port)", (v) => Number.parseInt(v, 10))
    .action(async (database, opts) => (await import("./day2.js")).dbConnect(database, opts));

  program
    .command("cost")
    .description("monthly cost estimate of each environment, line by line: quantity × unit price, with the assumptions and sources")
    .addOption(configOption())
    .addOption(envOption())
    .option(
      "--json",
      "one JSON object per environment: { environment, currency, monthly, items: [{ item, quantity, unit, unitPrice, monthly, stack, source }] }",
    )
    .option("--compare <ref|file>", "the delta against another git ref (e.g. main) or a saved `berth cost --json` file")
    .action(async (opts) => (await import("./cost.js")).cost(opts));

  program
    .command("check")
    .description(
      "the rule catalogue (exposure, encryption, logging, backups, IAM, images, resilience, quotas) over each environment; exit 1 on open findings at or above --severity",
    )
    .addOption(configOption())
    .addOption(envOption())
    .addOption(new Option("-f, --format <format>", "text, json or sarif (SARIF 2.1.0, locations in the rendered .tf files)").default("text"))
    .addOption(new Option("--severity <level>", "lowest severity that fails the command: low, medium, high or critical").default("low"))
    .option("--list", "print the rule catalogue instead of checking")
    .action(async (opts) => (await import("./check.js")).check(opts));

  program
    .command("diagram")
    .description("the environment's architecture: internet → load balancers and rules → services by subnet tier → databases")
    .addOption(configOption())
    .addOption(envOption())
    .option("-o, --out <file>", "write to this file (default: print SVG or Mermaid)")
    .addOption(new Option("-f, --format <format>", "svg, mermaid or png (default: from the --out extension, else svg)"))
    .action(async (opts) => (await import("./diagram.js")).diagram(opts));

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
