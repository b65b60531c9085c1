import { describe, expect, it } from "vitest";
import { httpApiEvent, httpApiResponse, matchRoute } from "./http-api-event.js";

const routes = [
  { key: "$default", function: "fallback" },
  { key: "ANY /items/{proxy+}", function: "any" },
  { key: "GET /items/{id}", function: "one" },
  { key: "GET /items/special", function: "special" },
  { key: "GET /items/{id}/parts/{part}", function: "part" },
  { key: "POST /items", function: "create" },
];

describe("HTTP API routes under berth dev", () => {
  it("takes the most specific route: literal segments, then parameters before greedy, then a method before ANY", () => {
    expect(matchRoute(routes, "GET", "/items/special")).toEqual({ route: routes[3], pathParameters: undefined });
    expect(matchRoute(routes, "GET", "/items/42")).toEqual({ route: routes[2], pathParameters: { id: "42" } });
    expect(matchRoute(routes, "GET", "/items/a%20b/parts/x")).toEqual({ route: routes[4], pathParameters: { id: "a b", part: "x" } });
    expect(matchRoute(routes, "DELETE", "/items/42")).toEqual({ route: routes[1], pathParameters: { proxy: "42" } });
    expect(matchRoute(routes, "GET", "/items/1/2/3")).toEqual({ route: routes[1], pathParameters: { proxy: "1/2/3" } });
    expect(matchRoute(routes, "post", "/items")).toEqual({ route: routes[5], pathParameters: undefined });
  });

  it("falls back to $default, and to nothing without one", () => {
    expect(matchRoute(routes, "GET", "/other")?.route.function).toBe("fallback");
    expect(matchRoute(routes, "GET", "/items")?.route.function).toBe("fallback");
    expect(matchRoute(routes.slice(1), "GET", "/other")).toBeUndefined();
    // A greedy parameter needs at least one segment.
    expect(matchRoute(routes.slice(1), "PUT", "/items")).toBeUndefined();
  });
});

describe("the payload format 2.0 event", () => {
  const at = new Date("2026-12-05T06:00:00.000Z");
  it("carries the route, raw path and query, lower-cased headers, cookies, query and path parameters and the request context", () => {
    const event = httpApiEvent(
      {
        method: "get",
        url: "/items/42?tag=a&tag=b&x=1",
        headers: { Host: "127.0.0.1:4000", "User-Agent": "curl/8", Cookie: "a=1; b=2", "X-Multi": ["1", "2"] },
        body: Buffer.alloc(0),
        sourceIp: "127.0.0.1",
        protocol: "HTTP/1.1",
      },
      { route: routes[2]!, pathParameters: { id: "42" } },
      "shop-dev-public",
      at,
    );
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "GET /items/{id}",
      rawPath: "/items/42",
      rawQueryString: "tag=a&tag=b&x=1",
      cookies: ["a=1", "b=2"],
      headers: { host: "127.0.0.1:4000", "user-agent": "curl/8", "x-multi": "1,2" },
      queryStringParameters: { tag: "a,b", x: "1" },
      pathParameters: { id: "42" },
      requestContext: {
        apiId: "shop-dev-public",
        domainName: "127.0.0.1:4000",
        http: { method: "GET", path: "/items/42", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "curl/8" },
        routeKey: "GET /items/{id}",
        stage: "$default",
        time: "2026-12-05T06:00:00.000Z",
        timeEpoch: at.getTime(),
      },
      isBase64Encoded: false,
    });
    expect(event.headers).not.toHaveProperty("cookie");
    expect(event).not.toHaveProperty("body");
  });

  it("sends a text body as it is and any other body in base64", () => {
    const req = (type: string, body: Buffer) => ({
      method: "POST",
      url: "/items",
      headers: { "content-type": type },
      body,
      sourceIp: "::1",
      protocol: "HTTP/1.1",
    });
    const match = { route: routes[5]!, pathParameters: undefined };
    expect(httpApiEvent(req("application/json", Buffer.from('{"a":1}')), match, "x")).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    expect(httpApiEvent(req("image/png", Buffer.from([0, 1, 2])), match, "x")).toMatchObject({ body: "AAEC", isBase64Encoded: true });
    expect(httpApiEvent(req("application/vnd.api+json", Buffer.from("{}")), match, "x")).toMatchObject({ body: "{}", isBase64Encoded: false });
  });
});

describe("the payload format 2.0 response", () => {
  it("reads statusCode, headers, cookies and a base64 body", () => {
    const r = httpApiResponse({ statusCode: 201, headers: { "X-Id": 7 }, cookies: ["s=1", "t=2"], body: "aGk=", isBase64Encoded: true });
    expect(r).toEqual({ statusCode: 201, headers: { "x-id": "7", "set-cookie": ["s=1", "t=2"] }, body: Buffer.from("hi") });
    expect(httpApiResponse({ statusCode: 204 })).toEqual({ statusCode: 204, headers: {}, body: Buffer.alloc(0) });
  });

  it("sends anything without a statusCode as 200 JSON, as API Gateway assumes", () => {
    expect(httpApiResponse({ items: [1] })).toEqual({ statusCode: 200, headers: { "content-type": "application/json" }, body: Buffer.from('{"items":[1]}') });
    expect(httpApiResponse("hello").body.toString()).toBe('"hello"');
    expect(httpApiResponse(null).body.toString()).toBe("null");
  });

  it("answers 500 to a statusCode that is not an HTTP status", () => {
    expect(httpApiResponse({ statusCode: "abc" })).toMatchObject({ statusCode: 500 });
    expect(httpApiResponse({ statusCode: 42 }).body.toString()).toBe('{"message":"Internal Server Error"}');
  });
});
