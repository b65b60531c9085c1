/**
 * The one error hierarchy berth shows to users. `ConfigError` carries the config path of the
 * offending value and exits with code 2; everything else that escapes is a bug or a tool failure.
 */

export type ConfigPath = readonly (string | number)[];

export abstract class BerthError extends Error {
  abstract readonly exitCode: number;
}

/** Renders `["services", "api", "routes", 2]` as `services.api.routes[2]`. */
export function formatPath(path: ConfigPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out || "(root)";
}

export interface ConfigIssue {
  readonly path: ConfigPath;
  readonly message: string;
  readonly hint?: string;
  /** 1-based line in the config file, when known (YAML configs, syntax errors). */
  readonly line?: number;
  /** 1-based column, when known (syntax errors). */
  readonly column?: number;
  /** The lines around the problem with a caret under it (syntax errors). */
  readonly frame?: string;
}

/** A problem with what the user wrote. Holds one or more issues, each naming its config path. */
export class ConfigError extends BerthError {
  readonly exitCode = 2;
  readonly issues: readonly ConfigIssue[];
  file?: string;
  /** Finds the config line of a path (YAML configs), for issues that carry none. */
  lineOf?: (path: ConfigPath) => number | undefined;
  /** After schema errors: the config with the invalid optional values removed, when that makes it valid. */
  repaired?: { readonly config: unknown; readonly removed: readonly ConfigPath[] };

  constructor(issues: ConfigIssue | readonly ConfigIssue[], file?: string) {
    const list = Array.isArray(issues) ? (issues as readonly ConfigIssue[]) : [issues as ConfigIssue];
    super(list.map(formatIssue).join("\n"));
    this.name = "ConfigError";
    this.issues = list;
    this.file = file;
  }

  /** The full message for the terminal: the file, then one line per issue with its hint. */
  report(): string {
    const head = this.file ? `${this.file}: ` : "";
    const at = (i: ConfigIssue) => {
      const line = i.line ?? this.lineOf?.(i.path);
      return this.file && line ? `${this.file}:${line}${i.column ? `:${i.column}` : ""}: ` : "";
    };
    const frame = (i: ConfigIssue) => (i.frame ? `\n${i.frame.replace(/^/gm, "    ")}` : "");
    const hint = (i: ConfigIssue) => (i.hint ? `\n    hint: ${i.hint.replace(/\n/g, "\n    ")}` : "");
    const lines = this.issues.map((i) => `  ${at(i)}${formatIssue(i)}${frame(i)}${hint(i)}`);
    const noun = this.issues.length === 1 ? "error" : "errors";
    return `${head}${this.issues.length} config ${noun}\n${lines.join("\n")}`;
  }
}

function formatIssue(i: ConfigIssue): string {
  // A syntax error has a line and column instead of a path.
  if (i.path.length === 0 && i.line) return i.message;
  return `${formatPath(i.path)}: ${i.message}`;
}

/** A problem with how berth was called (a flag, a missing file) rather than with the config's content. */
export class UsageError extends BerthError {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** Terraform failed on a stack: the stack id, its exit code and the tail of what it printed. */
export class TerraformError extends BerthError {
  readonly exitCode = 1;
  constructor(
    readonly stackId: string,
    readonly command: string,
    readonly tfExitCode: number | null,
    readonly stderrTail: string,
  ) {
    super(`terraform ${command} failed in stack ${stackId} (exit ${tfExitCode ?? "signal"})\n${stderrTail}`);
    this.name = "TerraformError";
  }
}

/** File-system errors that are the machine's state, not berth's bug, in words: permissions, read-only or full disks. */
export const MACHINE_REASONS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
};
