/** Human output for the CLI, and the one place where errors become messages and exit codes. */
import { BerthError, ConfigError, MACHINE_REASONS, TerraformError, UsageError } from "../errors.js";

export function fail(e: unknown): number {
  if (e instanceof ConfigError) {
    process.stderr.write(`error: ${e.report()}\n`);
    return e.exitCode;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`error: ${e.message}\n${e.hint ? `  hint: ${e.hint}\n` : ""}`);
    return e.exitCode;
  }
  if (e instanceof TerraformError || e instanceof BerthError) {
    process.stderr.write(`error: ${e.message}\n`);
    return e.exitCode;
  }
  const machine = machineProblem(e);
  if (machine) {
    process.stderr.write(`error: ${machine}\n`);
    return 2;
  }
  const detail = process.env.BERTH_DEBUG ? `\n${(e as Error)?.stack ?? String(e)}` : "";
  process.stderr.write(`internal error: ${(e as Error)?.message ?? String(e)}${detail}\nThis is a bug in berth; set BERTH_DEBUG=1 for details.\n`);
  return 1;
}

function machineProblem(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException | undefined;
  const reason = typeof err?.code === "string" ? MACHINE_REASONS[err.code] : undefined;
  if (!reason) return undefined;
  return `cannot ${err?.syscall ?? "access"} ${err?.path ?? "a file"}: ${reason}`;
}

export function println(line = ""): void {
  process.stdout.write(`${line}\n`);
}

/** A plain left-aligned text table. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
