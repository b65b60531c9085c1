/**
 * Lines of config paths in a `berth.config.ts` (or `.js`): a scanner over the source text that follows
 * the object literal given to `defineConfig(…)` (or `export default {…}`, or the variable exported by
 * default) and records the line of every property key and array element it meets. Not a full parser:
 * it knows strings, template literals, comments and regular expressions well enough to skip them, and
 * treats anything that is not an object or array literal (a call, a variable, a spread) as opaque, so
 * a path inside a computed value is given the line of the nearest enclosing literal property. Runs
 * only on the error path; a source it cannot follow yields no lines rather than wrong ones.
 */
import type { ConfigPath } from "../errors.js";
import type { LineOf } from "./validate.js";

type Frame =
  | { readonly kind: "object"; readonly path: readonly (string | number)[] | null; key: string | null; expectKey: boolean }
  | { readonly kind: "array"; readonly path: readonly (string | number)[] | null; index: number; expectElement: boolean }
  | { readonly kind: "opaque"; readonly close: string };

/** The `lineOf` of a TS/JS config source: the line of a path's key, else of its nearest recorded ancestor. */
export function tsLineOf(source: string): LineOf | undefined {
  let lines: Map<string, number>;
  try {
    const start = configStart(source);
    if (start === undefined) return undefined;
    lines = scan(source, start);
  } catch {
    return undefined;
  }
  if (lines.size === 0) return undefined;
  return (path: ConfigPath) => {
    for (let n = path.length; n >= 0; n--) {
      const line = lines.get(keyOf(path.slice(0, n)));
      if (line !== undefined) return line;
    }
    return undefined;
  };
}

const keyOf = (path: readonly (string | number)[]): string => JSON.stringify(path.map(String));

/** Where the config's object literal opens: in `defineConfig(`, after `export default`, or where the exported variable is set. */
function configStart(source: string): number | undefined {
  const code = blankNonCode(source);
  const define = /\bdefineConfig\s*\(\s*\{/.exec(code);
  if (define) return define.index + define[0].length - 1;
  const literal = /\bexport\s+default\s*\{/.exec(code);
  if (literal) return literal.index + literal[0].length - 1;
  const named = /\bexport\s+default\s+([A-Za-z_$][\w$]*)/.exec(code);
  if (named) {
    const assigned = new RegExp(`\\b${named[1]!.replace(/\$/g, "\\$")}\\s*(?::[^=;]+)?=\\s*\\{`).exec(code);
    if (assigned) return assigned.index + assigned[0].length - 1;
  }
  return undefined;
}

/** The source with comments and the insides of strings replaced by spaces (same offsets), for the regexes above. */
function blankNonCode(source: string): string {
  let out = "";
  let i = 0;
  while (i < source.length) {
    const end = skipNonCode(source, i, "");
    if (end > i) {
      out += source.slice(i, end).replace(/[^\n]/g, " ");
      i = end;
    } else {
      out += source[i];
      i++;
    }
  }
  return out;
}

/** If a comment, string or template literal starts at `i`, where it ends; else `i`. `prev` is the last significant character (for `/`). */
function skipNonCode(s: string, i: number, prev: string): number {
  const c = s[i];
  const next = s[i + 1];
  if (c === "/" && next === "/") {
    const end = s.indexOf("\n", i);
    return end < 0 ? s.length : end;
  }
  if (c === "/" && next === "*") {
    const end = s.indexOf("*/", i + 2);
    if (end < 0) throw new Error("unterminated comment");
    return end + 2;
  }
  if (c === '"' || c === "'") return endOfString(s, i, c);
  if (c === "`") return endOfTemplate(s, i);
  // A regular expression literal where an expression may start.
  if (c === "/" && (prev === "" || /[(,=:[!&|?{};+\-*%<>~^]/.test(prev))) return endOfRegex(s, i);
  return i;
}

function endOfString(s: string, i: number, quote: string): number {
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === "\\") j++;
    else if (s[j] === quote) return j + 1;
    else if (s[j] === "\n") throw new Error("unterminated string");
  }
  throw new Error("unterminated string");
}

function endOfTemplate(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === "\\") j++;
    else if (s[j] === "`") return j + 1;
    else if (s[j] === "$" && s[j + 1] === "{") {
      // An interpolation: skip to its closing brace, minding nested strings and braces.
      let depth = 1;
      j += 2;
      while (j < s.length && depth > 0) {
        const end = skipNonCode(s, j, "(");
        if (end > j) {
          j = end;
          continue;
        }
        if (s[j] === "{") depth++;
        else if (s[j] === "}") depth--;
        j++;
      }
      j--;
    }
  }
  throw new Error("unterminated template literal");
}

function endOfRegex(s: string, i: number): number {
  let inClass = false;
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (c === "\\") j++;
    else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) {
      let k = j + 1;
      while (k < s.length && /[a-z]/i.test(s[k]!)) k++;
      return k;
    } else if (c === "\n") throw new Error("unterminated regular expression");
  }
  throw new Error("unterminated regular expression");
}

