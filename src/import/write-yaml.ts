/** Writes an imported config as `berth.yaml`, with a `#` comment above each value that was derived, must be set, or could not be mapped. */
import { Document, isMap, isScalar, isSeq, type Node, type Pair } from "yaml";
import { compareText } from "../model/text-order.js";

export interface YamlWriteOptions {
  readonly header: readonly string[];
  readonly comments: ReadonlyMap<string, readonly string[]>;
}

export function writeYaml(config: Record<string, unknown>, opts: YamlWriteOptions): string {
  const doc = new Document(config);
  doc.commentBefore = opts.header.map((l) => (l ? ` ${l}` : "")).join("\n");
  for (const [encoded, texts] of [...opts.comments].sort(([a], [b]) => compareText(a, b))) {
    const path = JSON.parse(encoded) as (string | number)[];
    const text = texts
      .flatMap((t) => t.split("\n"))
      .map((t) => ` ${t}`)
      .join("\n");
    const target = commentTarget(doc, path);
    if (target) target.commentBefore = target.commentBefore ? `${target.commentBefore}\n${text}` : text;
    else doc.commentBefore = `${doc.commentBefore}\n${text}`;
  }
  return doc.toString({ lineWidth: 0 });
}

/** The node a path's comment sits on: the key of a map entry, or the item of a list. */
function commentTarget(doc: Document, path: readonly (string | number)[]): { commentBefore?: string | null } | undefined {
  if (path.length === 0) return undefined;
  const parent = path.length === 1 ? doc.contents : (doc.getIn(path.slice(0, -1), true) as Node | undefined);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p: Pair) => (isScalar(p.key) ? p.key.value : p.key) === last);
    return pair && isScalar(pair.key) ? pair.key : undefined;
  }
  if (isSeq(parent) && typeof last === "number") {
    const item = parent.items[last];
    return item && typeof item === "object" ? (item as { commentBefore?: string | null }) : undefined;
  }
  return undefined;
}
