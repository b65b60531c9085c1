/**
 * Compose `ports` (short `[ip:][host:]container[/proto]` and long `{ target, published, protocol }`
 * syntax) and `expose`, and the choice of the public entry point:
 *
 * 1. A service that publishes host port 80 or 443 is the entry point (the first by name when several do).
 * 2. Otherwise the only published TCP port of the project, when exactly one is published and it is not a
 *    well-known non-HTTP port (databases, caches, SSH, mail).
 * 3. Otherwise there is none; the report lists the published ports so the user can add routes.
 */

export interface ComposePort {
  readonly target: number;
  /** The host port, when one is published (`undefined` for `expose`, or `"3000"` which publishes an ephemeral port). */
  readonly published?: number;
  /** Whether the port is published on the host at all. */
  readonly isPublished: boolean;
  readonly protocol: "tcp" | "udp";
  /** A range such as `3000-3005` was given: only its first port is kept. */
  readonly range?: boolean;
}

export function parsePort(v: unknown): ComposePort | undefined {
  if (typeof v === "number") return { target: v, isPublished: true, protocol: "tcp" };
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const target = Number(o.target);
    if (!Number.isInteger(target)) return undefined;
    const published = o.published === undefined ? undefined : Number.parseInt(String(o.published), 10);
    return { target, published: Number.isNaN(published) ? undefined : published, isPublished: true, protocol: o.protocol === "udp" ? "udp" : "tcp" };
  }
  if (typeof v !== "string") return undefined;
  const [spec, proto] = v.split("/");
  const parts = (spec ?? "").replace(/^\[[^\]]*\]:/, "x:").split(":");
  const container = parts.at(-1)!;
  const host = parts.length >= 2 ? parts.at(-2) : undefined;
  const first = (s: string) => Number.parseInt(s.split("-")[0] ?? "", 10);
  const target = first(container);
  if (!Number.isInteger(target)) return undefined;
  const published = host ? first(host) : undefined;
  return {
    target,
    published: Number.isNaN(published) ? undefined : published,
    isPublished: true,
    protocol: proto === "udp" ? "udp" : "tcp",
    range: container.includes("-") || (host?.includes("-") ?? false),
  };
}

export function parseExpose(v: unknown): ComposePort | undefined {
  const target = Number.parseInt(String(v).split("/")[0]!.split("-")[0]!, 10);
  return Number.isInteger(target) ? { target, isPublished: false, protocol: String(v).endsWith("/udp") ? "udp" : "tcp" } : undefined;
}

/** Ports that are not HTTP whatever publishes them: PostgreSQL, MySQL, Redis, MongoDB, SSH, SMTP, AMQP, … */
const NOT_HTTP = new Set([22, 25, 465, 587, 1433, 1521, 3306, 5432, 5672, 6379, 9042, 11211, 27017]);

export interface EntryPoint {
  readonly service: string;
  readonly port: ComposePort;
  readonly rule: string;
}

export function chooseEntryPoint(published: ReadonlyMap<string, readonly ComposePort[]>): EntryPoint | undefined {
  const names = [...published.keys()].sort();
  for (const service of names) {
    const port = published.get(service)!.find((p) => p.protocol === "tcp" && (p.published === 80 || p.published === 443));
    if (port) return { service, port, rule: `it publishes port ${port.published} (the rule: a service published on 80 or 443 is the entry point)` };
  }
  const all = names.flatMap((service) =>
    published
      .get(service)!
      .filter((p) => p.protocol === "tcp" && p.isPublished)
      .map((port) => ({ service, port })),
  );
  if (all.length === 1 && !NOT_HTTP.has(all[0]!.port.target)) {
    const { service, port } = all[0]!;
    return { service, port, rule: `its port ${port.published ?? port.target} is the only published port (the rule: nothing is published on 80/443)` };
  }
  return undefined;
}
