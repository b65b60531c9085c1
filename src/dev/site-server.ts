/**
 * The local stand-in for a static site under `berth dev`: a loopback HTTP server over the site's folder that
 * answers as its CloudFront distribution and bucket do — `GET`/`HEAD` only (403 otherwise, as a distribution
 * that allows no other method), `/` → `index.html` (the default root object), a file with the content type
 * and `Cache-Control` `berth deploy` uploads it with, and for a path with no file 404, or `index.html` with
 * 200 for a single-page app. No path leaves the folder. The folder is read on each request, so a rebuild
 * shows at once.
 */
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { listenOnLoopback } from "./loopback.js";
import { join, normalize, resolve, sep } from "node:path";
import { contentType, IMMUTABLE_CACHE_CONTROL, REVALIDATE_CACHE_CONTROL, syncPattern } from "../model/site.js";

export interface LocalSitePlan {
  /** The site's key in the config. */
  readonly key: string;
  /** Absolute folder served. */
  readonly dir: string;
  readonly spa: boolean;
  /** `aws s3 sync` patterns (relative to `dir`) of the files cached for a year. */
  readonly immutable: readonly string[];
}

export interface SiteAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Answers one request: fetch-style, no socket, so tests call it directly. */
export async function handleSite(site: LocalSitePlan, method: string, url: string): Promise<SiteAnswer> {
  if (method !== "GET" && method !== "HEAD") return text(403, "403 Forbidden: this distribution allows GET and HEAD only");
  let key: string;
  try {
    key = decodeURIComponent(url.split("?")[0]!.split("#")[0]!).replace(/^\/+/, "");
  } catch {
    return text(400, "400 Bad Request");
  }
  if (key === "") key = "index.html";
  const root = resolve(site.dir);
  const file = resolve(root, normalize(key));
  // On S3 a key with `..` is just a key no file has: a path out of the folder is a path with no file.
  const found = file.startsWith(root + sep) ? await readIfFile(file) : undefined;
  if (found) return fileAnswer(site, key, found);
  if (site.spa) {
    const index = await readIfFile(join(root, "index.html"));
    if (index) return fileAnswer(site, "index.html", index);
  }
  return text(404, "404 Not Found");
}

async function readIfFile(path: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(path)).isFile()) return undefined;
    return await readFile(path);
  } catch {
    return undefined;
  }
}

function fileAnswer(site: LocalSitePlan, key: string, body: Buffer): SiteAnswer {
  const immutable = site.immutable.some((p) => syncPattern(p).test(key));
  return {
    status: 200,
    headers: { "content-type": contentType(key), "cache-control": immutable ? IMMUTABLE_CACHE_CONTROL : REVALIDATE_CACHE_CONTROL },
    body,
  };
}

const text = (status: number, body: string): SiteAnswer => ({
  status,
  headers: { "content-type": "text/plain; charset=utf-8" },
  body: Buffer.from(body),
});

export interface ServedSite {
  readonly key: string;
  readonly url: string;
  readonly port: number;
  readonly counters: { requests: number; errors: number };
  close(): Promise<void>;
}

/** Binds the site's server on a loopback port (0: a free one). */
export async function serveSite(site: LocalSitePlan, port = 0): Promise<ServedSite> {
  const counters = { requests: 0, errors: 0 };
  const server = createServer((req, res) => {
    counters.requests++;
    void handleSite(site, req.method ?? "GET", req.url ?? "/").then((answer) => {
      if (answer.status >= 500) counters.errors++;
      res.writeHead(answer.status, { ...answer.headers, "content-length": answer.body.length });
      res.end(req.method === "HEAD" ? undefined : answer.body);
    });
  });
  const { url, port: bound, close } = await listenOnLoopback(server, port);
  return { key: site.key, url, port: bound, counters, close };
}
