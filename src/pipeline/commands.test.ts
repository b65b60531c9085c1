/** The shell the pipelines run around berth: plan, then apply only when there are changes, under `sh -e` as CI runs it. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { planAndApply, shellWord } from "./commands.js";

/** Runs the line with `npx` replaced by a function that logs its arguments and exits `planExit` for `berth plan`. */
function run(planExit: number) {
  const fake = `npx() { echo "$2" >> "$LOG"; if [ "$2" = plan ]; then return ${planExit}; fi; }`;
  const r = spawnSync("sh", ["-ec", `LOG=$(mktemp); ${fake}; ${planAndApply({ config: "berth.config.ts", out: "infra" }, "prod")}; cat "$LOG"`], {
    encoding: "utf8",
  });
  return { code: r.status, ran: r.stdout.trim().split("\n") };
}

describe("planAndApply", () => {
  it("applies only when the plan has changes (exit 3), succeeds when there are none, and fails with the plan's failure", () => {
    expect(run(3)).toEqual({ code: 0, ran: ["plan", "apply"] });
    expect(run(0)).toEqual({ code: 0, ran: ["plan"] });
    expect(run(1).code).toBe(1);
    expect(run(2).code).toBe(2);
  });
});

describe("shellWord", () => {
  it("quotes only what needs quoting", () => {
    expect(shellWord("examples/task-api/berth.config.ts")).toBe("examples/task-api/berth.config.ts");
    expect(shellWord("my config.ts")).toBe("'my config.ts'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
  });
});
