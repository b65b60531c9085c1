/**
 * Prints the HCL syntax tree as text that `terraform fmt` leaves unchanged.
 *
 * The rules follow hclwrite's formatter:
 * 1. Two spaces of indent per line that opens brackets, however many it opens (`jsonencode({` is one level).
 * 2. Consecutive single-line `name = value` lines align their `=`; a line that opens a multi-line value,
 *    a nested block, a comment or a blank line ends the run.
 * 3. Layout is ours: blank lines around nested blocks, after `count`/`for_each`, and before `tags`,
 *    `depends_on` and `lifecycle`, as the terraform-aws-modules codebases write them.
 */
import type { Attribute, BodyItem, Expr, HclFile } from "./ast.js";

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const MAX_INLINE_LIST = 100;

export function printFile(file: HclFile): string {
  const lines: (Line | null)[] = [];
  pushBody(lines, file.body, 0, true);
  return lines.length > 0 ? `${render(lines)}\n` : "";
}

/** A line with an optional alignable assignment: `lead` is the name, `value` follows ` = `. */
interface Line {
  readonly indent: number;
  readonly lead: string;
  readonly value: string | undefined;
}

/** Every line has the same three fields (one object shape keeps `render` fast). */
const line = (indent: number, lead: string, value?: string): Line => ({ indent, lead, value });

/**
 * Appends a body's lines to `lines` (null is a blank line). Nested blocks go into the same list: every
 * block's content sits between its `{` and `}` lines, which end any run of aligned assignments, so one
 * `render` of the whole file aligns exactly as rendering each body on its own would.
 *
 * Spacing works on units: an attribute or block with the comments and blanks just before it (a trailing
 * run of comments is a unit of its own). The units are walked in place rather than grouped first: this
 * runs for every body of every stack, and the arrays grouping made were a good part of a synth's garbage.
 */
function pushBody(lines: (Line | null)[], items: readonly BodyItem[], indent: number, topLevel: boolean): void {
  const start = lines.length;
  let prevMain: BodyItem | undefined; // the attribute or block that ended the previous unit
  let unitStart = true;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (unitStart) {
      if (prevMain !== undefined && needsBlankBetween(prevMain, item, unitMain(items, i), topLevel)) lines.push(null);
      unitStart = false;
    }
    if (item.kind === "blank") {
      if (lines.length > start && lines[lines.length - 1] !== null) lines.push(null);
    } else if (item.kind === "comment") {
      for (const text of item.text.split("\n")) lines.push(line(indent, text.startsWith("#") ? text : text ? `# ${text}` : "#"));
    } else {
      if (item.kind === "attribute") pushAttribute(lines, item, indent);
      else {
        let header = item.type;
        for (const label of item.labels) header += ` ${quote(label)}`;
        if (item.body.length === 0) {
          lines.push(line(indent, `${header} {}`));
        } else {
          lines.push(line(indent, `${header} {`));
          pushBody(lines, item.body, indent + 1, false);
          lines.push(line(indent, "}"));
        }
      }
      prevMain = item;
      unitStart = true;
    }
  }
  while (lines.length > start && lines[lines.length - 1] === null) lines.pop();
}

/** The item that ends the unit starting at `i`: its attribute or block, or the body's last item. */
function unitMain(items: readonly BodyItem[], i: number): BodyItem {
  for (let j = i; j < items.length; j++) {
    const kind = items[j]!.kind;
    if (kind === "attribute" || kind === "block") return items[j]!;
  }
  return items[items.length - 1]!;
}

/** Whether a blank line separates the unit ended by `prev` from the unit starting with `first` and ended by `cur`. */
function needsBlankBetween(prev: BodyItem, first: BodyItem, cur: BodyItem, topLevel: boolean): boolean {
  if (first.kind === "blank") return false;
  if (topLevel) return true;
  if (prev.kind === "block" || cur.kind === "block") return true;
  if (prev.kind === "attribute" && (prev.name === "count" || prev.name === "for_each")) return true;
  if (cur.kind === "attribute" && (cur.name === "tags" || cur.name === "depends_on")) return true;
  return false;
}

