/** Small synthetic stacks and folder helpers for the writer's tests. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { attr, block, resource } from "../../src/hcl/index.js";
import type { Stack } from "../../src/terraform/stack.js";
import { testStack } from "./stack.js";

/** Stacks of one environment in eu-west-1: `network` plus one `service-<name>` per name; `cidr` changes network's content. */
export function stacksOf(env: string, services: readonly string[], cidr = "10.0.0.0/16"): Stack[] {
  const at = { env, region: "eu-west-1" };
  return [
    testStack({ ...at, id: "network", files: [{ name: "vpc.tf", body: [resource("aws_vpc", "this", [attr("cidr_block", cidr)])] }, versions()] }),
    ...services.map((s) =>
      testStack({
        ...at,
        id: `service-${s}`,
        kind: "service",
        files: [{ name: "service.tf", body: [resource("aws_ecs_service", "this", [attr("name", s)])] }, versions()],
      }),
    ),
  ];
}

const versions = () => ({ name: "versions.tf", body: [block("terraform", [], [attr("required_version", ">= 1.10")])] });

export const tempDir = (): string => mkdtempSync(join(tmpdir(), "berth-write-"));

export function put(root: string, rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

export const read = (root: string, rel: string): string => readFileSync(join(root, rel), "utf8");

/** Every file below `root` (relative, sorted), `.berth*` entries included. */
export function tree(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(root, join(d.parentPath, d.name)))
    .sort();
}

/** File → modification time in ns, to show which files a write touched. */
export function mtimes(root: string): Map<string, bigint> {
  return new Map(tree(root).map((f) => [f, statSync(join(root, f), { bigint: true }).mtimeNs]));
}
