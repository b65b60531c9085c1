/**
 * Where a stack keeps its state, read from the `backend` block of its rendered files: the S3 bucket,
 * key and region (beside which berth keeps the stack's apply record), or a local backend.
 */
import type { BodyItem } from "../hcl/index.js";
import type { Stack } from "../terraform/stack.js";

export type StackBackend =
  | { readonly kind: "s3"; readonly bucket: string; readonly key: string; readonly region: string; readonly lockTable?: string }
  | { readonly kind: "local" };

export function stackBackend(stack: Stack): StackBackend {
  for (const file of stack.files) {
    for (const top of file.body) {
      if (top.kind !== "block" || top.type !== "terraform") continue;
      for (const b of top.body) {
        if (b.kind !== "block" || b.type !== "backend") continue;
        if (b.labels[0] !== "s3") return { kind: "local" };
        const bucket = stringAttr(b.body, "bucket");
        const key = stringAttr(b.body, "key");
        const region = stringAttr(b.body, "region");
        if (!bucket || !key || !region) throw new Error(`bug: stack ${stack.path} has an s3 backend without bucket, key or region`);
        return { kind: "s3", bucket, key, region, lockTable: stringAttr(b.body, "dynamodb_table") };
      }
    }
  }
  return { kind: "local" };
}

function stringAttr(body: readonly BodyItem[], name: string): string | undefined {
  const a = body.find((i) => i.kind === "attribute" && i.name === name);
  return a?.kind === "attribute" && a.value.kind === "string" ? a.value.value : undefined;
}
