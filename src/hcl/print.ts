/**
 * Prints the HCL syntax tree as text that `terraform fmt` leaves unchanged.
 *
 * The rules follow hclwrite's formatter:
 * 1. Two spaces of indent per line that opens brackets, however many it opens (`jsonencode({` is one level).
 * 2. Consecutive single-line `name = value` lines align their `=`; a line that opens a multi-line value,
 *    a nested block, a comment or a blank line ends the run.
 * 3. Layout is ours: blank lines around nested blocks, after `count`/`for_each`, and before `tags`,
 *    `depends_on` and `lifecycle`, as the terraform-aws-modules codebases write them.
 *
 * The text is built as a list of pieces joined once per file (and once per multi-line value): appending
 * to one string makes V8 keep a tree of every piece until the text is written, and a large synth's
 * garbage was mostly those trees.
 */
import type { Attribute, BodyItem, Expr, HclFile } from "./ast.js";

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const MAX_INLINE_LIST = 100;

export function printFile(file: HclFile): string {
  const out = new Printer();
  out.body(file.body, 0, true);
  return out.text();
}

/**
 * Writes lines into a list of pieces. A run of single-line assignments is held back until it ends, so
 * their `=` can be aligned; a blank line is held back until the next line of the same body, so a body
 * never ends (or starts) with one and never has two in a row.
 */
class Printer {
  private readonly parts: string[] = [];
  /** The pending run of single-line assignments. */
  private readonly run = new AlignedRun();
  private blankPending = false;

  text(): string {
    this.run.end(this.parts);
    return this.parts.join("");
  }

  /** Appends a body's lines; `topLevel` puts a blank line between every two items. */
  body(items: readonly BodyItem[], indent: number, topLevel: boolean): void {
    this.blankPending = false;
    let wrote = false; // a line of this body has been written (or is pending in the run)
    let prevMain: BodyItem | undefined; // the attribute or block that ended the previous unit
    let unitStart = true;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (unitStart) {
        if (prevMain !== undefined && needsBlankBetween(prevMain, item, unitMain(items, i), topLevel)) this.blank();
        unitStart = false;
      }
      if (item.kind === "blank") {
        if (wrote) this.blank();
        continue;
      }
      wrote = true;
      if (item.kind === "comment") {
        for (const text of item.text.split("\n")) this.line(indent, text.startsWith("#") ? text : text ? `# ${text}` : "#");
        continue;
      }
      if (item.kind === "attribute") this.attribute(item, indent);
      else {
        let header = item.type;
        for (const label of item.labels) header += ` ${quote(label)}`;
        if (item.body.length === 0) this.line(indent, `${header} {}`);
        else {
          this.line(indent, `${header} {`);
          this.body(item.body, indent + 1, false);
          this.blankPending = false;
          this.line(indent, "}");
        }
      }
      prevMain = item;
      unitStart = true;
    }
    this.blankPending = false;
  }

  private attribute(a: Attribute, indent: number): void {
    const text = printExpr(a.value, indent);
    if (text.includes("\n")) this.line(indent, `${a.name} = ${text}`);
    else {
      this.flushBlank();
      this.run.add(pad(indent), a.name, text);
    }
  }

  /** A line that is not an alignable assignment: it ends the pending run. */
  private line(indent: number, text: string): void {
    this.run.end(this.parts);
    this.flushBlank();
    this.parts.push(pad(indent), text, "\n");
  }

  private blank(): void {
    this.run.end(this.parts);
    this.blankPending = true;
  }

  private flushBlank(): void {
    if (!this.blankPending) return;
    this.run.end(this.parts);
    this.parts.push("\n");
    this.blankPending = false;
  }
}

/** Single-line `name = value` lines (of a body or an object), held until the run ends so their `=` align. */
class AlignedRun {
  private readonly names: string[] = [];
  private readonly values: string[] = [];
  /** The indent of the run's lines (that of its first). */
  private indent = "";

  add(indent: string, name: string, value: string): void {
    if (this.names.length === 0) this.indent = indent;
    this.names.push(name);
    this.values.push(value);
  }

  /** Appends the run's lines to `parts`, aligned, and starts a new run. */
  end(parts: string[]): void {
    const names = this.names;
    if (names.length === 0) return;
    let width = 0;
    for (const n of names) if (n.length > width) width = n.length;
    for (let k = 0; k < names.length; k++) {
      const name = names[k]!;
      parts.push(this.indent, name, spaces(width - name.length), " = ", this.values[k]!, "\n");
    }
    names.length = 0;
    this.values.length = 0;
  }
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
    case "call": {
      if (e.args.length === 1) return `${e.fn}(${printExpr(e.args[0]!, indent)})`;
      return `${e.fn}(${e.args.map((a) => printExpr(a, indent)).join(", ")})`;
    }
    case "list":
      return printList(e.items, indent);
    case "object":
      return printObject(e.entries, indent);
  }
}

function printList(items: readonly Expr[], indent: number): string {
  if (items.length === 0) return "[]";
  if (!items.some(isComposite)) {
    const inline = `[${items.map((x) => printExpr(x, indent)).join(", ")}]`;
    if (inline.length <= MAX_INLINE_LIST) return inline;
  }
  const inner = pad(indent + 1);
  const parts = ["[\n"];
  for (const x of items) parts.push(inner, printExpr(x, indent + 1), ",\n");
  parts.push(pad(indent), "]");
  return parts.join("");
}

/** An object's entries, one per line, single-line runs aligned on `=` as in a body. */
function printObject(entries: readonly (readonly [string, Expr])[], indent: number): string {
  if (entries.length === 0) return "{}";
  const inner = pad(indent + 1);
  const parts = ["{\n"];
  const run = new AlignedRun();
  for (const [key, v] of entries) {
    const k = IDENT.test(key) ? key : quote(key);
    const text = printExpr(v, indent + 1);
    if (text.includes("\n")) {
      run.end(parts);
      parts.push(inner, k, " = ", text, "\n");
    } else run.add(inner, k, text);
  }
  run.end(parts);
  parts.push(pad(indent), "}");
  return parts.join("");
}