const CLOSE: Readonly<Record<string, string>> = { "(": ")", "[": "]", "{": "}" };

function scan(s: string, start: number): Map<string, number> {
  const lines = new Map<string, number>();
  const lineStarts = [0];
  for (let i = 0; i < s.length; i++) if (s[i] === "\n") lineStarts.push(i + 1);
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const record = (path: readonly (string | number)[] | null, offset: number) => {
    if (path && !lines.has(keyOf(path))) lines.set(keyOf(path), lineAt(offset));
  };
  lines.set(keyOf([]), lineAt(start));
  const stack: Frame[] = [{ kind: "object", path: [], key: null, expectKey: true }];
  let prev = "{";
  let i = start + 1;
  while (i < s.length && stack.length > 0) {
    const skipped = skipNonCode(s, i, prev);
    const top = stack[stack.length - 1]!;
    if (skipped > i) {
      // A string in key position is a key.
      if (top.kind === "object" && top.expectKey && (s[i] === '"' || s[i] === "'")) {
        top.key = s.slice(i + 1, skipped - 1);
        top.expectKey = false;
        record(top.path && [...top.path, top.key], i);
      } else startElement(top, i);
      prev = s[skipped - 1]!;
      i = skipped;
      continue;
    }
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (top.kind === "object" && top.expectKey) {
      const ident = /^(?:[A-Za-z_$][\w$]*|\d+)/.exec(s.slice(i, i + 200));
      if (ident) {
        top.key = ident[0];
        top.expectKey = false;
        record(top.path && [...top.path, top.key], i);
        prev = "a";
        i += ident[0].length;
        continue;
      }
      if (c === "}") {
        stack.pop();
        prev = c;
        i++;
        continue;
      }
      // A computed key or a spread: its value is opaque.
      top.key = null;
      top.expectKey = false;
    }
    if (c === "," && (top.kind === "object" || top.kind === "array")) {
      if (top.kind === "object") {
        top.expectKey = true;
        top.key = null;
      } else {
        if (!top.expectElement) top.index++;
        top.expectElement = true;
      }
      prev = c;
      i++;
      continue;
    }
    if (c === "}" || c === "]" || c === ")") {
      stack.pop();
      prev = c;
      i++;
      continue;
    }
    if (c === "{" || c === "[") {
      const at = childPath(top);
      startElement(top, i);
      stack.push(c === "{" ? { kind: "object", path: at, key: null, expectKey: true } : { kind: "array", path: at, index: 0, expectElement: true });
      prev = c;
      i++;
      continue;
    }
    if (c === "(") {
      startElement(top, i);
      stack.push({ kind: "opaque", close: CLOSE[c]! });
      prev = c;
      i++;
      continue;
    }
    startElement(top, i);
    // Anything else (identifiers, numbers, operators) belongs to the current value.
    if (top.kind === "object" && c === ":") {
      prev = c;
      i++;
      continue;
    }
    const word = /^[\w$.]+/.exec(s.slice(i, i + 200));
    const len = word ? word[0].length : 1;
    prev = s[i + len - 1]!;
    i += len;
  }

  /** The path of a literal that opens in the current position; null inside something opaque (a call's arguments, a computed key). */
  function childPath(top: Frame): readonly (string | number)[] | null {
    if (top.kind === "object") return top.path && top.key !== null ? [...top.path, top.key] : null;
    if (top.kind === "array") return top.path ? [...top.path, top.index] : null;
    return null;
  }

  /** An array element starts at `offset` (the first token after `[` or `,`): its line is recorded. */
  function startElement(top: Frame, offset: number): void {
    if (top.kind !== "array" || !top.expectElement) return;
    top.expectElement = false;
    record(top.path && [...top.path, top.index], offset);
  }
  return lines;
}
