/**
 * Placeholders in Copilot manifests: `${COPILOT_APPLICATION_NAME}` and `${COPILOT_ENVIRONMENT_NAME}`
 * are known at import time; every other `${NAME}` (`${TAG}`, `${DOMAINNAME}`, `${AWS_ACCOUNT_ID}` …) was
 * filled from the shell at deploy time, so berth writes a well-formed stand-in and asks the user to set it.
 */

export interface Placeholder {
  readonly name: string;
  /** Where in the manifest, e.g. `image.location`. */
  readonly at: string;
  readonly standIn: string;
}

/** A stand-in value that keeps the surrounding value well-formed, chosen by the variable's name. */
export function standIn(name: string, region: string): string {
  if (/TAG|VERSION/i.test(name)) return "latest";
  if (/DOMAIN|HOST/i.test(name)) return "example.com";
  if (/ACCOUNT/i.test(name)) return "000000000000";
  if (/REGION/i.test(name)) return region;
  return "set-me";
}

export function substitute(
  value: unknown,
  known: Readonly<Record<string, string>>,
  region: string,
  found: Placeholder[],
  at: readonly (string | number)[] = [],
): unknown {
  if (typeof value === "string")
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = known[name];
      if (v !== undefined) return v;
      const s = standIn(name, region);
      found.push({
        name,
        at: at
          .map((p) => (typeof p === "number" ? `[${p}]` : p))
          .join(".")
          .replace(/\.\[/g, "["),
        standIn: s,
      });
      return s;
    });
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, known, region, found, [...at, i]));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, known, region, found, [...at, k])]));
  return value;
}
