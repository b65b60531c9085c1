/**
 * The ALB listener-rule matcher of the local gateway: pure, from the model's rules and default action.
 *
 * As ALB evaluates a listener:
 * 1. Rules are tried from the lowest priority number; the first whose every condition matches wins.
 * 2. A path-pattern condition matches the request path without the query string, case-sensitively;
 *    `*` matches any run of characters (also none), `?` exactly one. Any of its values may match.
 * 3. A host-header condition matches the Host header without its port, case-insensitively, with the
 *    same wildcards.
 * 4. When no rule matches, the listener's default action answers (forward to a service, or a fixed response).
 */
import type { DefaultAction, ListenerRule } from "../model/types.js";

export interface RoutableRequest {
  readonly path: string;
  readonly host: string | undefined;
}

export type RouteDecision =
  | { readonly kind: "forward"; readonly service: string; readonly priority: number | "default" }
  | { readonly kind: "fixed"; readonly status: number; readonly body: string; readonly contentType: string };

export interface CompiledRule {
  readonly rule: ListenerRule;
  readonly matches: (req: RoutableRequest) => boolean;
}

const escape = (c: string): string => c.replace(/[\\^$.|+()[\]{}]/g, "\\$&");

/** An ALB pattern as an anchored regular expression. */
export function patternRegExp(pattern: string, caseSensitive: boolean): RegExp {
  const source = [...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : escape(c))).join("");
  return new RegExp(`^${source}$`, caseSensitive ? "s" : "is");
}

/** The path part of a request target: `/a/b?x=1` → `/a/b`. */
export const pathOf = (target: string): string => {
  const q = target.search(/[?#]/);
  return q === -1 ? target : target.slice(0, q);
};

/** The host name of a Host header: `Example.com:8080` → `Example.com`; `[::1]:80` → `[::1]`. */
export const hostOf = (header: string | undefined): string | undefined => {
  if (header === undefined) return undefined;
  const m = /^(\[[^\]]*\]|[^:]*)(:\d+)?$/.exec(header.trim());
  return m ? m[1] : header;
};

export function compileRule(rule: ListenerRule): CompiledRule {
  const paths = rule.paths.map((p) => patternRegExp(p, true));
  const hosts = rule.hosts.map((h) => patternRegExp(h, false));
  return {
    rule,
    matches: (req) => {
      if (paths.length > 0 && !paths.some((re) => re.test(pathOf(req.path)))) return false;
      if (hosts.length > 0) {
        const host = hostOf(req.host);
        if (host === undefined || !hosts.some((re) => re.test(host))) return false;
      }
      return true;
    },
  };
}

/** A listener: its rules sorted by priority and its default action. */
export class Listener {
  private readonly rules: readonly CompiledRule[];

  constructor(
    rules: readonly ListenerRule[],
    private readonly defaultAction: DefaultAction,
  ) {
    this.rules = [...rules].sort((a, b) => a.priority - b.priority).map(compileRule);
  }

  route(req: RoutableRequest): RouteDecision {
    for (const { rule, matches } of this.rules) if (matches(req)) return { kind: "forward", service: rule.service, priority: rule.priority };
    const d = this.defaultAction;
    return d.kind === "forward"
      ? { kind: "forward", service: d.service, priority: "default" }
      : { kind: "fixed", status: d.status, body: d.body, contentType: d.contentType };
  }
}
