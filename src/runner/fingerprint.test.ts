/** Fingerprints and the stack helpers around them: stable over key order, sensitive to files and inputs; selection. */
import { describe, expect, it } from "vitest";
import { attrs, resource } from "../hcl/index.js";
import type { Stack } from "../terraform/stack.js";
import { testStack } from "../../test/support/stack.js";
import { stackFiles } from "../terraform/render.js";
import { canonicalJson, filesHash, fingerprint } from "./fingerprint.js";
import { selectStacks } from "./select.js";

const stack = (id: string, input = "a"): Stack =>
  testStack({ id, env: "staging", region: "eu-west-1", files: [{ name: "main.tf", body: [resource("terraform_data", "this", [attrs({ input })])] }] });

describe("fingerprint", () => {
  it("is independent of key order and changes with files or variables", () => {
    const f = filesHash(stackFiles(stack("network")));
    expect(canonicalJson({ b: [{ y: 1, x: 2 }], a: 1 })).toBe('{"a":1,"b":[{"x":2,"y":1}]}');
    expect(fingerprint(f, { a: 1, b: { c: 2, d: 3 } })).toBe(fingerprint(f, { b: { d: 3, c: 2 }, a: 1 }));
    expect(fingerprint(f, { a: 1 })).not.toBe(fingerprint(f, { a: 2 }));
    expect(filesHash(stackFiles(stack("network", "b")))).not.toBe(f);
    expect(filesHash(stackFiles(stack("network")))).toBe(f);
  });
});

describe("selectStacks", () => {
  const all = [stack("network"), stack("platform"), stack("service-api"), stack("service-web")];
  it("matches ids or paths with globs", () => {
    expect(selectStacks(all, ["service-*"]).map((s) => s.id)).toEqual(["service-api", "service-web"]);
    expect(selectStacks(all, ["staging/*/platform", "network"]).map((s) => s.id)).toEqual(["network", "platform"]);
    expect(selectStacks(all).length).toBe(4);
  });
  it("fails with the list of stacks when nothing matches", () => {
    expect(() => selectStacks(all, ["servce-*"])).toThrow(/--stack servce-\* matches no stack/);
  });
});
