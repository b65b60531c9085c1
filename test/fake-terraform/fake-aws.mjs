/**
 * A fake AWS CLI for the runner's tests: S3 buckets and objects as folders and files under
 * FAKE_AWS_DIR, DynamoDB tables as marker files, ECS waits that succeed, and STS (the caller is in
 * config.callerAccount, default 123456789012; roles in config.deniedRoles cannot be assumed), IAM roles
 * (get, create, put-role-policy) as folders, `s3 sync` into a bucket's folder, CloudFront invalidations, ECR images per repository (and region) from config.images, CodeDeploy deployments that shift and end as config.deployment says; every
 * call is recorded in FAKE_AWS_LOG (JSON lines). Errors read like the real CLI's (exit 254, "An error occurred (…)").
 * Recorded responses (FAKE_AWS_RECORDED, below) answer any other call, e.g. `berth adopt`'s discovery.
 */
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const args = process.argv.slice(2);
const root = process.env.FAKE_AWS_DIR;
// Each call with the access key it was made with (an assumed role's keys start with ASIAFAKE).
if (process.env.FAKE_AWS_LOG) appendFileSync(process.env.FAKE_AWS_LOG, `${JSON.stringify({ args, key: process.env.AWS_ACCESS_KEY_ID })}\n`);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const fail = (code, op, msg) => {
  process.stderr.write(`\nAn error occurred (${code}) when calling the ${op} operation: ${msg}\n`);
  process.exit(254);
};
const [service, op] = args;
const bucketDir = () => join(root, "s3", opt("bucket"));
// Where each bucket was created, beside the buckets (not inside, where the objects are).
const regionFile = () => join(root, "s3-region", opt("bucket"));
const bucketRegion = () => (existsSync(regionFile()) ? readFileSync(regionFile(), "utf8") : "us-east-1");
const config = process.env.FAKE_AWS_CONFIG && existsSync(process.env.FAKE_AWS_CONFIG) ? JSON.parse(readFileSync(process.env.FAKE_AWS_CONFIG, "utf8")) : {};

// FAKE_AWS_RECORDED: a folder of recorded responses, `<service>.<op>.json`, served as they are; one of the form
// { "$byArgument": "--x", "responses": { <value>: … } } answers by that argument's value, and { "$error": { code, message } }
// fails like the real CLI. A call with no recorded file falls through to the fakes below.
const recorded = process.env.FAKE_AWS_RECORDED && join(process.env.FAKE_AWS_RECORDED, `${service}.${op}.json`);
if (recorded && existsSync(recorded)) {
  let body = JSON.parse(readFileSync(recorded, "utf8"));
  if (body.$byArgument)
    body =
      body.responses[opt(body.$byArgument.replace(/^--/, ""))] ??
      fail("NotFound", op, `fake aws: nothing recorded for ${body.$byArgument} ${opt(body.$byArgument.replace(/^--/, ""))}`);
  if (body.$error) fail(body.$error.code, op, body.$error.message);
  console.log(JSON.stringify(body));
  process.exit(0);
}

