/** The `berth` command line: parses flags and hands each command to its own module, loaded lazily. */
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { examples } from "./help.js";
import { fail } from "./output.js";

const configOption = () => new Option("-c, --config <file>", "config file (default: berth.config.ts or berth.yaml in the current directory)");
/** `--env`, described as what it does for the command. */
const envOption = (what = "only this environment") => new Option("-e, --env <name>", what);
const outOption = (what: string) => new Option("-o, --out <dir>", what).default("infra");

/** Exit codes, the same for every command. */
const EXIT_CODES = `
Exit codes:
  0    success
  1    a failure: a stack, a check or a smoke test (the message says which; logs under <out>/.berth/logs)
  2    a user error: bad config, flag or file (nothing was changed)
  3    changes or drift present (plan/drift --detailed-exitcode), or something is off (status)
  130  interrupted (Ctrl-C)`;

/** berth's version, from the package.json two folders above this module (dist/cli, dist/bundle or src/cli). */
function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command("berth")
    .description("One short description of a containerized application in, production-grade AWS Terraform out.")
    .version(version(), "-V, --version", "print berth's version")
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .addHelpText(
      "after",
      `
Examples:
  $ berth validate -c berth.config.ts
  $ berth plan --offline --env prod
  $ berth <command> --help
${EXIT_CODES}`,
    );

  examples(
    program
      .command("validate")
      .description("check the config and resolve every environment, without writing anything")
      .addOption(configOption())
      .addOption(envOption("validate only this environment")),
    "berth validate",
    "berth validate -c examples/task-api/berth.config.ts --env prod",
  ).action(async (opts) => (await import("./validate.js")).validate(opts));

  examples(
    program
      .command("synth")
      .description("write the Terraform stacks: <out>/<env>/<region>/<stack>/")
      .addOption(configOption())
      .addOption(envOption("write only this environment's stacks"))
      .addOption(outOption("output directory")),
    "berth synth",
    "berth synth --env prod --out infra && terraform -chdir=infra/prod/us-east-1/network init",
  ).action(async (opts) => (await import("./synth.js")).synth(opts));

  /** The options every terraform-running command shares; `deploy` runs one service's stack, so it takes no --stack or -j. */
  const runner = (cmd: Command, env: string, stacks = true) => {
    cmd.addOption(configOption()).addOption(envOption(env)).addOption(outOption("where stacks, saved plans and logs live"));
    if (stacks) cmd.option("-s, --stack <glob...>", "only stacks whose path or id matches (e.g. 'service-*'); others' recorded outputs are still read");
    cmd
      .option("-r, --region <region>", "only the stacks of this region (a recovery region's, say); default every region of each environment")
      .option("--json", "one JSON event per line (NDJSON) instead of progress lines")
      .option("--tf-binary <path>", "terraform or OpenTofu binary (e.g. tofu); default $BERTH_TF_BINARY or terraform")
      .option("--endpoint <url>", "LocalStack-style endpoint for every AWS service: local state, path-style S3");
    if (stacks) cmd.option("-j, --parallelism <n>", "stacks run at once", (v) => Number.parseInt(v, 10), 2);
    return cmd;
  };

  examples(
    runner(
      program
        .command("plan")
        .description("synthesize and plan every changed stack in dependency order, saving the plans for apply; --offline needs no AWS account"),
      "plan only this environment's stacks",
    )
      .option("--offline", "plan every stack with mocked upstream outputs and fake credentials (for PR checks)")
      .option("--all", "plan every stack, even those unchanged since their last apply (offline plans always plan every selected stack)")
      .option("--detailed-exitcode", "exit 3 when there are changes to apply"),
    "berth plan --offline --env prod",
    "berth plan --env staging --stack 'service-*' --detailed-exitcode",
  ).action(async (opts) => (await import("./plan.js")).plan(opts));

  examples(
    runner(program.command("apply").description("apply the saved plans, upstream first; refuses stale plans"), "apply only this environment's saved plans")
      .option("-y, --yes", "skip the confirmation prod-tier environments need (CI)")
      .option("--allow-destroy", "allow saved plans that destroy or replace resources in prod-tier environments")
      .option("--no-plan-deferred", "leave stacks whose upstream did not exist at plan time for the next plan, instead of planning and creating them"),
    "berth plan --env staging && berth apply --env staging",
    "berth apply --env prod --yes",
  ).action(async (opts) => (await import("./apply.js")).apply(opts));

  examples(
    runner(
      program
        .command("deploy <name>")
        .description(
          "roll one service to a new image (tag or sha256 digest), shift a blue/green function to the version its apply publishes, or build, upload and invalidate a static site; nothing else moves",
        ),
      "the environment to deploy to (needed when the service runs in several)",
      false,
    )
      .option("-i, --image <tag|digest>", "image tag (e.g. 1.4.2) or digest (sha256:…) in the service's repository (required for a service)")
      .option("--no-wait", "do not wait for the ECS deployment (or CodeDeploy deployment) to finish")
      .option("-y, --yes", "skip the confirmation prod-tier environments need (CI)")
      .option("--allow-destroy", "allow a deploy whose plan destroys or replaces resources in prod")
      .option(
        "--smoke",
        "after the rollout, request the service's health URL through its load balancer (a function: the health check paths of the HTTP APIs it serves); on failure print the rollback command and exit 1",
      ),
    "berth deploy api --image 3f2c1ab --env staging --smoke",
    "berth deploy api --image sha256:4b1e… --env prod --yes",
    "berth deploy orders --env prod --yes   # a blue/green function",
    "berth deploy web --env prod            # a static site: build, upload, invalidate",
  ).action(async (service, opts) => (await import("./deploy.js")).deploy(service, { ...opts, parallelism: 1 }));

  examples(
    runner(program.command("drift").description("refresh-only plan of every stack: what changed outside terraform"), "check only this environment").option(
      "--detailed-exitcode",
      "exit 3 when a stack drifted",
    ),
    "berth drift --env prod --detailed-exitcode",
  ).action(async (opts) => (await import("./drift.js")).drift(opts));

  examples(
    runner(
      program.command("destroy").description("destroy the applied stacks, downstream first; prod-tier environments need --allow-destroy"),
      "destroy only this environment",
    )
      .option("-y, --yes", "skip the confirmation")
      .option("--allow-destroy", "required to destroy anything in a prod-tier environment"),
    "berth destroy --env dev",
    "berth destroy --env staging --stack 'service-*' --yes",
  ).action(async (opts) => (await import("./destroy.js")).destroy(opts));

  examples(
    program
      .command("output")
      .description("service URLs, repository URLs and endpoints of the applied stacks")
      .addOption(configOption())
      .addOption(envOption("only this environment's outputs"))
      .addOption(outOption("where the stacks live"))
      .option("-s, --stack <glob...>", "only these stacks")
      .option("-r, --region <region>", "only the stacks of this region (a recovery region's, say); default every region")
      .option("--all", "every recorded output, not only URLs and endpoints")
      .option("--json", "JSON by stack")
      .option("--endpoint <url>", "LocalStack-style endpoint (records kept locally)"),
    "berth output --env prod",
    "berth output --env prod --stack platform --all --json",
    "berth output --env prod --region us-west-2",
  ).action(async (opts) => (await import("./outputs.js")).output(opts));

  examples(
    program
      .command("bootstrap")
      .description("create the S3 state bucket (and the DynamoDB lock table if configured); idempotent")
      .addOption(configOption())
      .addOption(envOption("only the state of this environment (its account and region)"))
      .option("--json", "one JSON line per step")
      .option("--endpoint <url>", "LocalStack-style endpoint"),
    "berth bootstrap",
    "berth bootstrap --env prod",
  ).action(async (opts) => (await import("./bootstrap.js")).bootstrap(opts));

  const dev = examples(
    program
      .command("dev")
      .description("run the environment on this machine: a gateway per load balancer, the services' local processes, live status")
      .addOption(configOption())
      .addOption(envOption("the environment to run (default: the least production-like: dev tier, then staging, then prod)"))
      .option("-p, --port <n>", "port of the first internet-facing gateway (0: any free port)", (v) => Number.parseInt(v, 10), 8080),
    "berth dev",
    "berth dev -c examples/task-api/berth.config.ts --port 0 --watch",
  )
    .option("-w, --watch", "restart a service, one replica at a time, when files in its directory change")
    .option("--console-port <n>", "port of the web console on 127.0.0.1 (default: any free port; its URL is printed)", (v) => Number.parseInt(v, 10))
    .option("--no-console", "do not serve the web console")
    .option("--json", "print events and status as NDJSON instead of the live view")
    .addOption(
      new Option("--health-scale <factor>", "health-check interval factor (default 1/30: 30 seconds → 1 second)").argParser(Number.parseFloat).hideHelp(),
    )
    .action(async (opts) => (await import("./dev.js")).dev(opts));
  examples(
    dev
      .command("run <job>")
      .description("run a scheduled job, or a function's schedule, at once in the running berth dev session; exits 1 when the run fails")
      .addOption(configOption())
      .addOption(envOption("the environment of the running session")),
    "berth dev run expire",
    "berth dev run expire -c examples/sarc-ng/berth.config.ts --env dev",
    // `berth dev`'s own --config/--env take the flags wherever they stand; the merged options carry them.
  ).action(async (job, _opts, cmd: Command) => (await import("./dev-run.js")).devRun(job, cmd.optsWithGlobals()));

  examples(
    program.command("schema").description("print the config's JSON Schema (for editors: YAML language server, $schema)"),
    "berth schema > berth.schema.json",
  ).action(async () => (await import("./schema.js")).schema());

  examples(
    program
      .command("docs")
      .description("print the config reference generated from the schema (Markdown)")
      // Maintainers' switches (npm run docs, and the test that keeps the page in step): not for users.
      .addOption(new Option("--write", "replace the generated reference page").hideHelp())
      .addOption(new Option("--check", "exit 1 when the reference page is out of date").hideHelp()),
    "berth docs > config-reference.md",
  ).action(async (opts) => (await import("./docs.js")).docs(opts));

  examples(
    program
      .command("pipeline <system>")
      .description("write the CI/CD pipeline generated from the model: github (.github/workflows/*.yml) or jenkins (Jenkinsfile)")
      .addOption(configOption())
      .option("-o, --out <dir>", "the repository root to write into (default: the config's folder)"),
    "berth pipeline github",
    "berth pipeline jenkins -c examples/task-api/berth.config.ts --out .",
  ).action(async (system, opts) => (await import("./pipeline.js")).pipeline(system, opts));

  examples(
    program
      .command("smoke [name...]")
      .description(
        "request each service's health URL through its load balancer, and each HTTP API's health check path (URLs from the apply records); exit 1 on a failure",
      )
      .addOption(configOption())
      .addOption(envOption("the environment whose services and HTTP APIs to test"))
      .option(
        "-r, --region <region>",
        "one of the environment's regions (a recovery region's, say), through its own load balancer or execute-api host; default the primary",
      )
      .addOption(outOption("where the stacks live"))
      .option("--endpoint <url>", "LocalStack-style endpoint (records kept locally)"),
    "berth smoke --env staging",
    "berth smoke api --env prod",
    "berth smoke --env prod --region us-west-2",
  ).action(async (names, opts) => (await import("./smoke.js")).smoke(names, opts));

  examples(
    program
      .command("build [name...]")
      .description(
        "runs each function's build command (functions.<name>.build), then docker buildx build of each service's image for the platform the model decides, tagged with the git commit",
      )
      .addOption(configOption())
      .addOption(envOption("the environment whose repositories to push to (with --push)"))
      .option("--push", "push to the environment's ECR repositories (logs in through the AWS CLI), with SBOM and provenance attestations")
      .option("--functions", "only the functions' code (no images, no Docker, no --env)")
      .option("--cache <backend>", "buildx layer cache: gha (GitHub Actions' cache, in a workflow job)"),
    "berth build",
    "berth build --functions",
    "berth build api --push --env staging --cache gha",
  ).action(async (services, opts) => (await import("./build.js")).build(services, opts));

  examples(
    program
      .command("changed")
      .description("the stacks whose synthesized content differs from the config at a git ref, and those downstream of them (for a CI matrix of plan jobs)")
      .addOption(configOption())
      .addOption(envOption("only this environment's stacks"))
      .requiredOption("--base <ref>", "the git ref to compare with, e.g. origin/main")
      .option("--json", 'print [{"env", "stack", "reason"}] (a GitHub Actions matrix)'),
    "berth changed --base origin/main",
    "berth changed --base origin/main --json",
  ).action(async (opts) => (await import("./changed.js")).changed(opts));

  examples(
    program
      .command("promote [service...]")
      .description(
        "copies the images a lower environment tested to the next one's repositories by digest (docker buildx imagetools create), under the same tag",
      )
      .addOption(configOption())
      .option("--from <env>", "the environment whose tested images to copy (e.g. staging)")
      .addOption(envOption("the environment to copy them to (e.g. prod)"))
      .option("--image <tag>", "the tag to promote (default: the git commit, as berth build tags it)"),
    "berth promote --from staging --env prod",
    "berth promote api --from staging --env prod --image 3f2c9e1",
  ).action(async (services, opts) => (await import("./promote.js")).promote(services, opts));

  examples(
    program
      .command("logs <service>")
      .description("the service's container logs (aws logs tail of its log group)")
      .addOption(configOption())
      .addOption(envOption("the environment the service runs in"))
      .option("-r, --region <region>", "one of the environment's regions (a recovery region's, say); default the primary")
      .option("--since <duration>", "how far back, e.g. 15m, 1h, 2d", "10m")
      .option("-f, --follow", "keep printing new lines"),
    "berth logs api --env prod --since 1h --follow",
  ).action(async (service, opts) => (await import("./day2.js")).logs(service, opts));

  examples(
    program
      .command("exec <service> [command...]")
      .description("a command (default sh) in a running task of the service, through ECS Exec; put -- before a command with flags")
      .addOption(configOption())
      .addOption(envOption("the environment the service runs in"))
      .option("-r, --region <region>", "one of the environment's regions (a recovery region's, say); default the primary"),
    "berth exec api --env prod",
    "berth exec api --env staging -- ls -la /app",
  ).action(async (service, command, opts) => (await import("./day2.js")).exec(service, command, opts));

  examples(
    program
      .command("status")
      .description("services (desired/running/pending, rollout), target health and alarms in ALARM; exit 3 when something is off")
      .addOption(configOption())
      .addOption(envOption("the environment to report on"))
      .option("-r, --region <region>", "one of the environment's regions (a recovery region's, say); default the primary")
      .addOption(outOption("where the stacks live (for local apply records)"))
      .option("--json", "the status as JSON"),
    "berth status --env prod",
    "berth status --env prod --region us-west-2",
  ).action(async (opts) => (await import("./day2.js")).status(opts));

  const db = examples(program.command("db").description("databases of an environment"), "berth db connect main --env prod");
  examples(
    db
      .command("connect <database>")
      .description(
        "a local port to the database through SSM port forwarding (no open port): through the bastion (network.bastion), else a running task of a service that uses it",
      )
      .addOption(configOption())
      .addOption(envOption("the environment the database runs in"))
      .option("-r, --region <region>", "one of the environment's regions (a recovery region's, say); default the primary")
      .addOption(outOption("where the stacks live (for local apply records)"))
      .option("-p, --port <n>", "local port (default: the database's port)", (v) => Number.parseInt(v, 10)),
    "berth db connect main --env prod",
    "berth db connect main --env staging --port 15432",
  ).action(async (database, opts) => (await import("./day2.js")).dbConnect(database, opts));

  examples(
    program
      .command("cost")
      .description("monthly cost estimate of each environment, line by line: quantity × unit price, with the assumptions and sources")
      .addOption(configOption())
      .addOption(envOption("estimate only this environment"))
      .option(
        "--json",
        "one JSON object per environment: { environment, currency, monthly, items: [{ item, quantity, unit, unitPrice, monthly, stack, source }] }",
      )
      .option("--compare <ref|file>", "the delta against another git ref (e.g. main) or a saved `berth cost --json` file"),
    "berth cost --env prod",
    "berth cost --env prod --compare main",
  ).action(async (opts) => (await import("./cost.js")).cost(opts));

  examples(
    program
      .command("check")
      .description(
        "the rule catalogue (exposure, encryption, logging, backups, IAM, images, resilience, quotas) over each environment; exit 1 on open findings at or above --severity",
      )
      .addOption(configOption())
      .addOption(envOption("check only this environment"))
      .addOption(new Option("--format <format>", "text, json or sarif (SARIF 2.1.0, locations in the rendered .tf files)").default("text"))
      .addOption(new Option("--severity <level>", "lowest severity that fails the command: low, medium, high or critical").default("low"))
      .option("--list", "print the rule catalogue instead of checking"),
    "berth check --env prod --severity high",
    "berth check --format sarif > berth.sarif",
  ).action(async (opts) => (await import("./check.js")).check(opts));

  examples(
    program
      .command("diagram")
      .description("the environment's architecture: internet → load balancers and rules → services by subnet tier → databases")
      .addOption(configOption())
      .addOption(envOption("the environment to draw"))
      .option("-o, --out <file>", "write to this file (default: print SVG or Mermaid)")
      .addOption(new Option("--format <format>", "svg, mermaid or png (default: from the --out extension, else svg)")),
    "berth diagram --env prod --out arch.svg",
    "berth diagram --env prod --format mermaid",
  ).action(async (opts) => (await import("./diagram.js")).diagram(opts));

  (await import("./import.js")).registerImport(program);
  (await import("./adopt.js")).registerAdopt(program);

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
