/** The service's alarms.tf: a load balancer's own 5XX, and custom dimensions that name a load balancer or the service's target group. */
import { describe, expect, it } from "vitest";
import { validateConfig } from "../../config/validate.js";
import { resolveModel } from "../../model/resolve.js";
import { renderStacks, stackFiles } from "../render.js";

const alarmsTf = (alarms: Record<string, unknown>) => {
  const model = resolveModel(
    validateConfig({
      project: "shop",
      loadBalancers: { public: {} },
      services: { web: { port: 3000, routes: [{ loadBalancer: "public" }], alarms } },
      environments: { prod: { tier: "prod", region: "eu-west-1" } },
    }),
  );
  const stack = renderStacks(model).find((s) => s.id === "service-web")!;
  return Object.fromEntries(stackFiles(stack))["alarms.tf"]!;
};

describe("service alarms.tf", () => {
  it("watches HTTPCode_ELB_5XX_Count on the load balancer alone", () => {
    const tf = alarmsTf({ loadBalancer5xx: true });
    expect(tf).toContain('metric_name       = "HTTPCode_ELB_5XX_Count"\n  dimensions = {\n    LoadBalancer = var.alb_public_arn_suffix\n  }');
  });

  it("fills custom dimensions that name a load balancer or the target group with their ARN suffixes, literals as given", () => {
    const tf = alarmsTf({
      custom: {
        slow: {
          namespace: "AWS/ApplicationELB",
          metric: "TargetResponseTime",
          statistic: "p90",
          threshold: 2,
          dimensions: { LoadBalancer: { loadBalancer: "public" }, TargetGroup: { targetGroup: "public" }, AvailabilityZone: "eu-west-1a" },
        },
      },
    });
    expect(tf).toContain(
      [
        "  dimensions = {",
        "    LoadBalancer     = var.alb_public_arn_suffix",
        "    TargetGroup      = aws_lb_target_group.public.arn_suffix",
        '    AvailabilityZone = "eu-west-1a"',
        "  }",
      ].join("\n"),
    );
  });
});
