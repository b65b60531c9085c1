/**
 * `berth pipeline` as users run it: the committed pipelines of the examples are what berth generates now,
 * every berth command a pipeline runs exists with every flag it passes, and foreign files are kept.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderGithubWorkflows } from "../../src/pipeline/github.js";
import { renderJenkinsfile } from "../../src/pipeline/jenkins.js";
import { EXAMPLES_DIR, exampleNames, loadExample } from "../support/examples.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");
const berth = (args: string[], cwd = ROOT) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** Every `npx berth …` command line of a workflow's `run` steps or a Jenkinsfile's `sh` steps. */
function berthCommands(files: readonly { path: string; text: string }[]): string[] {
  const lines: string[] = [];
  for (const f of files) {
    if (f.path.endsWith(".yml")) {
      const wf = parse(f.text) as { jobs: Record<string, { steps: { run?: string }[] }> };
      for (const job of Object.values(wf.jobs)) for (const s of job.steps) lines.push(...(s.run ?? "").split("\n"));
    } else {
      for (const m of f.text.matchAll(/^\s*sh '(.*)'$/gm)) lines.push(m[1]!.replace(/\\'/g, "'"));
    }
  }
  // Commands may share a line with shell (`code=0; npx berth plan … || code=$?; if …; then npx berth apply …; fi`) or sit in `$(…)`.
  return [...new Set(lines.flatMap((l) => [...l.matchAll(/npx berth [^;|&)]*/g)].map((m) => m[0].trim())))];
}

describe("berth pipeline", () => {
  it("committed the examples' pipelines exactly as berth generates them now", async () => {
    const github = renderGithubWorkflows((await loadExample("8byte-backend")).model, { config: "berth.config.ts" });
    for (const f of github) expect(readFileSync(join(EXAMPLES_DIR, "8byte-backend", f.path), "utf8"), `${f.path}: run berth pipeline github`).toBe(f.text);
    const jenkins = renderJenkinsfile((await loadExample("task-api")).model, { config: "berth.config.ts" });
    expect(readFileSync(join(EXAMPLES_DIR, "task-api", jenkins.path), "utf8"), "run berth pipeline jenkins").toBe(jenkins.text);
  });

  it("runs only berth commands and flags that exist (each checked with --help)", async () => {
    const commands = new Set<string>();
    for (const name of exampleNames()) {
      const { model } = await loadExample(name);
      for (const c of berthCommands([...renderGithubWorkflows(model, { config: "berth.config.ts" }), renderJenkinsfile(model, { config: "berth.config.ts" })]))
        commands.add(c);
    }
    const byCommand = new Map<string, Set<string>>();
    for (const line of commands) {
      const words = line.split(" ").slice(2);
      const flags = byCommand.get(words[0]!) ?? new Set<string>();
      for (const w of words.filter((x) => x.startsWith("--"))) flags.add(w);
      byCommand.set(words[0]!, flags);
    }
    expect([...byCommand.keys()].sort()).toEqual(["apply", "build", "changed", "check", "deploy", "plan", "promote", "smoke", "validate"]);
    for (const [command, flags] of byCommand) {
      const help = berth([command, "--help"]);
      expect(help.code, `berth ${command} --help`).toBe(0);
      for (const flag of flags) expect(help.stdout, `berth ${command} ${flag}`).toMatch(new RegExp(`(^|[ ,])${flag}([ ,=<]|$)`, "m"));
    }
  });

  it("writes into the config's folder by default, is idempotent, and keeps a workflow berth did not write (exit 2)", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-pipeline-"));
    writeFileSync(join(dir, "berth.config.ts"), readFileSync(join(EXAMPLES_DIR, "8byte-backend", "berth.config.ts"), "utf8"));
    const first = berth(["pipeline", "github", "--config", join(dir, "berth.config.ts")]);
    expect(first.stderr).toBe("");
    expect(first.stdout).toMatch(/created\s+.*\.github\/workflows\/berth-deploy\.yml/);
    expect(readFileSync(join(dir, ".github/workflows/berth-deploy.yml"), "utf8")).toBe(
      readFileSync(join(EXAMPLES_DIR, "8byte-backend/.github/workflows/berth-deploy.yml"), "utf8"),
    );
    expect(berth(["pipeline", "github", "--config", join(dir, "berth.config.ts")]).stdout).toMatch(/unchanged/);

    const other = mkdtempSync(join(tmpdir(), "berth-pipeline-"));
    writeFileSync(join(other, "Jenkinsfile"), "pipeline { agent any }\n");
    const refused = berth(["pipeline", "jenkins", "--config", join(dir, "berth.config.ts"), "--out", other]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("Jenkinsfile exists and was not written by berth; nothing was written");
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(other, "Jenkinsfile"), "utf8")).toBe("pipeline { agent any }\n");
    // The config path in the file is relative to --out.
    mkdirSync(join(other, "sub"));
    expect(berth(["pipeline", "jenkins", "--config", join(dir, "berth.config.ts"), "--out", join(other, "sub")]).code).toBe(0);
    expect(readFileSync(join(other, "sub", "Jenkinsfile"), "utf8")).toContain(`--config ../../${dir.split("/").at(-1)}/berth.config.ts`);
  });

  it("refuses an unknown CI system with the choices (exit 2)", () => {
    const r = berth(["pipeline", "gitlab", "--config", "examples/task-api/berth.config.ts"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown CI system "gitlab"');
    expect(r.stderr).toContain("choose one of: github, jenkins");
  });
});
