import { describe, expect, it } from "vitest";
import { splitTasks } from "./capacity-split.js";

describe("splitTasks", () => {
  it("gives the base to its provider, then shares the rest by weight", () => {
    const s = splitTasks(10, [
      { provider: "FARGATE", base: 2, weight: 1 },
      { provider: "FARGATE_SPOT", base: 0, weight: 3 },
    ]);
    expect(s.get("FARGATE")).toBe(4);
    expect(s.get("FARGATE_SPOT")).toBe(6);
  });
  it("never gives more than the tasks to the base", () => {
    const s = splitTasks(1, [
      { provider: "FARGATE", base: 20, weight: 50 },
      { provider: "FARGATE_SPOT", base: 0, weight: 50 },
    ]);
    expect([s.get("FARGATE"), s.get("FARGATE_SPOT")]).toEqual([1, 0]);
  });
});
