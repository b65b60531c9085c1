/**
 * What `berth dev` shows: prefixed, coloured log lines per replica and job run, one line per lifecycle
 * event, and on a terminal a live status table kept below the logs: gateways, targets and processes (health,
 * requests, errors; workers as processes; HTTP APIs' gateways as `api-<key>`), queues (depth, in flight, dead
 * letters), functions (warm processes, invocations, errors, timeouts) and schedules (next fire, last result;
 * functions' schedules too). `jsonView` writes every event as one NDJSON line instead.
 */
import { styleText } from "node:util";
import type { DevBus, DevEvent } from "./events.js";

type Color = Parameters<typeof styleText>[0];
const PALETTE: Color[] = ["cyan", "magenta", "yellow", "green", "blue", "redBright", "cyanBright", "magentaBright"];

export function jsonView(bus: DevBus, write: (s: string) => void): () => void {
  return bus.on((e) => write(`${JSON.stringify({ time: new Date().toISOString(), ...e })}\n`));
}

export interface TerminalOut {
  write(s: string): unknown;
  readonly isTTY?: boolean;
}

export function terminalView(bus: DevBus, out: TerminalOut, opts: { color?: boolean } = {}): () => void {
  const color = opts.color ?? Boolean(out.isTTY);
  const live = Boolean(out.isTTY);
  const colors = new Map<string, Color>();
  const paint = (c: Color, s: string) => (color ? styleText(c, s) : s);
  const serviceColor = (name: string): Color => {
    if (!colors.has(name)) colors.set(name, PALETTE[colors.size % PALETTE.length]!);
    return colors.get(name)!;
  };
  let block: string[] = [];

  const print = (lines: string[]) => {
    const erase = live && block.length > 0 ? `\x1b[${block.length}A\x1b[0J` : "";
    out.write(erase + lines.map((l) => `${l}\n`).join("") + (live ? block.map((l) => `${l}\n`).join("") : ""));
  };

  return bus.on((e) => {
    if (e.type === "status") {
      if (!live) return;
      const next = statusLines(e, paint);
      const erase = block.length > 0 ? `\x1b[${block.length}A\x1b[0J` : "";
      block = next;
      out.write(erase + block.map((l) => `${l}\n`).join(""));
      return;
    }
    const line = describe(e, (name, text) => paint(serviceColor(name), text), paint);
    if (line !== undefined) print([line]);
  });
}

function describe(e: DevEvent, tag: (service: string, text: string) => string, paint: (c: Color, s: string) => string): string | undefined {
  const berth = paint("dim", "berth");
  switch (e.type) {
    case "log":
      return `${tag(e.service, e.replica.padEnd(18))} ${e.stream === "stderr" ? paint("red", "│") : "│"} ${e.line}`;
    case "gateway":
      if (e.httpApi) return `${berth} HTTP API ${e.key} on ${paint("bold", e.url)}`;
      if (e.site) return `${berth} static site ${e.key} on ${paint("bold", e.url)}`;
      return `${berth} gateway ${e.key} (${e.internal ? "internal" : "internet-facing"}) on ${paint("bold", e.url)}`;
    case "process":
      if (e.state === "backoff") return `${berth} ${tag(e.service, e.replica)} exited (${e.signal ?? `code ${e.exitCode}`}); restarting in ${e.restartInMs} ms`;
      if (e.state === "running") return `${berth} ${tag(e.service, e.replica)} started: pid ${e.pid}, port ${e.port}`;
      if (e.state === "stopped") return `${berth} ${tag(e.service, e.replica)} stopped`;
      return undefined;
    case "health":
      return e.from === e.to
        ? undefined
        : `${berth} ${tag(e.service, e.target)} ${e.from} → ${paint(e.to === "healthy" ? "green" : e.to === "unhealthy" ? "red" : "yellow", e.to)} on ${e.loadBalancer}`;
    case "messaging":
      return `${berth} SQS/SNS endpoint on ${paint("bold", e.url)}: ${[...e.queues.map((q) => `queue ${q}`), ...e.topics.map((t) => `topic ${t}`)].join(", ")}`;
    case "job":
      if (e.state === "started") return `${berth} job ${tag(e.job, e.run)} started (${e.reason}${e.attempt > 1 ? `, try ${e.attempt}` : ""})`;
      return `${berth} job ${tag(e.job, e.run)} ${paint(e.state === "succeeded" ? "green" : "red", e.state)}${e.exitCode !== undefined && e.exitCode !== null && e.exitCode !== 0 ? ` (code ${e.exitCode})` : ""} after ${e.durationMs} ms`;
    case "database":
      return `${berth} database ${e.name} (${e.engine}) on ${paint("bold", e.url)}, data in ${e.dataDir}`;
    case "warning":
      return `${berth} ${paint("yellow", "warning:")} ${e.message}`;
    case "restart":
      return `${berth} rolling restart of ${tag(e.service, e.service)}: ${e.reason}`;
    case "console":
      return `${berth} console on ${paint("bold", e.url)}`;
    case "ready":
      return `${berth} ${paint("green", "ready")}: every service has a healthy target (Ctrl-C stops everything)`;
    case "stopped":
      return `${berth} stopped`;
    default:
      return undefined;
  }
}

