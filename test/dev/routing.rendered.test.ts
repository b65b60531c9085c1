/**
 * The routing case table against the rendered Terraform: the `aws_lb_listener_rule` resources of every
 * service stack and the listener's default action in the platform stack, evaluated as ALB would — with a
 * glob matcher written independently of the gateway's, so both sides are checked against the table.
 */
import { describe, expect, it } from "vitest";
import type { Block } from "../../src/hcl/index.js";
import { resolveModel } from "../../src/model/resolve.js";
import { renderStacks } from "../../src/terraform/render.js";
import * as wires from "../../src/model/wires.js";
import { attrValue, child, findBlocks, nested } from "../support/hcl-query.js";
import { ROUTING_CASES, type Expected } from "./routing.cases.js";

/** ALB glob: `*` any run, `?` one character; by recursion, not regular expressions. */
function glob(pattern: string, text: string): boolean {
  if (pattern === "") return text === "";
  const [p, rest] = [pattern[0], pattern.slice(1)];
  if (p === "*") return glob(rest, text) || (text !== "" && glob(pattern, text.slice(1)));
  if (text === "") return false;
  return (p === "?" || p === text[0]) && glob(rest, text.slice(1));
}

interface RenderedRule {
  priority: number;
  service: string;
  paths: string[];
  hosts: string[];
}

function values(rule: Block, condition: string): string[] {
  for (const c of nested(rule, "condition")) {
    const inner = nested(c, condition);
    if (inner.length > 0) return attrValue(inner[0]!, "values") as string[];
  }
  return [];
}

function evaluate(rules: RenderedRule[], fallback: Expected, path: string, host: string | undefined): Expected {
  const p = path.split("?")[0]!;
  const h = host?.replace(/:\d+$/, "").toLowerCase();
  for (const r of [...rules].sort((a, b) => a.priority - b.priority)) {
    const pathOk = r.paths.length === 0 || r.paths.some((pat) => glob(pat, p));
    const hostOk = r.hosts.length === 0 || (h !== undefined && r.hosts.some((pat) => glob(pat.toLowerCase(), h)));
    if (pathOk && hostOk) return { service: r.service };
  }
  return fallback;
}

describe.each(ROUTING_CASES)("rendered listener rules: $name", (c) => {
  const model = resolveModel(c.config);
  const stacks = renderStacks(model);
  const lb = model.environments[0]!.loadBalancers.find((l) => l.key === c.loadBalancer)!;
  const listenerVar = `var.${wires.platform.loadBalancer(model.environments[0]!, lb, "listener_arn").name}`;
  const rules: RenderedRule[] = stacks
    .filter((s) => s.id.startsWith("service-"))
    .flatMap((s) =>
      findBlocks(s, "resource", "aws_lb_listener_rule")
        .filter((b) => (attrValue(b, "listener_arn") as { raw: string }).raw === listenerVar)
        .map((b) => ({
          priority: attrValue(b, "priority") as number,
          service: s.id.slice("service-".length),
          paths: values(b, "path_pattern"),
          hosts: values(b, "host_header"),
        })),
    );
  const platform = stacks.find((s) => s.id === "platform")!;
  const listener = findBlocks(platform, "resource", "aws_lb_listener").find((b) =>
    (attrValue(b, "load_balancer_arn") as { raw: string }).raw.includes(`.${c.loadBalancer}.`),
  )!;
  const fixed = child(child(listener, "default_action"), "fixed_response");
  const body = fixed.body.some((i) => i.kind === "attribute" && i.name === "message_body") ? (attrValue(fixed, "message_body") as string) : "";
  const fallback: Expected = { status: Number(attrValue(fixed, "status_code")), body };

  it.each(c.requests)("$path (host $host): $why", (r) => {
    const got = evaluate(rules, fallback, r.path, r.host);
    if ("service" in r.expect) expect(got).toEqual({ service: r.expect.service });
    else expect(got).toMatchObject({ status: r.expect.status, ...(r.expect.body !== undefined && { body: r.expect.body }) });
  });
});
