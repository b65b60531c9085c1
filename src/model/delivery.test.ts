/** Promotion order and where a prod-tier environment's images come from. */
import { describe, expect, it } from "vitest";
import { promotionOrder, promotionSource } from "./delivery.js";
import { resolveModel } from "./resolve.js";

const model = (stagingArch?: "x86_64" | "arm64") =>
  resolveModel({
    project: "shop",
    services: { api: { port: 80, architecture: "arm64" }, proxy: { port: 80, image: "public.ecr.aws/nginx/nginx:1.27" } },
    environments: {
      prod: { tier: "prod", region: "eu-west-1" },
      staging: { tier: "staging", region: "eu-west-1", ...(stagingArch ? { services: { api: { architecture: stagingArch } } } : {}) },
      dev: { tier: "dev", region: "eu-west-1" },
    },
  });

describe("promotionSource", () => {
  it("prod takes the images staging tested; lower tiers build their own", () => {
    const m = model();
    expect(promotionOrder(m).map((e) => e.name)).toEqual(["dev", "staging", "prod"]);
    const env = (n: string) => m.environments.find((e) => e.name === n)!;
    expect(promotionSource(m, env("prod"))?.name).toBe("staging");
    expect(promotionSource(m, env("staging"))).toBeNull();
    expect(promotionSource(m, env("dev"))).toBeNull();
  });

  it("prod builds its own when staging runs an image on another platform", () => {
    const m = model("x86_64");
    expect(promotionSource(m, m.environments.find((e) => e.name === "prod")!)).toBeNull();
  });

  it("a lone prod environment builds its own", () => {
    const m = resolveModel({ project: "shop", services: { api: { port: 80 } }, environments: { prod: { tier: "prod", region: "eu-west-1" } } });
    expect(promotionSource(m, m.environments[0]!)).toBeNull();
  });
});
