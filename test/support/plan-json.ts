/** Queries over `terraform show -json` plans: the planned values of resources, by type and name. */
import { readFileSync } from "node:fs";

export interface PlannedResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly values: Record<string, unknown>;
}

export interface PlanJson {
  readonly planned_values: { readonly root_module: { readonly resources?: PlannedResource[] } };
  readonly resource_changes: { readonly address: string; readonly change: { readonly actions: string[] } }[];
  readonly configuration?: {
    readonly root_module: { readonly resources?: { readonly address: string; readonly expressions: Record<string, { readonly references?: string[] }> }[] };
  };
}

export function readPlan(file: string): PlanJson {
  return JSON.parse(readFileSync(file, "utf8")) as PlanJson;
}

export function resources(plan: PlanJson, type: string, name?: string): PlannedResource[] {
  return (plan.planned_values.root_module.resources ?? []).filter((r) => r.type === type && (name === undefined || r.name === name));
}

export function resource(plan: PlanJson, type: string, name: string, index?: string | number): PlannedResource {
  const found = resources(plan, type, name).filter((r) => index === undefined || r.index === index);
  if (found.length !== 1)
    throw new Error(`expected one ${type}.${name}${index !== undefined ? `[${JSON.stringify(index)}]` : ""} in the plan; found ${found.length}`);
  return found[0] as PlannedResource;
}

/** What an attribute refers to in the configuration (`var.x`, `aws_security_group.this.id`): for values unknown until apply. */
export function references(plan: PlanJson, address: string, attribute: string): string[] {
  const r = plan.configuration?.root_module.resources?.find((x) => x.address === address);
  if (!r) throw new Error(`no ${address} in the plan's configuration`);
  return r.expressions[attribute]?.references ?? [];
}