function pushAttribute(lines: (Line | null)[], a: Attribute, indent: number): void {
  const text = printExpr(a.value, indent);
  if (!text.includes("\n")) {
    lines.push(line(indent, a.name, text));
    return;
  }
  const [first, ...rest] = text.split("\n");
  lines.push(line(indent, `${a.name} = ${first}`));
  for (const l of rest) lines.push(line(-1, l));
}

/**
 * Aligns runs of assignments and applies indentation; `indent: -1` lines are already indented. Builds one
 * string by appending (V8 joins the pieces once, when the text is written) with cached padding.
 */
function render(lines: readonly (Line | null)[]): string {
  let out = "";
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as Line | null;
    if (i > 0) out += "\n";
    if (line === null) {
      i++;
      continue;
    }
    if (line.value === undefined) {
      out += line.indent < 0 ? line.lead : pad(line.indent) + line.lead;
      i++;
      continue;
    }
    let j = i;
    let width = 0;
    while (j < lines.length) {
      const l = lines[j];
      if (!l || l.value === undefined) break;
      if (l.lead.length > width) width = l.lead.length;
      j++;
    }
    for (let k = i; k < j; k++) {
      const l = lines[k] as Line;
      if (k > i) out += "\n";
      out += pad(l.indent) + l.lead + spaces(width - l.lead.length) + " = " + l.value;
    }
    i = j;
  }
  return out;
}

const SPACES = Array.from({ length: 64 }, (_, i) => " ".repeat(i));
const spaces = (n: number): string => SPACES[n] ?? " ".repeat(n);
const PADS = Array.from({ length: 16 }, (_, i) => "  ".repeat(i));
const pad = (indent: number): string => PADS[indent] ?? "  ".repeat(indent);

/** Characters that need escaping in a quoted HCL string, and the `${`/`%{` that would start a template. */
const NEEDS_ESCAPE = /[\\"\n\r\t]|[$%]\{/;

export function quote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  return `"${escape(s)
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{")}"`;
}

function escape(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
}

function isComposite(e: Expr): boolean {
  return e.kind === "object" || (e.kind === "list" && e.items.length > 0) || (e.kind === "call" && e.args.some(isComposite));
}

/** Prints an expression that starts on a line indented by `indent`; inner lines are indented one level more. */
export function printExpr(e: Expr, indent: number): string {
  switch (e.kind) {
    case "string":
      return quote(e.value);
    case "template":
      return `"${e.value.replace(/\n/g, "\\n")}"`;
    case "number":
      return String(e.value);
    case "bool":
      return e.value ? "true" : "false";
    case "null":
      return "null";
    case "raw":
      return e.code;
    case "call":
      return `${e.fn}(${e.args.map((a) => printExpr(a, indent)).join(", ")})`;
    case "list": {
      if (e.items.length === 0) return "[]";
      if (!e.items.some(isComposite)) {
        const inline = `[${e.items.map((x) => printExpr(x, indent)).join(", ")}]`;
        if (inline.length <= MAX_INLINE_LIST) return inline;
      }
      const inner = e.items.map((x) => `${pad(indent + 1)}${printExpr(x, indent + 1)},`);
      return `[\n${inner.join("\n")}\n${pad(indent)}]`;
    }
    case "object": {
      if (e.entries.length === 0) return "{}";
      const lines: Line[] = [];
      for (const [key, v] of e.entries) {
        const k = IDENT.test(key) ? key : quote(key);
        const text = printExpr(v, indent + 1);
        if (!text.includes("\n")) lines.push(line(indent + 1, k, text));
        else {
          const [first, ...rest] = text.split("\n");
          lines.push(line(indent + 1, `${k} = ${first}`));
          for (const l of rest) lines.push(line(-1, l));
        }
      }
      return `{\n${render(lines)}\n${pad(indent)}}`;
    }
  }
}
