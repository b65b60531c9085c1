/**
 * Lookups into records keyed by names the user chose. A user may name a service `constructor` or an
 * environment variable `toString`; a plain `rec[key]` would then find `Object.prototype`'s member
 * instead of "nothing", so every such lookup goes through `own()`.
 */

/** `rec[key]` when `key` is the record's own property, else `undefined`. */
export function own<T>(rec: Readonly<Record<string, T>> | undefined | null, key: string): T | undefined {
  return rec != null && Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/** Whether `key` is the record's own property. */
export function hasOwn(rec: object | undefined | null, key: string): boolean {
  return rec != null && Object.hasOwn(rec, key);
}
