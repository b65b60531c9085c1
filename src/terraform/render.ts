/**
 * `renderStacks(model)`: every environment × region split into root modules — `dns` (with a domain),
 * `network`, `platform`, one `service-<name>` per service, then `monitoring` (with a dashboard) — and
 * each stack's files printed as `terraform fmt`-clean text.
 */
import { printFile } from "../hcl/index.js";
import type { Model } from "../model/types.js";
import { renderDnsStack } from "./dns.js";
import { renderMonitoringStack } from "./monitoring.js";
import { hasDataStack, renderDataStack } from "./data.js";
import { renderNetworkStack } from "./network.js";
import { renderPlatformStack } from "./platform.js";
import { renderServiceStack } from "./service.js";
import type { Stack } from "./stack.js";

export function renderStacks(model: Model): Stack[] {
  return model.environments.flatMap((env) => [
    ...(env.domain ? [renderDnsStack(env, env.domain)] : []),
    renderNetworkStack(env),
    renderPlatformStack(env),
    ...(hasDataStack(env) ? [renderDataStack(env)] : []),
    ...env.services.map((s) => renderServiceStack(env, s)),
    ...(env.monitoring.dashboard ? [renderMonitoringStack(env, env.monitoring.dashboard)] : []),
  ]);
}

/** The files of a stack as text, by file name, in a stable order. */
export function stackFiles(stack: Stack): [string, string][] {
  return stack.files.map((f) => [f.name, printFile(f)] as [string, string]).sort(([a], [b]) => a.localeCompare(b));
}
