/**
 * Delivery of a static site: its build (when it has one), a check that the folder holds a site, the upload
 * to its bucket and the invalidation of its distribution, all through the AWS CLI. Two `aws s3 sync`
 * passes: the hashed assets first with a year's `Cache-Control`, then everything else with `no-cache`
 * and `--delete` (the assets just uploaded are already in sync, so they keep their header), so a browser
 * never pairs a new `index.html` with missing assets. The CLI sets each object's `Content-Type` from its
 * file extension.
 */
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { IMMUTABLE_CACHE_CONTROL, REVALIDATE_CACHE_CONTROL } from "../model/site.js";
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
  const out = await runAws(aws, ["cloudfront", "create-invalidation", "--distribution-id", target.distributionId, "--paths", "/*"]);
  const id = (JSON.parse(out || "{}") as { Invalidation?: { Id?: string } }).Invalidation?.Id;
  if (!id) throw new Error(`aws cloudfront create-invalidation returned no invalidation id: ${out.slice(0, 200)}`);
  return { invalidationId: id };
}
