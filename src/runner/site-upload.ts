/**
 * Delivery of a static site: its build (when it has one), a check that the folder holds a site, the upload
 * to its bucket and the invalidation of its distribution, all through the AWS CLI. Two `aws s3 sync`
 * passes: the hashed assets first with a year's `Cache-Control`, then everything else with `no-cache`
 * and `--delete` (the assets just uploaded are already in sync, so they keep their header), so a browser
 * never pairs a new `index.html` with missing assets. The CLI sets each object's `Content-Type` from its
 * file extension; for the web types its table may not know (`EXPLICIT_TYPES`: fonts, `.mjs`, `.wasm`…)
 * berth copies those files again with their type set, one `aws s3 cp` per extension and cache class.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { contentType, EXPLICIT_TYPES, IMMUTABLE_CACHE_CONTROL, REVALIDATE_CACHE_CONTROL, syncPattern } from "../model/site.js";
import type { Site } from "../model/types.js";
import { type AwsCli, runAws } from "./aws-cli.js";

/** Runs the site's build command in its folder, its output on stderr (stdout stays the command's report). */
export function buildSite(site: Site, configDir: string, signal?: AbortSignal): Promise<void> {
  if (!site.build) return Promise.resolve();
  const { command, cwd } = site.build;
  const dir = resolve(configDir, cwd);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    return Promise.reject(
      new UsageError(`sites.${site.key}.build.cwd: the folder ${dir} does not exist`, "create it, or set build.cwd to the folder the command runs in"),
    );
  return new Promise((done, fail) => {
    const child = spawn(command, { cwd: dir, shell: true, stdio: ["ignore", process.stderr, process.stderr], signal });
    child.on("error", (e) => fail(e));
    child.on("exit", (code, sig) =>
      code === 0
        ? done()
        : fail(
            new UsageError(
              `sites.${site.key}.build.command: \`${command}\` failed in ${dir} (${code === null ? `signal ${sig}` : `exit ${code}`})`,
              "fix the build (its output is above), then deploy again; nothing was uploaded",
            ),
          ),
    );
  });
}

/** The folder a site serves, absolute; a user error naming `sites.<key>.dir` when it holds no site. */
export function siteDir(site: Site, configDir: string): string {
  const dir = resolve(configDir, site.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(
      `sites.${site.key}.dir: the folder ${dir} does not exist`,
      site.build ? "check that the build writes there, or point dir at its output" : `build the site into ${site.dir}, or give the site a build command`,
    );
  if (!existsSync(join(dir, "index.html")))
    throw new UsageError(`sites.${site.key}.dir: ${dir} has no index.html, which the distribution serves at /`, "point dir at the built site's folder");
  return dir;
}

export interface UploadResult {
  readonly invalidationId: string;
}

/** Uploads `dir` to the bucket (assets, then the rest with deletions) and invalidates every path of the distribution. */
export async function uploadSite(
  aws: AwsCli,
  site: Site,
  dir: string,
  target: { readonly bucket: string; readonly distributionId: string; readonly region: string },
): Promise<UploadResult> {
  const dest = `s3://${target.bucket}/`;
  const includes = site.immutable.flatMap((p) => ["--include", p]);
  await runAws(aws, ["s3", "sync", dir, dest, "--no-progress", "--exclude", "*", ...includes, "--cache-control", IMMUTABLE_CACHE_CONTROL], target.region);
  await runAws(aws, ["s3", "sync", dir, dest, "--no-progress", "--delete", "--cache-control", REVALIDATE_CACHE_CONTROL], target.region);
  for (const args of explicitTypeCopies(site, dir, dest)) await runAws(aws, args, target.region);
  const out = await runAws(aws, ["cloudfront", "create-invalidation", "--distribution-id", target.distributionId, "--paths", "/*"]);
  const id = (JSON.parse(out || "{}") as { Invalidation?: { Id?: string } }).Invalidation?.Id;
  if (!id) throw new Error(`aws cloudfront create-invalidation returned no invalidation id: ${out.slice(0, 200)}`);
  return { invalidationId: id };
}

/** The folder's files as S3 keys (`/`-separated, relative to `dir`), sorted. */
function keysOf(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[])
    .filter((k) => statSync(join(dir, k)).isFile())
    .map((k) => k.split("\\").join("/"))
    .sort();
}

/**
 * `aws s3 cp --recursive` calls that set the type of each `EXPLICIT_TYPES` extension the folder has: one for
 * its hashed assets (`<pattern><ext>` for each immutable pattern ending in `*`), one for the rest (every file
 * of the extension, the immutable patterns excluded after it, since a later filter wins), only where such
 * files exist.
 */
export function explicitTypeCopies(site: Site, dir: string, dest: string): string[][] {
  const keys = keysOf(dir);
  const immutable = site.immutable.map(syncPattern);
  const calls: string[][] = [];
  for (const ext of EXPLICIT_TYPES) {
    const files = keys.filter((k) => extname(k).toLowerCase() === ext);
    if (files.length === 0) continue;
    const cp = (filters: string[], cacheControl: string) => [
      "s3",
      "cp",
      dir,
      dest,
      "--recursive",
      "--no-progress",
      "--exclude",
      "*",
      ...filters,
      "--content-type",
      contentType(`x${ext}`),
      "--cache-control",
      cacheControl,
    ];
    const hashed = site.immutable.flatMap((p) => (p.endsWith("*") ? [`${p}${ext}`] : p.endsWith(ext) ? [p] : []));
    if (files.some((k) => immutable.some((re) => re.test(k))) && hashed.length > 0)
      calls.push(
        cp(
          hashed.flatMap((p) => ["--include", p]),
          IMMUTABLE_CACHE_CONTROL,
        ),
      );
    if (files.some((k) => !immutable.some((re) => re.test(k))))
      calls.push(cp(["--include", `*${ext}`, ...site.immutable.flatMap((p) => ["--exclude", p])], REVALIDATE_CACHE_CONTROL));
  }
  return calls;
}
