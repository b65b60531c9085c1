import { describe, expect, it } from "vitest";
import { commentsByPath, formatReport, ImportReport } from "./report.js";

describe("ImportReport", () => {
  it("prints values to set first, then not mapped, derived and mapped, with counts", () => {
    const r = new ImportReport();
    r.mapped("f: a", ["services", "a"]);
    r.derived("f: b", ["services", "a", "cpu"], "rounded up");
    r.notMapped("f: c", "no equivalent", ["services", "a"]);
    r.toSet("f: d", ["environments", "prod", "region"], "the region");
    expect(formatReport(r)).toBe(
      [
        "to set (1):",
        "  f: d → environments.prod.region: the region",
        "not mapped (1):",
        "  f: c: no equivalent",
        "derived (1):",
        "  f: b → services.a.cpu: rounded up",
        "mapped (1):",
        "  f: a → services.a",
        "1 to set, 1 not mapped, 1 derived, 1 mapped",
      ].join("\n"),
    );
  });

  it("puts each comment on the nearest path that exists in the config", () => {
    const r = new ImportReport();
    r.notMapped("f: services.a.volumes[0]", "bind mount", ["services", "a", "volumes"]);
    r.derived("f: x", ["services", "a", "cpu"], "rounded up");
    r.mapped("f: y", ["services", "a", "port"]);
    const comments = commentsByPath(r, { services: { a: { cpu: 512, port: 80 } } });
    expect([...comments]).toEqual([
      ['["services","a"]', ["Not mapped: services.a.volumes[0]: bind mount"]],
      ['["services","a","cpu"]', ["rounded up"]],
    ]);
  });
});
