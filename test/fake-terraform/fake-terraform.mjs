/**
 * A fake `terraform` for end-to-end tests of the runner: records its arguments (FAKE_TF_LOG, JSON
 * lines), keeps a tiny state per working directory, and simulates what the runner must cope with —
 * missing variables, saved plans that went stale, outputs, failures, a state lock held by someone
 * else (with its id), a slow apply that stops gracefully on SIGINT and at once on a second one, and
 * drift. Behaviour per stack (the working directory's name) comes from the JSON file FAKE_TF_CONFIG:
 * { fail: {stack: command}, slowApply: {stack: ms}, locked: {stack: {id, who}}, outputs: {stack: {name: value}},
 *   changes: {stack: [resource change]}, drift: {stack: [resource change]} }.
 */
import { createHash, randomUUID } from "node:crypto";
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { basename, join } from "node:path";

const args = process.argv.slice(2);
const cwd = process.cwd();
const stack = basename(cwd);
const config = process.env.FAKE_TF_CONFIG && existsSync(process.env.FAKE_TF_CONFIG) ? JSON.parse(readFileSync(process.env.FAKE_TF_CONFIG, "utf8")) : {};
const command = args[0];
const STATE = join(cwd, "fake.tfstate.json");
const LOCK = join(cwd, "fake.tflock.json");

if (process.env.FAKE_TF_LOG) appendFileSync(process.env.FAKE_TF_LOG, `${JSON.stringify({ stack, cwd, args })}\n`);

const readJson = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, "utf8")) : undefined);
const flag = (name) => args.find((a) => a === `-${name}` || a.startsWith(`-${name}=`));
const flagValue = (name) => flag(name)?.split("=").slice(1).join("=");
const die = (msg, code = 1) => {
  process.stderr.write(`\nError: ${msg}\n`);
  process.exit(code);
};
const tfFiles = () =>
  readdirSync(cwd)
    .filter((f) => f.endsWith(".tf"))
    .sort();
const read = (f) => readFileSync(join(cwd, f), "utf8");

if (config.fail?.[stack] === command) die(`simulated failure of ${command} in ${stack}`);

function checkLock() {
  if (flag("lock") === "-lock=false") return;
  if (config.locked?.[stack] && !existsSync(LOCK) && !existsSync(join(cwd, "fake.unlocked"))) writeFileSync(LOCK, JSON.stringify(config.locked[stack]));
  const lock = readJson(LOCK);
  if (!lock) return;
  process.stderr.write(`
Error: Error acquiring the state lock

Error message: operation error S3: PutObject, StatusCode: 412, PreconditionFailed
Lock Info:
  ID:        ${lock.id}
  Path:      berth-test-state/${stack}.tfstate
  Operation: OperationTypeApply
  Who:       ${lock.who}
  Version:   1.10.5
  Created:   2026-01-01 10:00:00.000000000 +0000 UTC
  Info:

Terraform acquires a state lock to protect the state from being written
by multiple users at the same time.
`);
  process.exit(1);
}

function variables() {
  const text = tfFiles().map(read).join("\n");
  const vars = [];
  for (const m of text.matchAll(/^variable "([^"]+)" \{\n([\s\S]*?)^\}/gm)) vars.push({ name: m[1], required: !/^\s+default\s+=/m.test(m[2]) });
  return vars;
}

function tfvars() {
  return readJson(join(cwd, "terraform.tfvars.json")) ?? {};
}

function desiredHash() {
  const h = createHash("sha256");
  for (const f of tfFiles()) h.update(`${f}\0${read(f)}\0`);
  h.update(JSON.stringify(tfvars()));
  return h.digest("hex");
}

