/**
 * The HCL syntax tree berth renders into: blocks, attributes and expressions.
 * Knows nothing about berth or AWS; `print.ts` turns it into `terraform fmt`-clean text.
 */

export type Expr =
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "template"; readonly value: string }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "null" }
  | { readonly kind: "raw"; readonly code: string }
  | { readonly kind: "list"; readonly items: readonly Expr[] }
  | { readonly kind: "object"; readonly entries: readonly (readonly [string, Expr])[] }
  | { readonly kind: "call"; readonly fn: string; readonly args: readonly Expr[] };

export interface Attribute {
  readonly kind: "attribute";
  readonly name: string;
  readonly value: Expr;
}

export interface Block {
  readonly kind: "block";
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: readonly BodyItem[];
}

export interface Comment {
  readonly kind: "comment";
  readonly text: string;
}

export interface Blank {
  readonly kind: "blank";
}

export type BodyItem = Attribute | Block | Comment | Blank;

export interface HclFile {
  readonly name: string;
  readonly body: readonly BodyItem[];
}

/** A plain value that `value()` turns into an expression; `Expr` objects pass through. */
export type Value = string | number | boolean | null | Expr | readonly Value[] | { readonly [key: string]: Value | undefined };

/** Expressions made by the constructors below; anything else is a plain value to convert. */
const EXPRS = new WeakSet<object>();
function mk<T extends Expr>(e: T): T {
  EXPRS.add(e);
  return e;
}
const isExpr = (v: object): v is Expr => EXPRS.has(v);

/** A literal string: `${` and `%{` are escaped so it never interpolates. */
export const str = (value: string): Expr => mk({ kind: "string", value });
/** A quoted string whose `${…}` interpolations are kept: `tpl("${var.name}-alb")`. */
export const tpl = (value: string): Expr => mk({ kind: "template", value });
/** An expression printed as written: a reference (`var.vpc_id`) or an operator expression. */
export const raw = (code: string): Expr => mk({ kind: "raw", code });
export const num = (value: number): Expr => mk({ kind: "number", value });
export const bool = (value: boolean): Expr => mk({ kind: "bool", value });
export const nul: Expr = mk({ kind: "null" });
export const list = (items: readonly Value[]): Expr => mk({ kind: "list", items: items.map(value) });
export const obj = (entries: { readonly [key: string]: Value | undefined }): Expr =>
  mk({
    kind: "object",
    entries: Object.entries(entries)
      .filter((e): e is [string, Value] => e[1] !== undefined)
      .map(([k, v]) => [k, value(v)] as const),
  });
export const call = (fn: string, ...args: Value[]): Expr => mk({ kind: "call", fn, args: args.map(value) });
export const jsonencode = (v: Value): Expr => call("jsonencode", v);

/** Turns a plain JS value into an expression; strings become literal strings. */
export function value(v: Value): Expr {
  if (v === null) return nul;
  if (typeof v === "string") return str(v);
  if (typeof v === "number") return num(v);
  if (typeof v === "boolean") return bool(v);
  if (Array.isArray(v)) return list(v as readonly Value[]);
  if (isExpr(v)) return v;
  return obj(v as { readonly [key: string]: Value | undefined });
}

export const attr = (name: string, v: Value): Attribute => ({ kind: "attribute", name, value: value(v) });
export const comment = (text: string): Comment => ({ kind: "comment", text });
export const blank: Blank = { kind: "blank" };

/** Body items may be left out with `false`/`undefined`/`null`, so renderers can write `cond && attr(…)`. */
export type BodyInput = BodyItem | readonly BodyInput[] | false | undefined | null;

export function body(items: readonly BodyInput[]): BodyItem[] {
  const out: BodyItem[] = [];
  for (const item of items) {
    if (!item) continue;
    if (Array.isArray(item)) out.push(...body(item));
    else out.push(item as BodyItem);
  }
  return out;
}

export const block = (type: string, labels: readonly string[], items: readonly BodyInput[]): Block => ({
  kind: "block",
  type,
  labels,
  body: body(items),
});

/** Attributes from an object, in its key order, skipping `undefined`. */
export function attrs(entries: { readonly [key: string]: Value | undefined }): Attribute[] {
  return Object.entries(entries)
    .filter((e): e is [string, Value] => e[1] !== undefined)
    .map(([k, v]) => attr(k, v));
}

export const resource = (type: string, name: string, items: readonly BodyInput[]): Block => block("resource", [type, name], items);
export const data = (type: string, name: string, items: readonly BodyInput[]): Block => block("data", [type, name], items);
