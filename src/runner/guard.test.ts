/** Safety gates: typed confirmation for prod, --yes for CI, --allow-destroy; and the two-stage Ctrl-C. */
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { confirmChange, requireAllowDestroy } from "./guard.js";
import { handleInterrupts } from "./interrupts.js";

describe("confirmChange", () => {
  it("passes with --yes, or when the user types the environment's name", async () => {
    await expect(confirmChange("prod", "prod", "applying 2 saved plans", { yes: true })).resolves.toBeUndefined();
    const asked: string[] = [];
    const ask = async (q: string) => (asked.push(q), "prod\n");
    await expect(confirmChange("prod", "prod", "applying 2 saved plans", { ask })).resolves.toBeUndefined();
    expect(asked).toEqual(['applying 2 saved plans in the prod-tier environment prod. Type "prod" to continue: ']);
  });

  it("refuses anything else, and without a terminal asks for --yes", async () => {
    await expect(confirmChange("prod", "prod", "x", { ask: async () => "y" })).rejects.toThrow(
      'not confirmed (typed "y", expected "prod"); nothing was changed',
    );
    const e = await confirmChange("prod", "prod", "x", {}).catch((e: unknown) => e);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).hint).toMatch(/--yes/);
  });
});

describe("requireAllowDestroy", () => {
  it("throws a user error unless --allow-destroy", () => {
    expect(() => requireAllowDestroy("prod", "destroying 4 stacks", {})).toThrow(/never destroys in prod without --allow-destroy/);
    expect(() => requireAllowDestroy("prod", "destroying 4 stacks", { allowDestroy: true })).not.toThrow();
  });
});

describe("handleInterrupts", () => {
  it("aborts gracefully on the first SIGINT, hard on the second, and stops listening when disposed", () => {
    const proc = new EventEmitter() as unknown as NodeJS.Process;
    const notes: string[] = [];
    const i = handleInterrupts((m) => notes.push(m), proc);
    proc.emit("SIGINT");
    expect([i.signal.aborted, i.hardSignal.aborted]).toEqual([true, false]);
    proc.emit("SIGINT");
    expect(i.hardSignal.aborted).toBe(true);
    expect(notes.map((n) => n.split(":")[0])).toEqual(["interrupted", "aborting"]);
    i.dispose();
    expect((proc as unknown as EventEmitter).listenerCount("SIGINT")).toBe(0);
  });
});
