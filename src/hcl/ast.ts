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

/**
 * Expressions made by the constructors below are instances of one class per kind, all extending
 * `ExprNode`; anything else is a plain value to convert. (A `WeakSet` of them was the first brand: with a
 * million expressions in a large render its ephemeron table cost more garbage collection than printing.)
 */
abstract class ExprNode {}
const isExpr = (v: object): v is Expr => v instanceof ExprNode;

class StringExpr extends ExprNode {
  readonly kind = "string" as const;
  constructor(readonly value: string) {
    super();
  }
}
class TemplateExpr extends ExprNode {
  readonly kind = "template" as const;
  constructor(readonly value: string) {
    super();
  }
}
class RawExpr extends ExprNode {
  readonly kind = "raw" as const;
  constructor(readonly code: string) {
    super();
  }
}
class NumberExpr extends ExprNode {
  readonly kind = "number" as const;
  constructor(readonly value: number) {
    super();
  }
}
class BoolExpr extends ExprNode {
  readonly kind = "bool" as const;
  constructor(readonly value: boolean) {
    super();
  }
}
class NullExpr extends ExprNode {
  readonly kind = "null" as const;
}
class ListExpr extends ExprNode {
  readonly kind = "list" as const;
  constructor(readonly items: readonly Expr[]) {
    super();
  }
}
class ObjectExpr extends ExprNode {
  readonly kind = "object" as const;
  constructor(readonly entries: readonly (readonly [string, Expr])[]) {
    super();
  }
}
class CallExpr extends ExprNode {
  readonly kind = "call" as const;
  constructor(
    readonly fn: string,
    readonly args: readonly Expr[],
  ) {
    super();
  }
}

/** A literal string: `${` and `%{` are escaped so it never interpolates. */
export const str = (value: string): Expr => new StringExpr(value);
/** A quoted string whose `${…}` interpolations are kept: `tpl("${var.name}-alb")`. */
export const tpl = (value: string): Expr => new TemplateExpr(value);
/** An expression printed as written: a reference (`var.vpc_id`) or an operator expression. */
export const raw = (code: string): Expr => new RawExpr(code);
export const num = (value: number): Expr => new NumberExpr(value);
export const bool = (value: boolean): Expr => new BoolExpr(value);
export const nul: Expr = new NullExpr();
export const list = (items: readonly Value[]): Expr => new ListExpr(items.map(value));
export const obj = (entries: { readonly [key: string]: Value | undefined }): Expr => {
  const out: (readonly [string, Expr])[] = [];
  for (const k in entries) {
    if (!Object.hasOwn(entries, k)) continue;
    const v = entries[k];
    if (v !== undefined) out.push([k, value(v)]);
  }
  return new ObjectExpr(out);
};
export const call = (fn: string, ...args: Value[]): Expr => new CallExpr(fn, args.map(value));
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
  return flatten(items, []);
}

/** Appends the items (nested lists flattened, left-out ones skipped) to `out`, with no array per level. */
function flatten(items: readonly BodyInput[], out: BodyItem[]): BodyItem[] {
  for (const item of items) {
    if (!item) continue;
    if (Array.isArray(item)) flatten(item as readonly BodyInput[], out);
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
  const out: Attribute[] = [];
  for (const k in entries) {
    if (!Object.hasOwn(entries, k)) continue;
    const v = entries[k];
    if (v !== undefined) out.push(attr(k, v));
  }
  return out;
}

export const resource = (type: string, name: string, items: readonly BodyInput[]): Block => block("resource", [type, name], items);
export const data = (type: string, name: string, items: readonly BodyInput[]): Block => block("data", [type, name], items);
