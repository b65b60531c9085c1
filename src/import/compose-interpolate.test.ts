import { describe, expect, it } from "vitest";
import { interpolate, parseEnvFile } from "./compose-interpolate.js";

const vars = { SET: "v", EMPTY: "", PORT: "8080" };

describe("interpolate (Compose Specification)", () => {
  it.each([
    ["plain", "plain"],
    ["$SET-x", "v-x"],
    ["${SET}", "v"],
    ["$$SET", "$SET"],
    ["${MISSING:-d}", "d"],
    ["${EMPTY:-d}", "d"],
    ["${EMPTY-d}", ""],
    ["${MISSING-d}", "d"],
    ["${SET:+alt}", "alt"],
    ["${EMPTY:+alt}", ""],
    ["${EMPTY+alt}", "alt"],
    ["${MISSING+alt}", ""],
    ["${MISSING:-${PORT}}", "8080"],
    ["http://${MISSING:-localhost}:${PORT}/x", "http://localhost:8080/x"],
    ["cost $ 5", "cost $ 5"],
  ])("%s → %s", (input, expected) => {
    expect(interpolate(input, vars).value).toBe(expected);
  });

  it("lists unset variables without a default", () => {
    expect(interpolate("${NOPE}/$ALSO_NOPE/${SET}", vars)).toEqual({ value: "/" + "/v", unset: ["NOPE", "ALSO_NOPE"] });
  });

  it("fails on required variables and bad syntax", () => {
    expect(() => interpolate("${MISSING:?set MISSING}", vars)).toThrow(/required variable MISSING is missing a value: set MISSING/);
    expect(() => interpolate("${EMPTY:?needed}", vars)).toThrow(/EMPTY/);
    expect(interpolate("${EMPTY?needed}", vars).value).toBe("");
    expect(() => interpolate("${SET", vars)).toThrow(/without its/);
    expect(() => interpolate("${SET*x}", vars)).toThrow(/unknown modifier/);
  });
});

describe("parseEnvFile", () => {
  it("reads KEY=VALUE lines, comments, export and quotes", () => {
    expect(parseEnvFile("# c\nA=1\nexport B = two\nC=\"x # y\"\nD=plain # comment\n\nE='q'\nbad line\n")).toEqual({
      A: "1",
      B: "two",
      C: "x # y",
      D: "plain",
      E: "q",
    });
  });
});
