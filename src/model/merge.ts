/** Per-environment overrides: objects merge key by key, lists and scalars replace, `undefined` keeps the base. */

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v);

export function deepMerge<T>(base: T, override: unknown): T {
  if (override === undefined) return base;
  if (!isPlain(base) || !isPlain(override)) return override as T;
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (v === undefined) continue;
    out[k] = Object.hasOwn(base, k) ? deepMerge(base[k], v) : v;
  }
  return out as T;
}
