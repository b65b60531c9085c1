/**
 * The console's one page: plain HTML, CSS and a script that renders the server-sent events. Untrusted
 * text (log lines, names) only ever reaches the page through `textContent`.
 */

/** The page; its script and style carry `nonce`, the only ones the Content-Security-Policy admits. */
export function consolePage(title: string, token: string, nonce: string): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>berth dev · ${esc(title)}</title>
<style nonce="${nonce}">
  body { font: 14px/1.4 system-ui, "DejaVu Sans", sans-serif; margin: 0; color: #232F3E; background: #F7F8FA; }
  header { background: #232F3E; color: #fff; padding: 10px 20px; display: flex; gap: 16px; align-items: baseline; }
  header h1 { font-size: 18px; margin: 0; }
  #state { font-size: 13px; opacity: .8; }
  main { display: grid; grid-template-columns: minmax(420px, 1fr) minmax(420px, 1fr); gap: 16px; padding: 16px 20px; }
  section { background: #fff; border: 1px solid #D5DBDB; border-radius: 4px; padding: 10px 14px; }
  section.wide { grid-column: 1 / -1; }
  h2 { font-size: 15px; margin: 0 0 8px; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { text-align: left; padding: 3px 8px 3px 0; border-bottom: 1px solid #EAEDED; vertical-align: top; }
  .healthy { color: #1D8102; font-weight: 600; } .unhealthy { color: #D13212; font-weight: 600; } .initial, .draining, .unused { color: #8D6605; }
  pre { background: #0F1B2A; color: #E6EDF3; font-size: 12px; height: 260px; overflow: auto; margin: 0; padding: 8px; white-space: pre-wrap; }
  .stderr { color: #FF9E9E; }
  button { font: inherit; font-size: 12px; padding: 1px 8px; cursor: pointer; }
  img { max-width: 100%; }
</style>
</head>
<body>
<header><h1>berth dev · ${esc(title)}</h1><span id="state" data-testid="state">connecting…</span></header>
<main>
  <section><h2>Gateways</h2><div id="gateways" data-testid="gateways"></div></section>
  <section><h2>Databases</h2><div id="databases" data-testid="databases">none</div></section>
  <section class="wide"><h2>Targets</h2><table data-testid="targets"><thead><tr><th>service</th><th>gateway</th><th>target</th><th>address</th><th>health</th><th>in flight</th><th>requests</th><th>errors</th></tr></thead><tbody id="targets"></tbody></table></section>
  <section><h2>Queues</h2><table data-testid="queues"><thead><tr><th>queue</th><th>depth</th><th>in flight</th><th>dead letters</th></tr></thead><tbody id="queues"></tbody></table></section>
  <section><h2>Functions</h2><table data-testid="functions"><thead><tr><th>function</th><th>processes</th><th>busy</th><th>invocations</th><th>errors</th><th>timeouts</th></tr></thead><tbody id="functions"></tbody></table></section>
  <section><h2>Schedules</h2><table data-testid="schedules"><thead><tr><th>job</th><th>schedule</th><th>next run</th><th>last result</th><th></th></tr></thead><tbody id="schedules"></tbody></table></section>
  <section class="wide"><h2>Processes</h2><table data-testid="processes"><thead><tr><th>service</th><th>replica</th><th>pid</th><th>port</th><th>state</th><th>restarts</th><th></th></tr></thead><tbody id="processes"></tbody></table></section>
  <section class="wide"><h2>Logs</h2><pre id="logs" data-testid="logs"></pre></section>
  <section class="wide" id="diagram-section" hidden><h2>Diagram</h2><img id="diagram" alt="architecture diagram"></section>
</main>
<script nonce="${nonce}">
"use strict";
const TOKEN = ${JSON.stringify(token)};
const $ = (id) => document.getElementById(id);
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = String(text); if (cls) e.className = cls; return e; };
const row = (cells) => { const tr = el("tr"); for (const c of cells) { const td = el("td"); if (c instanceof Node) td.append(c); else { td.textContent = String(c); } tr.append(td); } return tr; };
let plan = { gateways: [], services: [] };
let urls = {};

function renderGateways(status) {
  const box = $("gateways"); box.replaceChildren();
  for (const g of plan.gateways) {
    const s = (status && status.gateways.find((x) => x.key === g.key)) || {};
    const head = el("div"); head.append(el("strong", g.key + " "), el("span", (g.internal ? "internal" : "internet-facing") + " · " + (s.url || urls[g.key] || "") + " · " + (s.requests ?? 0) + " requests, " + (s.errors ?? 0) + " errors"));
    head.dataset.gateway = g.key;
    const t = el("table"); t.append(row(["priority", "match", "service"]));
    for (const r of g.rules) t.append(row([r.priority, [...r.hosts, ...r.paths].join(" ") || "*", r.service]));
    const d = g.defaultAction; t.append(row(["default", "", d.kind === "forward" ? d.service : "fixed " + d.status]));
    box.append(head, t);
  }
  for (const a of plan.httpApis || []) {
    const s = (status && status.gateways.find((x) => x.key === a.key)) || {};
    const head = el("div"); head.append(el("strong", a.key + " "), el("span", "HTTP API · " + (s.url || urls[a.key] || "") + " · " + (s.requests ?? 0) + " requests, " + (s.errors ?? 0) + " errors"));
    head.dataset.gateway = a.key;
    const t = el("table"); t.append(row(["route", "", "function"]));
    for (const r of a.routes) t.append(row([r.key, "", r.function]));
    box.append(head, t);
  }
  for (const x of plan.sites || []) {
    const s = (status && status.gateways.find((g) => g.key === x.key)) || {};
    const head = el("div"); head.append(el("strong", x.key + " "), el("span", "static site · " + (s.url || urls[x.key] || "") + " · " + (s.requests ?? 0) + " requests, " + (s.errors ?? 0) + " errors"));
    head.dataset.gateway = x.key;
    const t = el("table"); t.append(row(["folder", "", x.spa ? "single-page app" : "files"]), row([x.dir, "", ""]));
    box.append(head, t);
  }
}

function renderFunctions(status) {
  const body = $("functions"); body.replaceChildren();
  for (const f of status.functions || []) {
    const tr = row([f.function, f.processes, f.busy + (f.waiting > 0 ? " (+" + f.waiting + " waiting)" : ""), f.invocations, f.errors, f.timeouts]);
    tr.dataset.function = f.function; tr.dataset.invocations = f.invocations; body.append(tr);
  }
}

function renderStatus(status) {
  renderGateways(status);
  renderQueues(status);
  renderFunctions(status);
  renderSchedules(status);
  const targets = $("targets"); targets.replaceChildren();
  const procs = $("processes"); procs.replaceChildren();
  for (const s of status.services) {
    for (const t of s.targets) {
      const tr = row([s.service, s.loadBalancer ?? "-", t.id, t.address, el("span", t.health, t.health), t.inFlight, t.requests, t.errors]);
      tr.dataset.target = t.id; tr.dataset.health = t.health; targets.append(tr);
    }
    if (s.loadBalancer !== undefined && s !== status.services.find((x) => x.service === s.service)) continue;
    for (const p of s.processes) {
      const b = el("button", "restart"); b.dataset.replica = p.replica;
      b.onclick = () => restart(s.service, p.replica, b);
      const tr = row([s.service, p.replica, p.pid ?? "-", p.port, p.state, p.restarts, b]);
      tr.dataset.replica = p.replica; tr.dataset.state = p.state; procs.append(tr);
    }
  }
}

function renderQueues(status) {
  const body = $("queues"); body.replaceChildren();
  for (const q of status.queues || []) {
    const tr = row([q.name, q.depth, q.inFlight, q.deadLetters === null ? "-" : q.deadLetters]);
    tr.dataset.queue = q.queue; tr.dataset.depth = q.depth; tr.dataset.deadLetters = q.deadLetters ?? ""; body.append(tr);
  }
}

function renderSchedules(status) {
  const body = $("schedules"); body.replaceChildren();
  for (const j of status.jobs || []) {
    const b = el("button", "run now"); b.dataset.job = j.job;
    b.onclick = () => runJob(j.job, b);
    const last = j.last ? j.last.result + " (" + j.last.run + ", " + j.last.attempts + (j.last.attempts === 1 ? " try)" : " tries)") : "-";
    const tr = row([j.job, j.expression + (j.timezone === "UTC" ? "" : " " + j.timezone), j.next || (j.enabled ? "none" : "disabled"), (j.running > 0 ? "running; " : "") + last, b]);
    tr.dataset.job = j.job; tr.dataset.last = j.last ? j.last.result : ""; body.append(tr);
  }
}

async function runJob(job, button) {
  button.disabled = true;
  const r = await fetch("/api/run-job", { method: "POST", headers: { "content-type": "application/json", "x-berth-token": TOKEN }, body: JSON.stringify({ job }) });
  if (!r.ok) note("run of " + job + " refused: " + (await r.text()));
  setTimeout(() => { button.disabled = false; }, 1000);
}

function log(e) {
  const pre = $("logs");
  const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
  const line = el("div", e.replica + " │ " + e.line, e.stream === "stderr" ? "stderr" : undefined);
  pre.append(line);
  while (pre.childNodes.length > 1000) pre.firstChild.remove();
  if (atBottom) pre.scrollTop = pre.scrollHeight;
}

function note(text) { log({ replica: "berth", line: text, stream: "stdout" }); }

async function restart(service, replica, button) {
  button.disabled = true;
  const r = await fetch("/api/restart", { method: "POST", headers: { "content-type": "application/json", "x-berth-token": TOKEN }, body: JSON.stringify({ service, replica }) });
  if (!r.ok) note("restart of " + replica + " refused: " + (await r.text()));
}

function database(e) {
  const box = $("databases"); if (box.textContent === "none") box.replaceChildren();
  box.append(el("div", e.name + " (" + e.engine + ") " + e.url));
}

const source = new EventSource("/events");
source.onopen = () => { $("state").textContent = "live"; };
source.onerror = () => { $("state").textContent = "disconnected (berth dev stopped?)"; };
source.onmessage = (m) => {
  const e = JSON.parse(m.data);
  switch (e.type) {
    case "snapshot":
      plan = e; urls = {}; for (const g of e.status.gateways) urls[g.key] = g.url;
      renderStatus(e.status); $("logs").replaceChildren(); for (const l of e.logs) log(l);
      $("databases").textContent = "none"; for (const d of e.databases) database(d);
      if (e.diagram) { $("diagram").src = "/diagram.svg"; $("diagram-section").hidden = false; }
      break;
    case "status": renderStatus(e); break;
    case "log": log(e); break;
    case "database": database(e); break;
    case "restart": note("rolling restart of " + e.service + ": " + e.reason); break;
    case "job": note("job " + e.run + " " + e.state + (e.state === "started" ? " (" + e.reason + ")" : "")); break;
    case "messaging": note("SQS/SNS endpoint on " + e.url); break;
    case "warning": note("warning: " + e.message); break;
    case "ready": $("state").textContent = "live · ready"; break;
    case "stopped": $("state").textContent = "stopped"; break;
  }
};
</script>
</body>
</html>
`;
}
