/** Queries over rendered HCL syntax trees, so renderer tests assert facts ("the ASG spans these subnets"), not text. */
import type { Block, BodyItem, Expr, HclFile } from "../../src/hcl/index.js";

type Source = readonly HclFile[] | { readonly files: readonly HclFile[] };

const filesOf = (src: Source): readonly HclFile[] => ("files" in src ? src.files : src);
const blocksIn = (body: readonly BodyItem[]): Block[] => body.filter((i): i is Block => i.kind === "block");

/** Top-level blocks of a type whose labels start with `labels`: `findBlocks(files, "resource", "aws_lb")`. */
export function findBlocks(src: Source, type: string, ...labels: string[]): Block[] {
  return filesOf(src).flatMap((f) => blocksIn(f.body).filter((b) => b.type === type && labels.every((l, i) => b.labels[i] === l)));
}

/** The one top-level block with exactly these labels: `findBlock(files, "resource", "aws_lb", "internal")`. */
export function findBlock(src: Source, type: string, ...labels: string[]): Block {
  const found = findBlocks(src, type, ...labels).filter((b) => b.labels.length === labels.length);
  if (found.length !== 1) throw new Error(`expected one ${[type, ...labels].join(".")}, found ${found.length}`);
  return found[0] as Block;
}

/** The file that holds a top-level block, by name. */
export function fileOf(src: Source, block: Block): string | undefined {
  return filesOf(src).find((f) => f.body.includes(block))?.name;
}

/** Nested blocks of a type, in order: `nested(lt, "metadata_options")`. */
export function nested(block: Block, type: string): Block[] {
  return blocksIn(block.body).filter((b) => b.type === type);
}

/** The one nested block of a type. */
export function child(block: Block, type: string): Block {
  const found = nested(block, type);
  if (found.length !== 1) throw new Error(`expected one ${type} block in ${block.labels.join(".")}, found ${found.length}`);
  return found[0] as Block;
}

/** An attribute's expression, or undefined when the block does not set it. */
export function attrExpr(block: Block, name: string): Expr | undefined {
  for (const item of block.body) if (item.kind === "attribute" && item.name === name) return item.value;
  return undefined;
}

/** Names of the attributes a block sets, in order. */
export function attrNames(block: Block): string[] {
  return block.body.flatMap((i) => (i.kind === "attribute" ? [i.name] : []));
}

export type Js = string | number | boolean | null | { readonly raw: string } | { readonly call: string; readonly args: Js[] } | Js[] | { [key: string]: Js };

/**
 * An expression as plain data: literals and templates as their JS value (templates keep `${…}`),
 * references as `{ raw }`, function calls as `{ call, args }`.
 */
export function toJs(e: Expr): Js {
  switch (e.kind) {
    case "string":
    case "template":
      return e.value;
    case "number":
    case "bool":
      return e.value;
    case "null":
      return null;
    case "raw":
      return { raw: e.code };
    case "list":
      return e.items.map(toJs);
    case "object":
      return Object.fromEntries(e.entries.map(([k, v]) => [k, toJs(v)]));
    case "call":
      return { call: e.fn, args: e.args.map(toJs) };
  }
}

/** An attribute as plain data (see `toJs`); throws when the block does not set it. */
export function attrValue(block: Block, name: string): Js {
  const e = attrExpr(block, name);
  if (!e) throw new Error(`${block.labels.join(".")} sets no "${name}"; it sets ${attrNames(block).join(", ")}`);
  return toJs(e);
}

/** The document inside a `jsonencode(…)` attribute, as plain data. */
export function jsonAttr(block: Block, name: string): Js {
  const e = attrExpr(block, name);
  if (!e || e.kind !== "call" || e.fn !== "jsonencode") throw new Error(`${block.labels.join(".")}.${name} is not jsonencode(…)`);
  return toJs(e.args[0] as Expr);
}
