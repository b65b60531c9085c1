/**
 * Serves the built single-page app with the cache headers a CDN or browser needs:
 * - `/assets/*` (content-hashed names): `public, max-age=31536000, immutable`;
 * - `index.html`, and every client-side route (a path without a file extension): `no-cache`, so a deploy is
 *   picked up at once;
 * - other files (`robots.txt`…): one hour.
 * ETags answer conditional requests with 304. Paths outside the build directory are refused.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
};

export const IMMUTABLE = "public, max-age=31536000, immutable";
export const NO_CACHE = "no-cache";
export const SHORT = "public, max-age=3600";

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
};

interface File {
  readonly body: Buffer;
  readonly etag: string;
  readonly type: string;
}

export function createWebServer(dist: string): Server {
  const cache = new Map<string, File | null>();
  const load = (rel: string): File | null => {
    if (cache.has(rel)) return cache.get(rel)!;
    const full = normalize(join(dist, rel));
    let file: File | null = null;
    if (full.startsWith(dist + sep) && statSync(full, { throwIfNoEntry: false })?.isFile()) {
      const body = readFileSync(full);
      file = {
        body,
        etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 16)}"`,
        type: TYPES[extname(full)] ?? "application/octet-stream",
      };
    }
    cache.set(rel, file);
    return file;
  };

  return createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", ...SECURITY_HEADERS }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      res.writeHead(400, SECURITY_HEADERS).end();
      return;
    }
    const rel = path === "/" ? "index.html" : path.slice(1);
    let file = path.includes("\0") ? null : load(rel);
    let cacheControl = rel.startsWith("assets/") ? IMMUTABLE : rel === "index.html" ? NO_CACHE : SHORT;
    if (!file && extname(path) === "") {
      file = load("index.html"); // a client-side route
      cacheControl = NO_CACHE;
    }
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8", "cache-control": NO_CACHE, ...SECURITY_HEADERS }).end("Not Found");
      return;
    }
    const headers = { "content-type": file.type, "cache-control": cacheControl, etag: file.etag, ...SECURITY_HEADERS };
    if (req.headers["if-none-match"] === file.etag) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, "content-length": file.body.length });
    res.end(req.method === "HEAD" ? undefined : file.body);
  });
}