if (service === "s3api") {
  switch (op) {
    case "head-bucket":
      // config.forbidden: bucket names another account owns.
      if ((config.forbidden ?? []).includes(opt("bucket"))) fail("403", "HeadBucket", "Forbidden");
      if (!existsSync(bucketDir())) fail("404", "HeadBucket", "Not Found");
      // Like AWS CLI v2: the redirect to the bucket's region is followed, and the region reported.
      console.log(JSON.stringify({ BucketRegion: bucketRegion(), AccessPointAlias: false }));
      break;
    case "get-bucket-location":
      if (!existsSync(bucketDir())) fail("NoSuchBucket", "GetBucketLocation", "The specified bucket does not exist");
      console.log(JSON.stringify({ LocationConstraint: bucketRegion() === "us-east-1" ? null : bucketRegion() }));
      break;
    case "create-bucket":
      if (existsSync(bucketDir()))
        fail("BucketAlreadyOwnedByYou", "CreateBucket", "Your previous request to create the named bucket succeeded and you already own it.");
      mkdirSync(bucketDir(), { recursive: true });
      mkdirSync(dirname(regionFile()), { recursive: true });
      writeFileSync(regionFile(), opt("region") ?? "us-east-1");
      break;
    case "get-object": {
      if (!existsSync(bucketDir())) fail("NoSuchBucket", "GetObject", "The specified bucket does not exist");
      const file = join(bucketDir(), opt("key"));
      if (!existsSync(file)) fail("NoSuchKey", "GetObject", "The specified key does not exist.");
      const outfile = args.find((a, i) => i > 1 && !a.startsWith("--") && !args[i - 1].startsWith("--"));
      copyFileSync(file, outfile);
      console.log(JSON.stringify({ ContentType: "application/json" }));
      break;
    }
    case "put-object": {
      if (!existsSync(bucketDir())) fail("NoSuchBucket", "PutObject", "The specified bucket does not exist");
      const file = join(bucketDir(), opt("key"));
      mkdirSync(dirname(file), { recursive: true });
      copyFileSync(opt("body"), file);
      console.log(JSON.stringify({ ETag: '"0"' }));
      break;
    }
    case "delete-object":
      rmSync(join(bucketDir(), opt("key")), { force: true });
      break;
    default:
      if (!op.startsWith("put-bucket-") && op !== "put-public-access-block") fail("InvalidAction", op, "fake aws: unknown s3api operation");
      if (!existsSync(bucketDir())) fail("NoSuchBucket", op, "The specified bucket does not exist");
      mkdirSync(join(root, "s3-config", opt("bucket")), { recursive: true });
      writeFileSync(join(root, "s3-config", opt("bucket"), `${op}.json`), JSON.stringify(args));
  }
} else if (service === "dynamodb") {
  const table = join(root, "dynamodb", opt("table-name"));
  if (op === "describe-table" && !existsSync(table)) fail("ResourceNotFoundException", "DescribeTable", "Requested resource not found");
  if (op === "create-table") {
    mkdirSync(dirname(table), { recursive: true });
    writeFileSync(table, JSON.stringify(args));
  }
  console.log("{}");
} else if (service === "ecs") {
  // config.tasks: the running task ARNs list-tasks reports (default: one).
  if (op === "list-tasks") console.log(JSON.stringify({ taskArns: config.tasks ?? ["arn:aws:ecs:eu-west-1:123456789012:task/cluster/0a1b2c3d"] }));
  if (op === "describe-tasks")
    console.log(
      JSON.stringify({
        tasks: [
          {
            taskArn: opt("tasks"),
            containers: (config.containers ?? ["api", "web"]).map((name) => ({ name, runtimeId: `${opt("tasks").split("/").at(-1)}-1234567890` })),
          },
        ],
      }),
    );
  if (op === "execute-command") console.log(`session: ${opt("task")} ${opt("container")} ${opt("command")}`);
  if (op === "describe-services") {
    const svc = opt("services");
    const expected = `task_definition_arn@${svc.split("@")[1]}`;
    const primary = config.rolledBack ? "arn:aws:ecs:us-east-1:123456789012:task-definition/previous:1" : expected;
    const deployments = [{ status: "PRIMARY", taskDefinition: primary, rolloutState: "COMPLETED" }];
    if (config.rolledBack)
      deployments.push({
        status: "INACTIVE",
        taskDefinition: expected,
        rolloutState: "FAILED",
        rolloutStateReason: "ECS deployment circuit breaker: tasks failed to start.",
      });
    // config.counts: { <service name>: { desiredCount, runningCount, pendingCount } } for `berth status`.
    const counts = config.counts?.[svc] ?? { desiredCount: 1, runningCount: 1, pendingCount: 0 };
    console.log(JSON.stringify({ services: [{ serviceName: svc, status: "ACTIVE", ...counts, deployments }] }));
  }
} else if (service === "sts" && op === "get-caller-identity") {
  const account = process.env.AWS_ACCESS_KEY_ID?.startsWith("ASIAFAKE") ? process.env.AWS_ACCESS_KEY_ID.slice(8) : (config.callerAccount ?? "123456789012");
  console.log(JSON.stringify({ UserId: "AIDAFAKE", Account: account, Arn: `arn:aws:iam::${account}:user/ci` }));
} else if (service === "sts" && op === "assume-role") {
  const role = opt("role-arn");
  if ((config.deniedRoles ?? []).includes(role))
    fail(
      "AccessDenied",
      "AssumeRole",
      `User: arn:aws:iam::${config.callerAccount ?? "123456789012"}:user/ci is not authorized to perform: sts:AssumeRole on resource: ${role}`,
    );
  const account = role.split(":")[4];
  console.log(
    JSON.stringify({
      Credentials: { AccessKeyId: `ASIAFAKE${account}`, SecretAccessKey: "fake-secret", SessionToken: "fake-token", Expiration: "2030-01-01T00:00:00Z" },
      AssumedRoleUser: {
        AssumedRoleId: "AROAFAKE:" + opt("role-session-name"),
        Arn: `arn:aws:sts::${account}:assumed-role/${role.split("/").at(-1)}/${opt("role-session-name")}`,
      },
    }),
  );
} else if (service === "elbv2" && op === "describe-target-health") {
  // config.targets: { <target group ARN>: ["healthy", "unhealthy", …] }; default one healthy target.
  const states = config.targets?.[opt("target-group-arn")] ?? ["healthy"];
  console.log(JSON.stringify({ TargetHealthDescriptions: states.map((State, i) => ({ Target: { Id: `10.0.0.${i + 1}` }, TargetHealth: { State } })) }));
} else if (service === "cloudwatch" && op === "describe-alarms") {
  // config.alarms: [{ AlarmName, StateReason }] in ALARM, filtered by the prefix asked for.
  console.log(JSON.stringify({ MetricAlarms: (config.alarms ?? []).filter((a) => a.AlarmName.startsWith(opt("alarm-name-prefix"))) }));
} else if (service === "ssm" && op === "start-session") {
  console.log(`port forwarding: ${opt("target")} ${opt("document-name")} ${opt("parameters")}`);
} else if (service === "logs" && op === "tail") {
  console.log(`2026-12-04T22:00:00 ${args[2]}/web/0a1b2c hello from ${args[2]}`);
} else if (service === "ecr" && op === "get-login-password") {
  // Printed as the real CLI does (plain text), whatever --output says.
  console.log("fake-ecr-password");
} else if (service === "ecr" && op === "describe-images") {
  // config.images: { "<repository>:<tag>": "sha256:…" }, or "<region>/<repository>:<tag>" for one region's registry;
  // an image not listed does not exist. config.replicatedAfter: { "<region>/<repository>:<tag>": n } hides it from the first n calls.
  const tag = (opt("image-ids") ?? "").replace(/^imageTag=/, "");
  const key = `${opt("region")}/${opt("repository-name")}:${tag}`;
  const calls = root ? join(root, "ecr-calls", key.replace(/[/:]/g, "_")) : undefined;
  const seen = calls && existsSync(calls) ? Number(readFileSync(calls, "utf8")) : 0;
  if (calls) {
    mkdirSync(dirname(calls), { recursive: true });
    writeFileSync(calls, String(seen + 1));
  }
  const hidden = seen < (config.replicatedAfter?.[key] ?? 0);
  const digest = hidden ? undefined : (config.images?.[key] ?? config.images?.[`${opt("repository-name")}:${tag}`]);
  if (!digest)
    fail(
      "ImageNotFoundException",
      "DescribeImages",
      `The image with imageId {imageDigest:'null', imageTag:'${tag}'} does not exist within the repository with name '${opt("repository-name")}'`,
    );
  console.log(JSON.stringify({ imageDetails: [{ repositoryName: opt("repository-name"), imageDigest: digest, imageTags: [tag] }] }));
} else if (service === "iam" && ["get-role", "create-role", "put-role-policy"].includes(op)) {
  // Roles as files under FAKE_AWS_DIR/iam/<name>/ holding each call's arguments.
  const dir = join(root, "iam", opt("role-name"));
  if (op === "get-role" && !existsSync(dir)) fail("NoSuchEntity", "GetRole", `The role with name ${opt("role-name")} cannot be found.`);
  if (op === "put-role-policy" && !existsSync(dir)) fail("NoSuchEntity", "PutRolePolicy", `The role with name ${opt("role-name")} cannot be found.`);
  mkdirSync(dir, { recursive: true });
  if (op !== "get-role") writeFileSync(join(dir, `${op}.json`), JSON.stringify(args));
  console.log("{}");
} else if (service === "deploy" && ["create-deployment", "get-deployment", "get-deployment-target"].includes(op)) {
  // CodeDeploy: config.deployment is the final status (default Succeeded) with config.deploymentError; the
  // traffic on the green task set goes 0 → 100 over the polls.
  const polls = join(root, "codedeploy-polls");
  mkdirSync(root, { recursive: true });
  if (op === "create-deployment") console.log(JSON.stringify({ deploymentId: "d-FAKE12345" }));
  else if (op === "get-deployment-target") {
    const n = existsSync(polls) ? Number(readFileSync(polls, "utf8")) : 0;
    console.log(JSON.stringify({ deploymentTarget: { ecsTarget: { taskSetsInfo: [{ taskSetLabel: "Green", trafficWeight: Math.min(100, n * 50) }] } } }));
  } else {
    const n = existsSync(polls) ? Number(readFileSync(polls, "utf8")) : 0;
    writeFileSync(polls, String(n + 1));
    const status = n < 2 ? "InProgress" : (config.deployment ?? "Succeeded");
    const info = { status };
    if (status === "Failed")
      Object.assign(info, { errorInformation: { message: config.deploymentError ?? "failed" }, rollbackInfo: { rollbackDeploymentId: "d-ROLLBACK1" } });
    console.log(JSON.stringify({ deploymentInfo: info }));
  }
} else if (service === "lambda" && op === "get-alias") {
  // A blue/green function's alias: on config.aliasVersion (default "1") with no weighted version.
  console.log(JSON.stringify({ FunctionVersion: config.aliasVersion ?? "1", RoutingConfig: {} }));
} else if (service === "s3" && op === "sync") {
  // A static site's upload: the folder's files become the bucket's objects (metadata not kept).
  const bucket = args[3].replace(/^s3:\/\//, "").split("/")[0];
  if (!existsSync(join(root, "s3", bucket))) mkdirSync(join(root, "s3", bucket), { recursive: true });
  cpSync(args[2], join(root, "s3", bucket), { recursive: true });
} else if (service === "cloudfront" && op === "create-invalidation") {
  console.log(JSON.stringify({ Location: "fake", Invalidation: { Id: "IFAKE12345", Status: "InProgress" } }));
} else {
  fail("InvalidCommand", `${service} ${op}`, "fake aws: unknown service");
}
