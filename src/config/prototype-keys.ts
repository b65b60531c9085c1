/**
 * Finds `__proto__` keys before the schema sees the config. In a JavaScript object literal
 * `__proto__: {…}` sets the object's prototype instead of adding a key, and zod skips an own
 * `__proto__` key (from YAML or `["__proto__"]`) too, so such an entry would silently vanish.
 */
import type { ConfigIssue, ConfigPath } from "../errors.js";

const MESSAGE = '"__proto__" cannot be used as a name: JavaScript treats it as the object\'s prototype, so the entry would be lost';
const HINT = "rename it (names are lowercase letters, digits and hyphens)";

export function prototypeKeyIssues(raw: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<object>();
  const walk = (value: unknown, path: ConfigPath): void => {
    if (typeof value !== "object" || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...path, i]));
      return;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    // A literal's prototype is Object.prototype (whose own prototype is null), or null itself.
    if (proto !== null && Object.getPrototypeOf(proto) !== null) issues.push({ path: [...path, "__proto__"], message: MESSAGE, hint: HINT });
    for (const key of Object.keys(value)) {
      if (key === "__proto__") issues.push({ path: [...path, key], message: MESSAGE, hint: HINT });
      else walk((value as Record<string, unknown>)[key], [...path, key]);
    }
  };
  walk(raw, []);
  return issues;
}
