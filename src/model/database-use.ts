/** Resolves a service's `databases`: which database it uses and the variable names of its connection settings. */
import type { ServiceInput } from "../config/schema/service.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";
import type { Database, DatabaseUse } from "./types.js";
import { compareText } from "./text-order.js";

export function resolveDatabaseUses(input: ServiceInput, ctx: { databases: readonly Database[]; at: ConfigPath; issues: Issues }): DatabaseUse[] {
  const uses: DatabaseUse[] = [];
  for (const [key, use] of Object.entries(input.databases ?? {})) {
    const db = ctx.databases.find((d) => d.key === key);
    if (!db) {
      ctx.issues.unknown(
        [...ctx.at, "databases", key],
        "database",
        key,
        ctx.databases.map((d) => d.key),
      );
      continue;
    }
    const names = use === true ? {} : use;
    const prefix = names.prefix ?? "DB";
    const iamUser = "iamUser" in names && names.iamUser ? names.iamUser : null;
    if (iamUser && !db.iamAuth)
      ctx.issues.add(
        [...ctx.at, "databases", key, "iamUser"],
        `signs in with IAM, but database "${key}" does not have IAM database authentication`,
        `set databases.${key}.iamAuth: true, or remove iamUser to use the master secret`,
      );
    uses.push({
      database: key,
      port: db.port,
      hostVar: names.host ?? `${prefix}_HOST`,
      portVar: names.port ?? `${prefix}_PORT`,
      nameVar: names.name ?? `${prefix}_NAME`,
      usernameVar: names.username ?? `${prefix}_USER`,
      passwordVar: names.password ?? `${prefix}_PASSWORD`,
      sslModeVar: `${prefix}_SSL_MODE`,
      iamUser,
    });
  }
  return uses.sort((a, b) => compareText(a.database, b.database));
}

/** Every variable name a use defines, for clash checks. */
export const useVariables = (u: DatabaseUse): string[] => [u.hostVar, u.portVar, u.nameVar, u.usernameVar, ...(u.iamUser ? [] : [u.passwordVar])];
