/**
 * A region's side of an environment's Route 53 routing (`RegionalRecords`): the failover or latency policy
 * of its records, or one geolocation record per name and place, each behind the region's health check.
 * Shared by the load balancers' records (`platform/edge.ts`) and the HTTP APIs' (`http-api.ts`).
 */
import { attr, attrs, block, type BodyInput, comment, raw, type Value } from "../../hcl/index.js";
import type { RegionalRecords } from "../../model/types.js";

/** What a failover or latency record answers, as a comment above its policy. */
export function routingComment(r: RegionalRecords): string {
  if (r.routing === "latency") return "Answers the clients nearer to this region than to the environment's other regions, while its health check passes.";
  return r.role === "PRIMARY"
    ? "Answers while this region's health check passes; the recovery region's SECONDARY record answers otherwise."
    : "Answers when the primary region's health check fails and this one's passes.";
}

/** The body of a failover or latency record: comment, set identifier, health check and policy. */
export function routingPolicy(r: RegionalRecords, healthCheck: string): BodyInput[] {
  return [
    comment(routingComment(r)),
    attrs({ set_identifier: r.setIdentifier, health_check_id: raw(`${healthCheck}.id`) }),
    r.routing === "failover"
      ? block("failover_routing_policy", [], [attr("type", r.role)])
      : block("latency_routing_policy", [], [attr("region", r.setIdentifier)]),
  ];
}

/** `for_each` of geolocation records: one per name and place, keyed `"<name> <code>"`. */
export function geolocationEntries(names: readonly string[], r: RegionalRecords): Record<string, Value> {
  const entries: Record<string, Value> = {};
  for (const name of names)
    for (const place of r.locations) {
      const code = place.continent ?? place.country;
      entries[`${name} ${code}`] = { name, set_identifier: `${r.setIdentifier} ${code}`, continent: place.continent ?? null, country: place.country ?? null };
    }
  return entries;
}

/** The body of a geolocation record under `for_each = geolocationEntries(…)`: comment, set identifier, health check and place. */
export function geolocationPolicy(r: RegionalRecords, healthCheck: string): BodyInput[] {
  return [
    comment(
      r.role === "PRIMARY"
        ? "Answers every place no other region's record names (the default record), while this region's health check passes."
        : "Answers the users of these places while this region's health check passes; the primary's default record otherwise.",
    ),
    attrs({ set_identifier: raw("each.value.set_identifier"), health_check_id: raw(`${healthCheck}.id`) }),
    block("geolocation_routing_policy", [], [attrs({ continent: raw("each.value.continent"), country: raw("each.value.country") })]),
  ];
}
