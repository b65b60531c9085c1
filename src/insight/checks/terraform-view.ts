/**
 * The rendered Terraform of an environment as rules read it: every resource with its stack, file, line
 * in the printed file, and its attributes and nested blocks as plain values where they are literals.
 */
import type { Block, BodyItem, Expr } from "../../hcl/index.js";
import { stackFiles } from "../../terraform/render.js";
import type { Stack } from "../../terraform/stack.js";

export type Literal = string | number | boolean | null | Literal[] | { [k: string]: Literal } | { readonly expr: string };

export interface TfResource {
  readonly stack: string;
  /** `<env>/<region>/<stack>/<file>`. */
  readonly file: string;
  readonly line: number;
  readonly type: string;
  readonly name: string;
  readonly block: Block;
}

/** A literal value of an expression; references and calls other than `jsonencode` become `{ expr }`. */
export function literal(e: Expr): Literal {
  switch (e.kind) {
    case "string":
    case "template":
      return e.value;
    case "number":
    case "bool":
      return e.value;
    case "null":
      return null;
    case "list":
      return e.items.map(literal);
    case "object":
      return Object.fromEntries(e.entries.map(([k, v]) => [k, literal(v)]));
    case "call":
      return e.fn === "jsonencode" && e.args[0] ? literal(e.args[0]) : { expr: `${e.fn}(…)` };
    case "raw":
      return { expr: e.code };
  }
}

export function attribute(b: Block, name: string): Literal | undefined {
  const a = b.body.find((i): i is Extract<BodyItem, { kind: "attribute" }> => i.kind === "attribute" && i.name === name);
  return a ? literal(a.value) : undefined;
}

export function nested(b: Block, type: string): Block[] {
  return b.body.filter((i): i is Block => i.kind === "block" && i.type === type);
}

export class TerraformView {
  readonly resources: readonly TfResource[];

  constructor(stacks: readonly Stack[]) {
    const out: TfResource[] = [];
    for (const stack of stacks) {
      const printed = new Map(stackFiles(stack));
      for (const f of stack.files) {
        const text = printed.get(f.name) ?? "";
        const lines = text.split("\n");
        for (const item of f.body) {
          if (item.kind !== "block" || item.type !== "resource") continue;
          const [type, name] = item.labels as [string, string];
          const line = lines.findIndex((l) => l.startsWith(`resource "${type}" "${name}"`)) + 1;
          out.push({ stack: stack.id, file: `${stack.path}/${f.name}`, line: Math.max(line, 1), type, name, block: item });
        }
      }
    }
    this.resources = out;
  }

  ofType(type: string, stack?: string): TfResource[] {
    return this.resources.filter((r) => r.type === type && (stack === undefined || r.stack === stack));
  }

  find(stack: string, type: string, name?: string): TfResource | undefined {
    return this.resources.find((r) => r.stack === stack && r.type === type && (name === undefined || r.name === name));
  }
}
