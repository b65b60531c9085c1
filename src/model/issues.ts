/** Collects the user errors found while resolving, so one run reports all of them at once. */
import { ConfigError, type ConfigIssue, type ConfigPath } from "../errors.js";
import { suggest } from "../config/schema/strict.js";

export class Issues {
  readonly list: ConfigIssue[] = [];
  readonly warnings: ConfigIssue[] = [];

  private readonly seen = new Set<string>();

  /** Adds an issue once: shared settings resolved for several environments report a problem one time. */
  add(path: ConfigPath, message: string, hint?: string): void {
    this.push(hint ? { path, message, hint } : { path, message });
  }

  /** Something AWS may refuse although berth cannot know (an adjustable quota); reported once, not an error. */
  warn(path: ConfigPath, message: string, hint?: string): void {
    const key = JSON.stringify([path, message]);
    if (this.warnings.some((w) => JSON.stringify([w.path, w.message]) === key)) return;
    this.warnings.push(hint ? { path, message, hint } : { path, message });
  }

  addAll(issues: readonly ConfigIssue[]): void {
    issues.forEach((i) => this.push(i));
  }

  private push(issue: ConfigIssue): void {
    const key = JSON.stringify([issue.path, issue.message]);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(issue);
  }

  /** Reports a reference to a name that does not exist, with the closest known name. */
  unknown(path: ConfigPath, what: string, name: string, known: readonly string[]): void {
    const guess = suggest(name, known);
    const list = known.length > 0 ? known.map((k) => `"${k}"`).join(", ") : "none declared";
    this.add(path, `${what} "${name}" does not exist${guess ? `; did you mean "${guess}"?` : `; known: ${list}`}`);
  }

  throwIfAny(file?: string): void {
    if (this.list.length > 0) throw new ConfigError(this.list, file);
  }
}