function outputNames() {
  return tfFiles().flatMap((f) => [...read(f).matchAll(/^output "([^"]+)"/gm)].map((m) => m[1]));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  switch (command) {
    case "version":
      console.log(flag("json") ? JSON.stringify({ terraform_version: "1.10.5", platform: "linux_amd64" }) : "Terraform v1.10.5");
      return;
    case "init":
      console.log("Terraform has been successfully initialized!");
      return;
    case "fmt":
    case "validate":
      return;
    case "plan": {
      checkLock();
      const vars = tfvars();
      const missing = variables().filter((v) => v.required && !(v.name in vars));
      if (missing.length > 0) die(`No value for required variable\n\nThe root module input variable "${missing[0].name}" is not set`);
      const state = readJson(STATE);
      const out = flagValue("out");
      if (flag("refresh-only")) {
        const drift = config.drift?.[stack] ?? [];
        if (out) writeFileSync(join(cwd, out), JSON.stringify({ drift, resource_changes: [] }));
        console.log(drift.length > 0 ? "Terraform detected the following changes made outside of Terraform" : "No changes.");
        process.exit(flag("detailed-exitcode") && drift.length > 0 ? 2 : 0);
      }
      const hash = desiredHash();
      const changed = state?.hash !== hash;
      const changes = !changed
        ? []
        : (config.changes?.[stack] ?? [{ address: "terraform_data.this", type: "terraform_data", actions: [state ? "update" : "create"] }]);
      if (out) writeFileSync(join(cwd, out), JSON.stringify({ hash, serial: state?.serial ?? 0, resource_changes: changes }));
      console.log(changed ? `Plan: ${changes.length} to change.` : "No changes. Your infrastructure matches the configuration.");
      process.exit(flag("detailed-exitcode") && changed ? 2 : 0);
      return;
    }
    case "show": {
      const plan = readJson(join(cwd, args[args.length - 1]));
      if (!plan) die(`Failed to read the given file as a state or plan file`);
      const change = (c) => ({ ...c, change: { actions: c.actions } });
      console.log(
        JSON.stringify({ format_version: "1.2", resource_changes: plan.resource_changes.map(change), resource_drift: (plan.drift ?? []).map(change) }),
      );
      return;
    }
    case "apply": {
      const planFile = args[args.length - 1];
      const plan = readJson(join(cwd, planFile));
      if (!plan) die(`Failed to load "${planFile}" as a plan file`);
      checkLock();
      const state = readJson(STATE);
      if ((state?.serial ?? 0) !== plan.serial)
        die(
          "Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by another operation after the plan was created.",
        );
      const lock = { id: randomUUID(), who: `${userInfo().username}@${hostname()}` };
      writeFileSync(LOCK, JSON.stringify(lock));
      let interrupts = 0;
      process.on("SIGINT", () => {
        interrupts++;
        if (interrupts === 1) {
          process.stderr.write("Interrupt received.\nPlease wait for Terraform to exit or data loss may occur.\nGracefully shutting down...\n");
        } else {
          process.stderr.write("Two interrupts received. Exiting immediately. Note that data loss may have occurred.\n");
          process.exit(1);
        }
      });
      const until = Date.now() + (config.slowApply?.[stack] ?? 0);
      while (Date.now() < until) {
        await sleep(20);
        if (interrupts > 0) {
          await sleep(150); // finishing the in-flight change
          rmSync(LOCK, { force: true });
          die("execution halted");
        }
      }
      const outputs = Object.fromEntries(outputNames().map((n) => [n, config.outputs?.[stack]?.[n] ?? `${n}@${stack}`]));
      writeFileSync(STATE, JSON.stringify({ serial: (state?.serial ?? 0) + 1, hash: plan.hash, outputs, vars: tfvars() }));
      rmSync(LOCK, { force: true });
      console.log(`Apply complete! Resources: ${plan.resource_changes.length} changed.`);
      return;
    }
    case "output": {
      const state = readJson(STATE) ?? { outputs: {} };
      console.log(JSON.stringify(Object.fromEntries(Object.entries(state.outputs).map(([k, v]) => [k, { sensitive: false, type: "string", value: v }]))));
      return;
    }
    case "destroy": {
      checkLock();
      const vars = tfvars();
      const missing = variables().filter((v) => v.required && !(v.name in vars));
      if (missing.length > 0) die(`No value for required variable "${missing[0].name}"`);
      rmSync(STATE, { force: true });
      console.log("Destroy complete!");
      return;
    }
    case "force-unlock": {
      const id = args[args.length - 1];
      const lock = readJson(LOCK);
      if (!lock || lock.id !== id) die(`Failed to unlock state: lock ID "${id}" does not match existing lock`);
      rmSync(LOCK, { force: true });
      writeFileSync(join(cwd, "fake.unlocked"), id);
      console.log("Terraform state has been successfully unlocked!");
      return;
    }
    default:
      die(`fake terraform: unknown command ${command}`);
  }
}

await main();
