/**
 * Copies the loaded config into plain data before the schema sees it, and reports what cannot be
 * copied faithfully, each with its config path:
 * - a `__proto__` key: in a JavaScript object literal `__proto__: {…}` sets the object's prototype
 *   instead of adding a key, and zod skips an own `__proto__` key (YAML, `["__proto__"]`), so the
 *   entry would silently vanish;
 * - a getter that throws (its message, not "a bug in berth");
 * - an object that contains itself.
 */
import type { ConfigIssue, ConfigPath } from "../errors.js";

const PROTO = '"__proto__" cannot be used as a name: JavaScript treats it as the object\'s prototype, so the entry would be lost';
const PROTO_HINT = "rename it (names are lowercase letters, digits and hyphens)";

export function plainConfig(raw: unknown): { value: unknown; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const inProgress = new Set<object>();
  const copy = (value: unknown, path: ConfigPath): unknown => {
    if (typeof value !== "object" || value === null) return value;
    if (inProgress.has(value)) {
      issues.push({ path, message: "contains itself (a circular reference); a config is plain data" });
      return undefined;
    }
    inProgress.add(value);
    try {
      if (Array.isArray(value)) return value.map((v, i) => copy(v, [...path, i]));
      const proto: unknown = Object.getPrototypeOf(value);
      // A literal's prototype is Object.prototype (whose own prototype is null), or null itself.
      if (proto !== null && Object.getPrototypeOf(proto) !== null) issues.push({ path: [...path, "__proto__"], message: PROTO, hint: PROTO_HINT });
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        if (key === "__proto__") {
          issues.push({ path: [...path, key], message: PROTO, hint: PROTO_HINT });
          continue;
        }
        let v: unknown;
        try {
          v = (value as Record<string, unknown>)[key];
        } catch (e) {
          issues.push({ path: [...path, key], message: `reading this value threw: ${e instanceof Error ? e.message : String(e)}` });
          continue;
        }
        out[key] = copy(v, [...path, key]);
      }
      return out;
    } catch (e) {
      issues.push({ path, message: `reading this value threw: ${e instanceof Error ? e.message : String(e)}` });
      return undefined;
    } finally {
      inProgress.delete(value);
    }
  };
  return { value: copy(raw, []), issues };
}
