/**
 * The CLI explains itself the same way everywhere: every command's --help ends with examples of that command,
 * `berth --help` lists the exit codes, --version prints the package's version, and a short flag means one thing.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");

function berth(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command names of a help text's "Commands:" section (without `help`). */
function commandsOf(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1]?.split(/^\S/m)[0] ?? "";
  return [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!).filter((c) => c !== "help");
}

const top = berth(["--help"]).stdout;
const commands = [...commandsOf(top).map((c) => [c]), ["db", "connect"]];

describe("berth --help", () => {
  it("lists every command, examples and the exit codes", () => {
    expect(commands.length).toBeGreaterThanOrEqual(23);
    expect(top).toMatch(/Examples:\n {2}\$ berth validate/);
    expect(top).toMatch(/Exit codes:\n {2}0 +success\n {2}1 +.*\n {2}2 +a user error.*\n {2}3 +.*\n {2}130 +interrupted/);
  });

  it("prints the package's version with --version and -V", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) expect(berth([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });
});

describe.each(commands)("berth %s --help", (...words) => {
  const help = berth([...words.filter(Boolean), "--help"]);

  it("ends with examples of this very command", () => {
    expect(help.code).toBe(0);
    const examples = help.stdout.split(/^Examples:$/m)[1] ?? "";
    const lines = examples.split("\n").filter((l) => l.trim().startsWith("$"));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const l of lines) expect(l.trim()).toMatch(new RegExp(`^\\$ berth ${words[0]}\\b|\\$ .*&& berth ${words[0]}\\b`));
  });

  it("describes --env as what it does here, and gives each short flag one meaning", () => {
    expect(help.stdout).not.toMatch(/-e, --env <name> +only this environment$/m);
    expect(help.stdout).not.toMatch(/-p, --parallelism/);
    // Each short flag has one meaning across commands.
    const meaning: Record<string, string> = {
      c: "config",
      e: "env",
      r: "region",
      o: "out",
      s: "stack",
      j: "parallelism",
      p: "port",
      y: "yes",
      i: "image",
      f: "follow",
      w: "watch",
    };
    for (const [, short, long] of help.stdout.matchAll(/^ {2}-(\w), --([\w-]+)/gm)) {
      if (short === "h" || short === "V") continue;
      expect(`-${short} --${long}`).toBe(`-${short} --${meaning[short!]}`);
    }
  });
});

describe("command-specific help", () => {
  it("shows deploy without --stack or --parallelism: it runs one service's stack", () => {
    const help = berth(["deploy", "--help"]).stdout;
    expect(help).not.toMatch(/--stack/);
    expect(help).not.toMatch(/--parallelism/);
  });

  it("gives synth the same --out default as the other commands", () => {
    expect(berth(["synth", "--help"]).stdout).toMatch(/-o, --out <dir> +output directory \(default: "infra"\)/);
  });

  it("keeps the maintainers' docs --write and --check out of the help", () => {
    const help = berth(["docs", "--help"]).stdout;
    expect(help).not.toMatch(/--write|--check/);
  });
});
