/** Ids of the stacks of an environment × region: `network`, `platform`, `data`, `messaging`, `dns`, `monitoring`, `ci`, `service-<name>`, `function-<name>`, `api-<name>`, `site-<name>`. */
import { compareText } from "./text-order.js";

export const STACK = {
  dns: "dns",
  network: "network",
  platform: "platform",
  data: "data",
  messaging: "messaging",
  monitoring: "monitoring",
  ci: "ci",
} as const;

export type StackId = string;

export const serviceStackId = (service: string): StackId => `service-${service}`;
export const functionStackId = (fn: string): StackId => `function-${fn}`;
export const httpApiStackId = (api: string): StackId => `api-${api}`;
export const siteStackId = (site: string): StackId => `site-${site}`;

const RANK: readonly string[] = [STACK.dns, STACK.network, STACK.platform, STACK.data, STACK.messaging];

/** Upstream-first order of stack ids: dns, network, platform, data, messaging, then the others by name. */
export function compareStackIds(a: StackId, b: StackId): number {
  const ra = RANK.indexOf(a) === -1 ? RANK.length : RANK.indexOf(a);
  const rb = RANK.indexOf(b) === -1 ? RANK.length : RANK.indexOf(b);
  return ra - rb || compareText(a, b);
}

/** A stack of the same environment in another region, as an upstream id: `<region>/<id>` (the primary's `dns`, say). */
export const inRegion = (region: string, id: StackId): StackId => `${region}/${id}`;

/** The `<env>/<region>/<id>` key of the upstream `id` that a stack of `env` in `region` reads. */
export const upstreamKey = (env: string, region: string, id: StackId): string => (id.includes("/") ? `${env}/${id}` : `${env}/${region}/${id}`);
