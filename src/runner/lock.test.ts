/** Lock errors: terraform's "Error acquiring the state lock" becomes a message with the id, holder and fix. */
import { describe, expect, it } from "vitest";
import { TerraformError } from "../errors.js";
import { explainLock, parseLockError, StateLockedError } from "./lock.js";

const STDERR = `Error: Error acquiring the state lock

Error message: operation error S3: PutObject, https response error StatusCode: 412, PreconditionFailed
Lock Info:
  ID:        5a0c8f0e-7d6e-2f44-9b1b-2c9f1d3e4a5b
  Path:      shop-terraform-state/shop/prod/eu-west-1/platform.tfstate
  Operation: OperationTypePlan
  Who:       alice@laptop
  Version:   1.10.5
  Created:   2026-03-02 09:15:00.1 +0000 UTC
  Info:

Terraform acquires a state lock to protect the state from being written
by multiple users at the same time.`;

describe("parseLockError", () => {
  it("reads the lock id, holder, operation and time", () => {
    expect(parseLockError(STDERR)).toEqual({
      id: "5a0c8f0e-7d6e-2f44-9b1b-2c9f1d3e4a5b",
      who: "alice@laptop",
      operation: "OperationTypePlan",
      created: "2026-03-02 09:15:00.1 +0000 UTC",
    });
  });

  it("ignores other errors", () => {
    expect(parseLockError("Error: No value for required variable\n  ID: x")).toBeUndefined();
  });
});

describe("explainLock", () => {
  it("turns a lock failure into a message with the release command, and passes other errors through", () => {
    const e = explainLock(new TerraformError("prod/eu-west-1/platform", "plan", 1, STDERR), "prod/eu-west-1/platform", "/w/platform", "terraform");
    expect(e).toBeInstanceOf(StateLockedError);
    expect((e as Error).message).toBe(
      "the state of stack prod/eu-west-1/platform is locked by alice@laptop for plan since 2026-03-02 09:15:00.1 +0000 UTC (lock id 5a0c8f0e-7d6e-2f44-9b1b-2c9f1d3e4a5b).\n" +
        "  If that run is still going, wait for it. If it died, release the lock:\n" +
        "    terraform -chdir=/w/platform force-unlock 5a0c8f0e-7d6e-2f44-9b1b-2c9f1d3e4a5b",
    );
    const other = new TerraformError("s", "plan", 1, "Error: boom");
    expect(explainLock(other, "s", "/w", "terraform")).toBe(other);
  });
});
