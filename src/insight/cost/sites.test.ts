/** Cost lines of static sites: one CloudFront data-out, requests and S3 storage line per site, priced, and none without sites. */
import { describe, expect, it } from "vitest";
import { validateConfig } from "../../config/validate.js";
import { resolveModel } from "../../model/resolve.js";
import { renderStacks } from "../../terraform/render.js";
import { TerraformView } from "../checks/terraform-view.js";
import { estimateCost } from "./estimate.js";

const model = (sites: Record<string, unknown>, cost: Record<string, unknown> = {}) =>
  resolveModel(
    validateConfig({
      project: "shop",
      services: {},
      sites,
      cost,
      environments: { prod: { tier: "prod", region: "eu-west-1", domain: { name: "shop.example.com" } } },
    }),
  );

describe("site cost lines", () => {
  it("price each site's distribution and bucket, one line each per rendered distribution", () => {
    const m = model({ web: { dir: "web/dist" }, docs: { dir: "docs/dist" } }, { siteStorage: "3 GB", cloudfront: { traffic: "50 GB", requests: 2 } });
    const e = estimateCost(m.environments[0]!);
    const lines = e.items.filter((i) => /site/.test(i.item)).map((i) => [i.item, i.quantity, i.stack, i.unitPrice !== null]);
    expect(lines).toEqual([
      ["CloudFront data out, site docs (cost.cloudfront.traffic)", 50, "site-docs", true],
      ["CloudFront HTTPS requests, site docs (cost.cloudfront.requests)", 2, "site-docs", true],
      ["S3 storage of site docs, shop-prod-docs-site (cost.siteStorage)", 3, "site-docs", true],
      ["CloudFront data out, site web (cost.cloudfront.traffic)", 50, "site-web", true],
      ["CloudFront HTTPS requests, site web (cost.cloudfront.requests)", 2, "site-web", true],
      ["S3 storage of site web, shop-prod-web-site (cost.siteStorage)", 3, "site-web", true],
    ]);
    const rendered = new TerraformView(renderStacks(m)).resources.filter((r) => r.type === "aws_cloudfront_distribution").length;
    expect(e.items.filter((i) => /^CloudFront data out/.test(i.item))).toHaveLength(rendered);
    expect(e.assumptions.map((a) => a.path)).toEqual(expect.arrayContaining(["cost.cloudfront.traffic", "cost.siteStorage"]));
  });

  it("are absent without sites", () => {
    const e = estimateCost(model({}).environments[0]!);
    expect(e.items.filter((i) => /CloudFront|site/.test(i.item))).toEqual([]);
    expect(e.assumptions.map((a) => a.path)).not.toContain("cost.siteStorage");
  });
});
