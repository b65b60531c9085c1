/**
 * API Gateway HTTP APIs as `berth dev` emulates them, pure: which route a request takes, the payload
 * format 2.0 event a function receives, and how its answer becomes the HTTP response.
 *
 * 1. Routes: `METHOD /path` with `{param}` segments and a final greedy `{name+}`, `ANY /path`, and
 *    `$default`. A request takes the most specific match: more literal segments first, then more
 *    parameter segments before a greedy one, then a method over `ANY`; `$default` when nothing matches.
 * 2. The event: version "2.0", routeKey, rawPath, rawQueryString, cookies (the `cookie` header split),
 *    headers lower-cased (repeats joined by commas), queryStringParameters (repeats joined by commas),
 *    pathParameters, requestContext (http.method/path/protocol/sourceIp/userAgent, stage `$default`),
 *    body as text, or base64 with isBase64Encoded when the content type is not text.
 * 3. The answer: an object with `statusCode` is the 2.0 response (headers, body, isBase64Encoded, cookies
 *    → one set-cookie each); anything else (an object without statusCode, a string, a number) is sent
 *    as 200 `application/json` with the value, JSON-encoded, as the body.
 */
import { randomUUID } from "node:crypto";

export interface HttpApiRoute {
  readonly key: string;
  readonly function: string;
}

export interface RouteMatch {
  readonly route: HttpApiRoute;
  readonly pathParameters: Readonly<Record<string, string>> | undefined;
}

/** The route a request takes, with its path parameters; undefined when none (not even `$default`). */
export function matchRoute(routes: readonly HttpApiRoute[], method: string, path: string): RouteMatch | undefined {
  const segments = path.split("/").slice(1);
  let best: { match: RouteMatch; rank: number[] } | undefined;
  for (const route of routes) {
    if (route.key === "$default") continue;
    const [routeMethod, routePath] = route.key.split(" ") as [string, string];
    if (routeMethod !== "ANY" && routeMethod !== method.toUpperCase()) continue;
    const params = matchPath(routePath.split("/").slice(1), segments);
    if (!params) continue;
    const parts = routePath.split("/").slice(1);
    const greedy = parts.some((p) => /^\{.+\+\}$/.test(p));
    const rank = [parts.filter((p) => !p.startsWith("{")).length, greedy ? 0 : 1, parts.length, routeMethod === "ANY" ? 0 : 1];
    if (!best || compareRank(rank, best.rank) > 0) best = { match: { route, pathParameters: Object.keys(params).length > 0 ? params : undefined }, rank };
  }
  if (best) return best.match;
  const fallback = routes.find((r) => r.key === "$default");
  return fallback ? { route: fallback, pathParameters: undefined } : undefined;
}

function matchPath(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const greedy = /^\{(.+)\+\}$/.exec(p);
    if (greedy) {
      if (i !== pattern.length - 1 || segments.length <= i) return undefined;
      params[greedy[1]!] = decode(segments.slice(i).join("/"));
      return params;
    }
    const s = segments[i];
    if (s === undefined) return undefined;
    const param = /^\{(.+)\}$/.exec(p);
    if (param) {
      if (s === "") return undefined;
      params[param[1]!] = decode(s);
    } else if (p !== s) return undefined;
  }
  return segments.length === pattern.length ? params : undefined;
}

function compareRank(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface HttpApiRequest {
  readonly method: string;
  /** The request target: path and query string. */
  readonly url: string;
  /** Header names and values as received (repeats as arrays). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly protocol: string;
}

export interface HttpApiEvent {
  readonly version: "2.0";
  readonly routeKey: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly cookies?: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly queryStringParameters?: Readonly<Record<string, string>>;
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly requestContext: {
    readonly accountId: string;
    readonly apiId: string;
    readonly domainName: string;
    readonly domainPrefix: string;
    readonly http: { readonly method: string; readonly path: string; readonly protocol: string; readonly sourceIp: string; readonly userAgent: string };
    readonly requestId: string;
    readonly routeKey: string;
    readonly stage: string;
    readonly time: string;
    readonly timeEpoch: number;
  };
  readonly body?: string;
  readonly isBase64Encoded: boolean;
}

const TEXT_TYPE = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|graphql)|application\/[^;]*\+(json|xml))/i;

/** The payload format 2.0 event of a request that took `match`, on the API `apiId`. */
export function httpApiEvent(req: HttpApiRequest, match: RouteMatch, apiId: string, now = new Date()): HttpApiEvent {
  const q = req.url.indexOf("?");
  const rawPath = q < 0 ? req.url : req.url.slice(0, q);
  const rawQueryString = q < 0 ? "" : req.url.slice(q + 1);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const joined = typeof value === "string" ? value : value.join(",");
    if (lower === "cookie") {
      cookies = [...(cookies ?? []), ...joined.split(/;\s*/).filter((c) => c !== "")];
      continue;
    }
    headers[lower] = headers[lower] === undefined ? joined : `${headers[lower]},${joined}`;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQueryString)) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const host = headers.host ?? "localhost";
  const text = TEXT_TYPE.test(headers["content-type"] ?? "text/plain");
  return {
    version: "2.0",
    routeKey: match.route.key,
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(match.pathParameters ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId,
      domainName: host,
      domainPrefix: host.split(".")[0]!,
      http: { method: req.method.toUpperCase(), path: decode(rawPath), protocol: req.protocol, sourceIp: req.sourceIp, userAgent: headers["user-agent"] ?? "" },
      requestId: randomUUID(),
      routeKey: match.route.key,
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(req.body.length > 0 ? { body: text ? req.body.toString("utf8") : req.body.toString("base64") } : {}),
    isBase64Encoded: req.body.length > 0 && !text,
  };
}

export interface HttpApiResponse {
  readonly statusCode: number;
  /** Header name → value; `set-cookie` may carry several. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: Buffer;
}

/** The HTTP response of a function's result, as API Gateway builds it from payload format 2.0. */
export function httpApiResponse(result: unknown): HttpApiResponse {
  if (result !== null && typeof result === "object" && !Array.isArray(result) && "statusCode" in result) {
    const r = result as { statusCode: unknown; headers?: Record<string, unknown>; body?: unknown; isBase64Encoded?: unknown; cookies?: unknown };
    const statusCode = Number(r.statusCode);
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return internalError();
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(r.headers ?? {})) if (v !== undefined && v !== null) headers[k.toLowerCase()] = String(v);
    if (Array.isArray(r.cookies) && r.cookies.length > 0) headers["set-cookie"] = r.cookies.map(String);
    const body = r.body === undefined || r.body === null ? "" : typeof r.body === "string" ? r.body : JSON.stringify(r.body);
    return { statusCode, headers, body: r.isBase64Encoded === true ? Buffer.from(body, "base64") : Buffer.from(body, "utf8") };
  }
  return { statusCode: 200, headers: { "content-type": "application/json" }, body: Buffer.from(JSON.stringify(result) ?? "null", "utf8") };
}

/** API Gateway's own answers: `{"message": …}` as JSON. */
export function gatewayAnswer(statusCode: number, message: string): HttpApiResponse {
  return { statusCode, headers: { "content-type": "application/json" }, body: Buffer.from(JSON.stringify({ message })) };
}

/** A function error (or a response API Gateway cannot read) → 500. */
export const internalError = (): HttpApiResponse => gatewayAnswer(500, "Internal Server Error");
