/** Plan details: counts, replacements, and destructive changes to data or traffic called out; drift entries. */
import { describe, expect, it } from "vitest";
import { driftEntries, hasChanges, planDetails } from "./plan-details.js";

const rc = (address: string, actions: string[]) => ({ address, type: address.split(".")[0], change: { actions } });

describe("planDetails", () => {
  it("counts changes and names replaced, deleted and critical resources", () => {
    const d = planDetails({
      resource_changes: [
        rc("aws_db_instance.this", ["delete", "create"]),
        rc("aws_lb.public", ["delete"]),
        rc("aws_lb_listener_rule.api", ["delete", "create"]),
        rc("aws_s3_bucket_policy.logs", ["delete"]),
        rc("aws_ecs_service.this", ["update"]),
        rc("aws_iam_role.task", ["create"]),
        rc("aws_vpc.this", ["no-op"]),
        rc("data.aws_region.this", ["read"]),
      ],
    });
    expect(d.counts).toEqual({ create: 1, update: 1, delete: 2, replace: 2 });
    expect(d.replaced).toEqual(["aws_db_instance.this", "aws_lb_listener_rule.api"]);
    expect(d.deleted).toEqual(["aws_lb.public", "aws_s3_bucket_policy.logs"]);
    expect(d.critical).toEqual(["aws_db_instance.this", "aws_lb.public"]);
  });

  it("lists the imports, which are something to apply even when nothing else changes", () => {
    const importing = (address: string, actions: string[]) => ({ ...rc(address, actions), change: { actions, importing: { id: "x" } } });
    const d = planDetails({
      resource_changes: [importing("aws_vpc.this", ["no-op"]), importing("aws_ecs_cluster.this", ["update"]), rc("aws_subnet.a", ["no-op"])],
    });
    expect(d.imported).toEqual(["aws_ecs_cluster.this", "aws_vpc.this"]);
    expect(d.counts).toEqual({ create: 0, update: 1, delete: 0, replace: 0 });
    expect(hasChanges(planDetails({ resource_changes: [importing("aws_vpc.this", ["no-op"])] }))).toBe(true);
    expect(hasChanges(planDetails({ resource_changes: [rc("aws_vpc.this", ["no-op"])] }))).toBe(false);
    expect(planDetails({ resource_changes: [rc("aws_vpc.this", ["no-op"])] })).not.toHaveProperty("imported");
  });

  it("reads what changed outside terraform from a refresh-only plan", () => {
    expect(
      driftEntries({ resource_drift: [rc("aws_security_group.this", ["update"]), rc("aws_vpc.this", ["no-op"]), rc("aws_instance.a", ["delete"])] }),
    ).toEqual([
      { address: "aws_instance.a", actions: ["delete"] },
      { address: "aws_security_group.this", actions: ["update"] },
    ]);
  });
});
