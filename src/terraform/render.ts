/**
 * `renderStacks(model)`: every environment × region split into root modules — `dns` (with a domain),
 * `network`, `platform`, `data`, `messaging`, one `service-<name>` per service, one `function-<name>` per function and one `api-<name>` per HTTP API, one `site-<name>` per static site, then `monitoring` (with a
 * dashboard) and `ci` (with CI roles) — and
 * each stack's files printed as `terraform fmt`-clean text.
 */
import { printFile } from "../hcl/index.js";
import type { StackPlan } from "../model/stacks.js";
import type { Environment, Model } from "../model/types.js";
import { renderCiStack } from "./ci.js";
import { renderDataStack } from "./data.js";
import { renderFunctionStack } from "./function.js";
import { GENERATED_HEADER } from "./generated.js";
import { renderHttpApiStack } from "./http-api.js";
import { renderDnsStack } from "./dns.js";
import { renderMessagingStack } from "./messaging.js";
import { renderMonitoringStack } from "./monitoring.js";
import { renderNetworkStack } from "./network.js";
import { renderPlatformStack } from "./platform.js";
import { renderServiceStack } from "./service.js";
import { renderSiteStack } from "./site.js";
import type { Stack } from "./stack.js";
import { compareText } from "../model/text-order.js";

/** Renders every stack the model plans, in its order. */
export function renderStacks(model: Model): Stack[] {
  return model.environments.flatMap((env) => env.stacks.map((plan) => renderStack(env, plan)));
}

/** Renders one stack of an environment, as the environment is in the stack's region (primary or recovery). */
export function renderStack(primary: Environment, plan: StackPlan): Stack {
  const env = plan.region === primary.region ? primary : primary.recovery.find((r) => r.region === plan.region)!;
  switch (plan.kind) {
    case "dns":
      return renderDnsStack(env, env.domain!);
    case "network":
      return renderNetworkStack(env);
    case "platform":
      return renderPlatformStack(env);
    case "data":
      return renderDataStack(env);
    case "messaging":
      return renderMessagingStack(env);
    case "service":
      return renderServiceStack(env, env.services.find((s) => s.name === plan.service)!);
    case "function":
      return renderFunctionStack(env, env.functions.find((f) => f.key === plan.function)!);
    case "http-api":
      return renderHttpApiStack(env, env.httpApis.find((a) => a.key === plan.httpApi)!);
    case "site":
      return renderSiteStack(env, env.sites.find((s) => s.key === plan.site)!);
    case "monitoring":
      return renderMonitoringStack(env, env.monitoring.dashboard!);
    case "ci":
      return renderCiStack(env, env.ci!);
  }
}

/** The files of a stack as text, each under berth's generated-file header, by file name, in a stable order. */
export function stackFiles(stack: Stack): [string, string][] {
  return stack.files.map((f) => [f.name, GENERATED_HEADER + printFile(f)] as [string, string]).sort(([a], [b]) => compareText(a, b));
}
