/** `--stack` and `--region`: which stacks a run acts on. */
import { describe, expect, it } from "vitest";
import { testStack } from "../../test/support/stack.js";
import { UsageError } from "../errors.js";
import { selectStacks } from "./select.js";

const stacks = [
  testStack({ id: "network", env: "prod", region: "us-east-1" }),
  testStack({ id: "service-api", env: "prod", region: "us-east-1" }),
  testStack({ id: "network", env: "prod", region: "us-west-2" }),
  testStack({ id: "service-api", env: "prod", region: "us-west-2" }),
];
const paths = (list: readonly { path: string }[]) => list.map((s) => s.path);

describe("selectStacks", () => {
  it("keeps one region's stacks with --region, and narrows them further with --stack", () => {
    expect(paths(selectStacks(stacks, [], "us-west-2"))).toEqual(["prod/us-west-2/network", "prod/us-west-2/service-api"]);
    expect(paths(selectStacks(stacks, ["service-*"], "us-east-1"))).toEqual(["prod/us-east-1/service-api"]);
    expect(paths(selectStacks(stacks, ["service-*"]))).toEqual(["prod/us-east-1/service-api", "prod/us-west-2/service-api"]);
  });

  it("refuses a region without stacks, listing the regions there are", () => {
    expect(() => selectStacks(stacks, [], "eu-west-1")).toThrow(UsageError);
    try {
      selectStacks(stacks, [], "eu-west-1");
    } catch (e) {
      expect((e as UsageError).message).toBe("--region eu-west-1 matches no stack");
      expect((e as UsageError).hint).toBe("regions: us-east-1, us-west-2");
    }
  });
});
