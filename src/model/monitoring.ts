/** Resolves an environment's alarm topic (with its email subscriptions) and dashboard; the topic exists when a service, database, queue or function has alarms. */
import type { MonitoringInput } from "../config/schema/monitoring.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";
import type { Database, LambdaFunction, Monitoring, Queue, Service } from "./types.js";

export function resolveMonitoring(
  input: MonitoringInput,
  ctx: {
    prefix: string;
    services: readonly Service[];
    databases: readonly Database[];
    queues?: readonly Queue[];
    functions?: readonly LambdaFunction[];
    at: ConfigPath;
    issues: Issues;
  },
): Monitoring {
  const emails = [...new Set(input.notifications?.email ?? [])].sort();
  if (input.notifications && emails.length === 0) {
    ctx.issues.add(
      [...ctx.at, "notifications", "email"],
      "names no address, so alarms would notify nobody",
      'add one, e.g. email: ["ops@example.com"], or remove notifications',
    );
  }
  const alarms = [...ctx.services, ...ctx.databases, ...(ctx.queues ?? []), ...(ctx.functions ?? [])].some((r) => r.alarms.length > 0);
  return {
    topic: alarms || emails.length > 0 ? { name: `${ctx.prefix}-alarms`, emails } : null,
    dashboard: input.dashboard ? { name: ctx.prefix } : null,
  };
}
