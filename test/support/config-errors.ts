/** What a config that fails model resolution reports: the lines of its ConfigError, one issue per line. */
import { expect } from "vitest";
import { validateConfig } from "../../src/config/validate.js";
import { ConfigError } from "../../src/errors.js";
import { resolveModel } from "../../src/model/resolve.js";

export function modelErrors(raw: unknown): string[] {
  try {
    resolveModel(validateConfig(raw));
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message.split("\n");
  }
  throw new Error("expected a ConfigError");
}

/** The whole report of a config that fails model resolution: each issue at its path, its hint on the next line. */
export function modelReport(raw: unknown): string {
  try {
    resolveModel(validateConfig(raw));
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).report();
  }
  throw new Error("expected a ConfigError");
}
