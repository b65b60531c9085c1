/** The routing case table against the local gateway's matcher, from the resolved model. */
import { describe, expect, it } from "vitest";
import { Listener } from "../../src/dev/matcher.js";
import { resolveModel } from "../../src/model/resolve.js";
import { ROUTING_CASES } from "./routing.cases.js";

describe.each(ROUTING_CASES)("gateway matcher: $name", (c) => {
  const env = resolveModel(c.config).environments[0]!;
  const lb = env.loadBalancers.find((l) => l.key === c.loadBalancer)!;
  const listener = new Listener(lb.rules, lb.defaultAction);

  it.each(c.requests)("$path (host $host): $why", (r) => {
    const d = listener.route({ path: r.path, host: r.host });
    if ("service" in r.expect) expect(d).toMatchObject({ kind: "forward", service: r.expect.service });
    else expect(d).toMatchObject({ kind: "fixed", status: r.expect.status, ...(r.expect.body !== undefined && { body: r.expect.body }) });
  });
});
