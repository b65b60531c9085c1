/** The state bucket's region is decided once per project: set, shared by every environment, or refused as ambiguous. */
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "./resolve.js";
import { modelErrors } from "../../test/support/config-errors.js";

type Raw = Record<string, unknown>;
const config = (environments: Raw, state?: Raw): Raw => ({
  project: "shop",
  ...(state ? { state } : {}),
  services: { api: { port: 8080 } },
  environments,
});
const stateOf = (raw: Raw, env?: string) => Object.fromEntries(resolveModel(validateConfig(raw), { env }).environments.map((e) => [e.name, e.state]));

describe("the state backend", () => {
  const twoRegions = { "prod-eu": { tier: "prod", region: "eu-west-1" }, "prod-de": { tier: "prod", region: "eu-central-1" } };

  it("keeps the one region every environment shares", () => {
    const states = stateOf(config({ staging: { tier: "staging", region: "ap-south-1" }, prod: { tier: "prod", region: "ap-south-1" } }));
    expect(Object.values(states).map((s) => s.region)).toEqual(["ap-south-1", "ap-south-1"]);
    expect(states.prod).toEqual({ bucket: "shop-terraform-state", region: "ap-south-1", lockTable: undefined, keyPrefix: "shop/prod/ap-south-1" });
  });

  it("names the copy of the bucket and the replication role with state.replicateTo, and refuses the bucket's own region", () => {
    const states = stateOf(config({ prod: { tier: "prod", region: "us-east-1" } }, { replicateTo: "us-west-2" }));
    expect(states.prod!.replica).toEqual({ bucket: "shop-terraform-state-us-west-2", region: "us-west-2", roleName: "shop-terraform-state-replication" });
    expect(modelErrors(config({ prod: { tier: "prod", region: "us-east-1" } }, { replicateTo: "us-east-1" }))).toContainEqual(
      expect.stringContaining("state.replicateTo: the state bucket is in us-east-1 already"),
    );
  });

  it("puts one bucket in one region for environments in several regions: state.region, for every environment", () => {
    const states = stateOf(config(twoRegions, { region: "eu-central-1" }));
    expect(states).toMatchObject({
      "prod-de": { bucket: "shop-terraform-state", region: "eu-central-1", keyPrefix: "shop/prod-de/eu-central-1" },
      "prod-eu": { bucket: "shop-terraform-state", region: "eu-central-1", keyPrefix: "shop/prod-eu/eu-west-1" },
    });
  });

  it("refuses to guess the region when environments are in several regions, also for one selected environment", () => {
    const expected = [
      "state.region: the environments are in 2 regions (eu-central-1 (prod-de), eu-west-1 (prod-eu)) and share the state bucket shop-terraform-state, which lives in one region; say which",
    ];
    expect(modelErrors(config(twoRegions))).toEqual(expected);
    expect(() => stateOf(config(twoRegions), "prod-eu")).toThrow(expected[0]);
    expect(modelErrors(config(twoRegions, { region: "eu-wst-1" }))).toEqual([
      'state.region: "eu-wst-1" is not a commercial AWS region berth knows; did you mean "eu-west-1"?',
    ]);
  });
});
