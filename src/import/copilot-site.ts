/**
 * A Copilot Static Site manifest as a berth site: one `files` entry that uploads a folder to the bucket's
 * root becomes `sites.<name>.dir` (relative to the written config); what berth uploads differently
 * (several sources, a destination prefix, exclude/reinclude filters, a single file) and `http.alias` /
 * `http.certificate` (berth's host is a name within the environment's domain, with a certificate berth
 * makes) are reported with what to do.
 */
import { relative, resolve } from "node:path";
import type { CopilotManifest } from "./copilot-read.js";
import type { ImportReport } from "./report.js";
import { berthName } from "./values.js";
import { isRecord } from "./yaml-source.js";

type Json = Record<string, unknown>;

export interface MappedSite {
  readonly key: string;
  /** Undefined when no folder could be mapped: the site is left out, reported. */
  readonly site: Json | undefined;
}

export function mapStaticSite(svc: CopilotManifest, ctx: { readonly report: ImportReport; readonly root: string; readonly outDir: string }): MappedSite {
  const key = berthName(svc.name);
  const at = (field: string) => `${svc.src.display}: ${field}`;
  const manifest = svc.manifest as Json;
  const files = Array.isArray(manifest.files) ? (manifest.files as unknown[]).filter(isRecord) : [];
  const http = isRecord(manifest.http) ? manifest.http : {};
  if (typeof http.alias === "string")
    ctx.report.notMapped(
      at("http.alias"),
      `berth serves a site at a name within the environment's domain: set environments.<env>.domain and sites.${key}.host (e.g. "${http.alias}") where it has one`,
      ["sites", key, "host"],
    );
  if (typeof http.certificate === "string")
    ctx.report.notMapped(at("http.certificate"), "berth makes the site's us-east-1 certificate itself, validated in the environment's zone", ["sites", key]);
  if (isRecord(manifest.environments))
    ctx.report.notMapped(at("environments"), "a site's per-environment files are not imported; set environments.<env>.sites by hand", ["sites", key]);
  const folder = files.length === 1 ? files[0]! : undefined;
  const plain =
    folder &&
    typeof folder.source === "string" &&
    folder.recursive !== false &&
    folder.exclude === undefined &&
    folder.reinclude === undefined &&
    (folder.destination === undefined || folder.destination === "." || folder.destination === "/" || folder.destination === "");
  if (!plain) {
    ctx.report.notMapped(
      at("files"),
      files.length === 0
        ? "no files to upload"
        : "berth uploads one folder to the bucket's root; several sources, a destination, exclude/reinclude or a single file need one build folder instead (set sites.<name>.dir)",
      ["sites", key],
    );
    return { key, site: undefined };
  }
  const dir =
    relative(ctx.outDir, resolve(ctx.root, folder.source as string))
      .split("\\")
      .join("/") || ".";
  ctx.report.derived(at("files[0].source"), ["sites", key, "dir"], "the folder, relative to the written config");
  return { key, site: { dir } };
}
