/**
 * What a saved plan would do, read from `terraform show -json`: counts, the resources it replaces or
 * destroys, and which of those hold data or traffic (databases, caches, load balancers, buckets),
 * so the summary can call them out before anyone applies.
 */
import { compareText } from "../model/text-order.js";

/** Resource changes in a plan; a replace is counted once, not as a create plus a delete. */
export interface ChangeCounts {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  readonly replace: number;
}

/** Counts `resource_changes[].change.actions` of a `terraform show -json` plan; no-op and read are not changes. */
export function countChanges(planJson: unknown): ChangeCounts {
  const changes = (planJson as { resource_changes?: { change: { actions: string[] } }[] }).resource_changes ?? [];
  const counts = { create: 0, update: 0, delete: 0, replace: 0 };
  for (const { change } of changes) {
    const a = change.actions;
    if (a.includes("create") && a.includes("delete")) counts.replace++;
    else if (a.includes("create")) counts.create++;
    else if (a.includes("update")) counts.update++;
    else if (a.includes("delete")) counts.delete++;
  }
  return counts;
}

export interface PlanDetails {
  readonly counts: ChangeCounts;
  /** Addresses of resources destroyed and created again. */
  readonly replaced: readonly string[];
  /** Addresses of resources destroyed for good. */
  readonly deleted: readonly string[];
  /** The replaced or deleted resources that hold data or serve traffic. */
  readonly critical: readonly string[];
  /** Addresses of resources the plan imports (`import` blocks, e.g. from `berth adopt`); absent in plans from before. */
  readonly imported?: readonly string[];
}

/** Resource types whose replacement loses data or drops traffic. */
const CRITICAL = /^aws_(db_instance|rds_cluster|rds_cluster_instance|elasticache_|dynamodb_table|lb|alb|s3_bucket|efs_file_system|ecr_repository)($|_?)/;
const CRITICAL_EXCEPT = /^aws_(lb_listener_rule|lb_target_group_attachment|s3_bucket_(policy|acl|ownership|public|versioning|server|lifecycle|logging))/;

interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly change: { readonly actions: readonly string[]; readonly importing?: unknown };
}

export function planDetails(planJson: unknown): PlanDetails {
  const all = (planJson as { resource_changes?: ResourceChange[] }).resource_changes ?? [];
  const imported = all.filter((c) => c.change.importing !== undefined && c.change.importing !== null).map((c) => c.address);
  const changes = all.filter((c) => !c.change.actions.every((a) => a === "no-op" || a === "read"));
  const replaced = changes.filter((c) => c.change.actions.includes("create") && c.change.actions.includes("delete"));
  const deleted = changes.filter((c) => c.change.actions.includes("delete") && !c.change.actions.includes("create"));
  const critical = [...replaced, ...deleted].filter((c) => CRITICAL.test(c.type) && !CRITICAL_EXCEPT.test(c.type));
  const addr = (list: readonly ResourceChange[]) => list.map((c) => c.address).sort();
  const details = { counts: countChanges(planJson), replaced: addr(replaced), deleted: addr(deleted), critical: addr(critical) };
  return imported.length > 0 ? { ...details, imported: imported.sort() } : details;
}

/** Something to apply: a change, or an import (which changes the state, not the resource). */
export const hasChanges = (d: PlanDetails): boolean => d.counts.create + d.counts.update + d.counts.delete + d.counts.replace + (d.imported?.length ?? 0) > 0;
export const destroys = (d: PlanDetails): boolean => d.counts.delete + d.counts.replace > 0;

export interface DriftEntry {
  readonly address: string;
  readonly actions: readonly string[];
}

/** `resource_drift` of a refresh-only plan: what changed outside terraform. */
export function driftEntries(planJson: unknown): DriftEntry[] {
  const drift = (planJson as { resource_drift?: ResourceChange[] }).resource_drift ?? [];
  return drift
    .filter((c) => !c.change.actions.every((a) => a === "no-op"))
    .map((c) => ({ address: c.address, actions: [...c.change.actions] }))
    .sort((a, b) => compareText(a.address, b.address));
}
