/**
 * Aurora global write forwarding (`enable_global_write_forwarding` on a secondary cluster): a recovery
 * region that serves users passes their writes on to the primary's writer. AWS offers it from certain
 * engine versions only (the Aurora User Guide, "Using write forwarding in an Aurora … global database"):
 * Aurora MySQL 2.08.1 and later (every 3.x), Aurora PostgreSQL 14.9+, 15.4+ and every 16 and later.
 */
import type { DatabaseEngine } from "./types.js";

/** Why a version cannot forward writes, with the minimum of its line; null when it can (or its form is not one berth reads). */
export function writeForwardingGap(engine: DatabaseEngine, version: string): { minimum: string } | null {
  if (engine === "aurora-mysql") {
    // 5.7.mysql_aurora.2.07.2 → 2.7.2; 8.0.mysql_aurora.3.04.0 → 3.4.0
    const m = /mysql_aurora\.(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
    if (!m) return null;
    const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
    if (major >= 3 || (major === 2 && (minor > 8 || (minor === 8 && patch >= 1)))) return null;
    return { minimum: major === 2 ? "5.7.mysql_aurora.2.08.1" : "8.0.mysql_aurora.3.04.0" };
  }
  if (engine === "aurora-postgresql") {
    const m = /^(\d+)(?:\.(\d+))?/.exec(version);
    if (!m) return null;
    const [major, minor] = [Number(m[1]), Number(m[2] ?? 0)];
    const minimum: Readonly<Record<number, number>> = { 14: 9, 15: 4 };
    if (major >= 16) return null;
    const min = minimum[major];
    if (min !== undefined && minor >= min) return null;
    return { minimum: min !== undefined ? `${major}.${min}` : "14.9" };
  }
  return null;
}
