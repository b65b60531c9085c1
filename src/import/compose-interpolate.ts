/**
 * Variable interpolation as the Compose Specification defines it ("Interpolation"), written from the
 * spec because no maintained JavaScript library implements it faithfully:
 *
 * 1. `$$` is a literal `$`.
 * 2. `$NAME` and `${NAME}` are the variable's value; unset is an empty string (and a warning).
 * 3. `${NAME:-default}`: default when unset or empty; `${NAME-default}`: default when unset.
 * 4. `${NAME:?message}` / `${NAME?message}`: an error with the message when unset or empty / unset.
 * 5. `${NAME:+other}` / `${NAME+other}`: other when set and not empty / set, else empty.
 * 6. Defaults, messages and replacements may themselves contain interpolations (`${A:-${B}}`).
 */

export interface Interpolation {
  readonly value: string;
  /** Variables that were unset and had no default (Compose warns about each). */
  readonly unset: readonly string[];
}

export class InterpolationError extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(input: string, vars: Readonly<Record<string, string | undefined>>): Interpolation {
  const unset: string[] = [];
  const value = expand(input, vars, unset);
  return { value, unset };
}

function expand(s: string, vars: Readonly<Record<string, string | undefined>>, unset: string[]): string {
  let out = "";
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c !== "$") {
      out += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
      continue;
    }
    if (next === "{") {
      const end = closingBrace(s, i + 2);
      if (end < 0) throw new InterpolationError(`invalid interpolation format for ${JSON.stringify(s)}: a "\${" without its "}"`);
      out += braced(s.slice(i + 2, end), vars, unset, s);
      i = end + 1;
      continue;
    }
    const m = NAME.exec(s.slice(i + 1));
    if (m) {
      const v = vars[m[0]];
      if (v === undefined) unset.push(m[0]);
      out += v ?? "";
      i += 1 + m[0].length;
      continue;
    }
    out += "$";
    i++;
  }
  return out;
}

/** The index of the `}` that closes a `${` whose body starts at `from`, counting nested `${…}`. */
function closingBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === "$" && s[i + 1] === "{") {
      depth++;
      i++;
    } else if (s[i] === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function braced(body: string, vars: Readonly<Record<string, string | undefined>>, unset: string[], whole: string): string {
  const m = NAME.exec(body);
  if (!m) throw new InterpolationError(`invalid interpolation format for ${JSON.stringify(whole)}: "\${${body}}" does not start with a variable name`);
  const name = m[0];
  const rest = body.slice(name.length);
  const v = vars[name];
  const isSet = v !== undefined;
  const nonEmpty = isSet && v !== "";
  if (rest === "") {
    if (!isSet) unset.push(name);
    return v ?? "";
  }
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[0];
  if (!op) throw new InterpolationError(`invalid interpolation format for ${JSON.stringify(whole)}: unknown modifier in "\${${body}}"`);
  const arg = () => expand(rest.slice(op.length), vars, unset);
  switch (op) {
    case ":-":
      return nonEmpty ? v : arg();
    case "-":
      return isSet ? v : arg();
    case ":?":
      if (!nonEmpty) throw new InterpolationError(`required variable ${name} is missing a value: ${arg()}`);
      return v;
    case "?":
      if (!isSet) throw new InterpolationError(`required variable ${name} is missing a value: ${arg()}`);
      return v;
    case ":+":
      return nonEmpty ? arg() : "";
    default:
      return isSet ? arg() : "";
  }
}

/** Parses a `.env` / `env_file` file as Compose does: `KEY=VALUE` lines, `#` comments, `export ` prefixes, quoted values. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.lastIndexOf(quote) > 0) {
      value = value.slice(1, value.lastIndexOf(quote));
      if (quote === '"') value = value.replace(/\\n/g, "\n").replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, "");
    }
    out[m[1]!] = value;
  }
  return out;
}