/** The live table: one row per target (or per process for services without a load balancer), then queues and schedules. */
export function statusLines(e: Extract<DevEvent, { type: "status" }>, paint: (c: Color, s: string) => string = (_c, s) => s): string[] {
  const head = ["service", "gateway", "target", "address", "health", "in-flight", "requests", "errors"];
  const rows: string[][] = [];
  for (const s of e.services) {
    if (s.targets.length === 0) {
      for (const p of s.processes) rows.push([s.service, s.loadBalancer ?? "-", p.replica, p.port === 0 ? "-" : `127.0.0.1:${p.port}`, p.state, "-", "-", "-"]);
      if (s.processes.length === 0) rows.push([s.service, s.loadBalancer ?? "-", "-", "-", "no target", "-", "-", "-"]);
      continue;
    }
    for (const t of s.targets)
      rows.push([s.service, s.loadBalancer ?? "-", t.id, t.address, t.health, String(t.inFlight), String(t.requests), String(t.errors)]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const gateways = e.gateways.map(
    (g) => `${g.key.padEnd(12)} ${g.url.padEnd(24)} ${g.internal ? "internal       " : "internet-facing"}  ${g.requests} requests, ${g.errors} errors`,
  );
  return [
    paint(
      "dim",
      "─".repeat(
        Math.min(
          100,
          widths.reduce((a, b) => a + b + 2, 0),
        ),
      ),
    ),
    ...gateways,
    paint("bold", fmt(head)),
    ...rows.map(fmt),
    ...table(
      ["queue", "depth", "in-flight", "dead letters"],
      e.queues.map((q) => [q.name, String(q.depth), String(q.inFlight), q.deadLetters === null ? "-" : String(q.deadLetters)]),
      paint,
    ),
    ...table(
      ["function", "processes", "busy", "invocations", "errors", "timeouts"],
      (e.functions ?? []).map((f) => [
        f.function,
        String(f.processes),
        `${f.busy}${f.waiting > 0 ? ` (+${f.waiting} waiting)` : ""}`,
        String(f.invocations),
        String(f.errors),
        String(f.timeouts),
      ]),
      paint,
    ),
    ...table(
      ["job", "schedule", "next run", "last result"],
      e.jobs.map((j) => [
        j.job,
        `${j.expression}${j.timezone === "UTC" ? "" : ` ${j.timezone}`}`,
        j.next ?? (j.enabled ? "none" : "disabled"),
        `${j.running > 0 ? "running; " : ""}${j.last ? `${j.last.result} (${j.last.run}, ${j.last.attempts} ${j.last.attempts === 1 ? "try" : "tries"})` : "-"}`,
      ]),
      paint,
    ),
  ];
}

/** A headed table with aligned columns; nothing when there is no row. */
function table(head: string[], rows: string[][], paint: (c: Color, s: string) => string): string[] {
  if (rows.length === 0) return [];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [paint("bold", fmt(head)), ...rows.map(fmt)];
}
