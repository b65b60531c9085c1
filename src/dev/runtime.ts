/**
 * `startDev()`: the local runtime of one environment. Reads like its steps: plan from the model, bind one
 * gateway per load balancer, start the databases and the local SQS/SNS endpoint, start each service's and
 * worker's replicas (web ones behind their target groups with health checks), arm the scheduled jobs, then
 * (optionally) watch sources for rolling restarts; `stop()` disarms the schedules, drains, stops every
 * process tree (job runs included) and closes the endpoint and the gateways. All parts report on one typed
 * event bus.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { databaseEnvironment, type LocalDatabase, redactedUrl, type RunningDatabase } from "./database.js";
import { startDatabase } from "./start-database.js";
import type { Environment } from "../model/types.js";
import { DevBus, type GatewayStatus, type JobStatus, type QueueStatus, type ServiceStatus } from "./events.js";
import { FunctionPool, type FunctionStatus } from "./function-pool.js";
import { Gateway } from "./gateway.js";
import { type ServedHttpApi, serveHttpApi } from "./http-api-gateway.js";
import { type ServedSite, serveSite } from "./site-server.js";
import { localSecretId, type LocalSecrets, startLocalSecrets } from "./local-secrets.js";
import { pollQueue } from "./queue-trigger.js";
import { scheduledEvent } from "./scheduled-event.js";
import { localHealthTiming } from "./health.js";
import { watchHealth } from "./health-checker.js";
import { type JobOutcome, type JobRunOptions, runJob } from "./job-run.js";
import { LOCAL_CREDENTIALS, type LocalMessaging, messagingEnvironment, startMessaging } from "./messaging.js";
import {
  functionProcessName,
  type LocalFunctionPlan,
  type LocalFunctionSchedule,
  type LocalJobPlan,
  type LocalPlan,
  type LocalServicePlan,
  planLocal,
  replicaEnvironment,
} from "./plan.js";
import { JobScheduler } from "./scheduler.js";
import { freePort } from "./ports.js";
import { type ProcessOptions, SupervisedProcess } from "./process.js";
import { type ServedGateway, serveGateway } from "./serve.js";
import { TargetGroup, type TargetAddress } from "./target-group.js";
import { undiciUpstream, type Upstream } from "./upstream.js";
import { watchSources } from "./watch.js";

export const DEFAULT_PUBLIC_PORT = 8080;

export interface DevOptions {
  /** Directory of the config file: `local.cwd` is relative to it. */
  readonly configDir: string;
  /** Port of the first internet-facing gateway. Default 8080; 0 picks a free one. */
  readonly port?: number;
  /** Health-check interval and timeout factor. Default 1/30 (30 seconds → 1 second). */
  readonly healthScale?: number;
  /** Restart a service, one replica at a time, when files in its directory change. */
  readonly watch?: boolean;
  readonly bus?: DevBus;
  /** Where secret values come from locally. Default: berth's own environment. */
  readonly secrets?: Readonly<Record<string, string | undefined>>;
  /** Extra environment for every service (e.g. database settings). */
  readonly extraEnv?: (service: string) => Readonly<Record<string, string>>;
  readonly statusIntervalMs?: number;
  readonly process?: ProcessOptions;
  /** How long a rolling restart waits for a new replica to turn healthy. Default 60 s. */
  readonly readyTimeoutMs?: number;
  /** Databases to run locally (PostgreSQL embedded, MySQL from the machine), with the settings their services receive. Default: the plan's. */
  readonly databases?: readonly LocalDatabase[];
  /** Where local databases keep their data between runs. Default `<configDir>/.berth/dev/<env>`. */
  readonly dataDir?: string;
  /** How job runs retry and stop. */
  readonly jobs?: JobRunOptions;
}

export interface DevStatus {
  gateways: GatewayStatus[];
  services: ServiceStatus[];
  queues: QueueStatus[];
  jobs: JobStatus[];
  functions: FunctionStatus[];
}

export interface DevRuntime {
  readonly bus: DevBus;
  readonly plan: LocalPlan;
  readonly gateways: readonly { readonly key: string; readonly internal: boolean; readonly url: string; readonly port: number }[];
  /** One local gateway per HTTP API, keyed `api-<key>` (the API's stack). */
  readonly httpApis: readonly { readonly key: string; readonly url: string; readonly port: number }[];
  /** One local server per static site, keyed `site-<key>` (the site's stack). */
  readonly sites: readonly { readonly key: string; readonly url: string; readonly port: number }[];
  /** Resolves once every routed service has a healthy target behind each of its gateways. */
  readonly ready: Promise<void>;
  status(): DevStatus;
  /** Runs a scheduled job or a function's schedule at once (besides its schedule); resolves when the run, with its retries, has ended. */
  runJob(name: string): Promise<JobOutcome>;
  /** Replaces the service's replicas (or only the one named) one at a time: start new, wait healthy, drain old, stop old. */
  rollingRestart(service: string, reason?: string, replica?: string): Promise<void>;
  stop(): Promise<void>;
}

interface Replica {
  readonly process: SupervisedProcess;
  readonly target: TargetAddress;
}

export async function startDev(env: Environment, opts: DevOptions): Promise<DevRuntime> {
  const plan = planLocal(env, opts.configDir);
  const bus = opts.bus ?? new DevBus();
  const abort = new AbortController();
  const groups = createTargetGroups(plan, bus);
  const { gateways, served, upstreams } = await bindGateways(plan, groups, opts.port ?? DEFAULT_PUBLIC_PORT);
  let databases: RunningDatabase[] = [];
  let messaging: LocalMessaging | undefined;
  let secretStore: LocalSecrets | undefined;
  const apis: ServedHttpApi[] = [];
  const sites: ServedSite[] = [];
  const pools = new Map<string, FunctionPool>();
  try {
    databases = await startDatabases(opts.databases ?? plan.databases, opts.dataDir ?? join(opts.configDir, ".berth", "dev", env.name), bus);
    messaging = plan.messaging ? await startMessaging(plan.messaging) : undefined;
    secretStore = plan.functions.some((f) => f.secrets.length > 0 || f.databases.length > 0) ? await startLocalSecrets() : undefined;
    for (const api of plan.httpApis) apis.push(await serveHttpApi(api, (fn, event) => pools.get(fn)!.invoke(event)));
    for (const site of plan.sites) sites.push(await serveSite(site));
  } catch (e) {
    await Promise.all([...apis, ...sites].map((a) => a.close()));
    await secretStore?.stop();
    await messaging?.stop();
    await Promise.all(databases.map((d) => d.stop()));
    await Promise.all([...served.values()].map((g) => g.close()));
    throw e;
  }
  if (messaging && plan.messaging)
    bus.emit({ type: "messaging", url: messaging.url, queues: plan.messaging.queues.map((q) => q.name), topics: plan.messaging.topics.map((t) => t.name) });
  const gatewayUrl = (key: string) => served.get(key)!.url;
  for (const g of gateways) bus.emit({ type: "gateway", key: g.spec.key, internal: g.spec.internal, url: gatewayUrl(g.spec.key) });
  for (const a of apis) bus.emit({ type: "gateway", key: `api-${a.key}`, internal: false, url: a.url, httpApi: true });
  for (const s of sites) bus.emit({ type: "gateway", key: `site-${s.key}`, internal: false, url: s.url, site: true });
  for (const s of plan.sites)
    if (!existsSync(join(s.dir, "index.html")))
      bus.emit({ type: "warning", message: `static site ${s.key}: ${s.dir} has no index.html yet; build the site there (it is served as soon as it exists)` });
  for (const name of plan.notRun) bus.emit({ type: "warning", message: notRunWarning(env, name) });
  for (const { service, why } of plan.notLocal) bus.emit({ type: "warning", message: `berth dev does not run "${service}": ${why}` });

  const replicas = new Map<string, Replica[]>(plan.services.map((s) => [s.name, []]));
  let seq = 0;
  const groupsOf = (s: LocalServicePlan) => s.loadBalancers.map((lb) => groups.get(lb)!.get(s.name)!);

  /** A process's environment: extra, database settings, queues and topics, then its own values as on AWS. */
  const processEnvironment = (p: LocalServicePlan | LocalJobPlan, port: number | undefined) => ({
    ...opts.extraEnv?.(p.name),
    ...databaseEnvironment(p.name, databases),
    ...(messaging ? messagingEnvironment(p, messaging) : {}),
    ...replicaEnvironment(p, { port, gatewayUrl, secrets: opts.secrets ?? process.env }),
  });

  async function launch(s: LocalServicePlan): Promise<Replica> {
    // A worker without a port listens on none: it gets no PORT, and shows port 0.
    const port = s.listens ? await freePort() : 0;
    const replica = `${s.name}#${++seq}`;
    const target: TargetAddress = { id: replica, host: "127.0.0.1", port };
    const timing = localHealthTiming(s.healthCheck, opts.healthScale, s.healthCheckGraceSeconds);
    const envVars = processEnvironment(s, s.listens ? port : undefined);
    const proc = new SupervisedProcess(
      { service: s.name, replica, command: s.command, cwd: s.cwd, env: envVars, port },
      bus,
      {
        onStart: () => {
          for (const group of groupsOf(s)) {
            group.register(target);
            void watchHealth(group, target, timing, abort.signal);
          }
        },
        onExit: () => {
          for (const group of groupsOf(s)) group.remove(target.id);
          for (const u of upstreams) void u.forget(target);
        },
      },
      opts.process,
    );
    const r = { process: proc, target };
    replicas.get(s.name)!.push(r);
    proc.start();
    return r;
  }

  function healthyEverywhere(s: LocalServicePlan, id: string): boolean {
    return groupsOf(s).every((g) => g.health(id) === "healthy");
  }

  async function waitHealthy(s: LocalServicePlan, id: string, timeoutMs: number): Promise<boolean> {
    if (healthyEverywhere(s, id)) return true;
    const timeout = AbortSignal.timeout(timeoutMs);
    return bus
      .once((e) => e.type === "health" && e.target === id && healthyEverywhere(s, id), AbortSignal.any([timeout, abort.signal]))
      .then(
        () => true,
        () => false,
      );
  }

  async function retire(s: LocalServicePlan, r: Replica): Promise<void> {
    await Promise.all(groupsOf(s).map((g) => g.deregister(r.target.id)));
    await r.process.stop();
    const list = replicas.get(s.name)!;
    list.splice(list.indexOf(r), 1);
  }

  for (const s of plan.services) for (let i = 0; i < s.replicas; i++) await launch(s);

  const ready = Promise.all(plan.services.flatMap((s) => replicas.get(s.name)!.map((r) => waitHealthy(s, r.target.id, 24 * 3600_000)))).then(() => {
    if (!abort.signal.aborted) bus.emit({ type: "ready" });
  });

  const restarting = new Map<string, Promise<void>>();
  async function rollingRestart(name: string, reason = "requested", only?: string): Promise<void> {
    const s = plan.services.find((x) => x.name === name);
    if (!s) throw new UsageError(`no local service "${name}"`);
    if (only !== undefined && !replicas.get(name)!.some((r) => r.target.id === only)) throw new UsageError(`service "${name}" has no replica "${only}"`);
    const previous = restarting.get(name) ?? Promise.resolve();
    const run = previous.then(async () => {
      bus.emit({ type: "restart", service: name, reason });
      for (const old of replicas.get(name)!.filter((r) => only === undefined || r.target.id === only)) {
        if (abort.signal.aborted) return;
        const fresh = await launch(s);
        if (!(await waitHealthy(s, fresh.target.id, opts.readyTimeoutMs ?? 60_000))) {
          bus.emit({ type: "warning", message: `${fresh.target.id} did not turn healthy; keeping ${old.target.id}` });
          await retire(s, fresh);
          return;
        }
        await retire(s, old);
      }
    });
    restarting.set(
      name,
      run.catch(() => {}),
    );
    return run;
  }

  for (const f of plan.functions) {
    pools.set(f.key, new FunctionPool({ ...f, env: functionEnvironment(f), command: f.command ?? undefined }, bus));
    const file = f.handler.slice(0, f.handler.lastIndexOf("."));
    if (f.command === null && ![".js", ".mjs", ".cjs"].some((ext) => existsSync(join(f.dir, file + ext))))
      bus.emit({
        type: "warning",
        message: `function "${f.key}": no ${file}.js, .mjs or .cjs in ${f.dir} (its handler ${f.handler}); its invocations fail until it is there (build it first if it needs a build)`,
      });
  }

  /**
   * A function's environment: what Lambda sets (name, memory, region, task root, handler), database
   * settings, queues and topics on the local endpoint, the `<NAME>_SECRET_ID` ids on the local secrets
   * endpoint, then its own values.
   */
  function functionEnvironment(f: LocalFunctionPlan): Record<string, string> {
    const name = functionProcessName(f.key);
    const out: Record<string, string> = {
      ...opts.extraEnv?.(name),
      ...databaseEnvironment(name, databases),
      ...(messaging ? messagingEnvironment(f, messaging) : {}),
    };
    if (secretStore) {
      Object.assign(out, {
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secretStore.url,
        AWS_ENDPOINT_URL_SSM: secretStore.url,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_SESSION_TOKEN: "",
      });
      for (const use of f.databases) {
        const db = databases.find((d) => d.db.name === use.database);
        const id = localSecretId(`db/${use.database}`);
        out[use.secretIdVar] = id;
        if (db) {
          const s = db.settings;
          secretStore.set(id, JSON.stringify({ username: s.user, password: s.password, engine: s.engine, host: s.host, port: s.port, dbname: s.database }));
        }
      }
      for (const secret of f.secrets) {
        const local = secret.variable.replace(/_(SECRET_ID|PARAMETER)$/, "");
        const id = secret.source === "ssm" ? secret.ref : localSecretId(local);
        out[secret.variable] = id;
        const value = (opts.secrets ?? process.env)[local];
        if (value !== undefined) secretStore.set(id, value);
        else
          bus.emit({
            type: "warning",
            message: `function "${f.key}": ${secret.variable} points at a secret berth dev serves from its own ${local}, which is not set`,
          });
      }
    }
    for (const v of f.environment) out[v.name] = v.value;
    return {
      ...out,
      AWS_REGION: f.region,
      AWS_DEFAULT_REGION: f.region,
      AWS_LAMBDA_FUNCTION_NAME: f.functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(f.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      LAMBDA_TASK_ROOT: f.dir,
      _HANDLER: f.handler,
    };
  }

  const pollers = plan.functions.flatMap((f) =>
    f.queueTrigger && messaging
      ? [
          pollQueue(
            f.queueTrigger,
            {
              endpoint: messaging.url,
              queueUrl: messaging.queueUrl(f.queueTrigger.queue),
              region: messaging.region,
              invoke: (event) => pools.get(f.key)!.invoke(event),
              onError: (message) => bus.emit({ type: "warning", message: `function "${f.key}" could not poll ${f.queueTrigger!.queueName}: ${message}` }),
            },
            abort.signal,
          ),
        ]
      : [],
  );

  let fnRuns = 0;
  const functionScheduler = new JobScheduler<LocalFunctionSchedule>(
    plan.functions.flatMap((f) => f.schedules),
    async (schedule, reason) => {
      const run = `${schedule.name}@${++fnRuns}`;
      const startedAt = new Date();
      bus.emit({ type: "job", job: schedule.name, run, attempt: 1, state: "started", reason });
      const end = await pools
        .get(schedule.function)!
        .invoke(schedule.input ?? scheduledEvent(schedule.rule, plan.functions.find((f) => f.key === schedule.function)!.region, startedAt));
      const result = abort.signal.aborted ? "stopped" : end.ok ? "succeeded" : end.timedOut ? "timed out" : "failed";
      bus.emit({ type: "job", job: schedule.name, run, attempt: 1, state: result, reason, exitCode: null, durationMs: end.durationMs });
      return { run, result, attempts: 1, exitCode: null, startedAt, durationMs: Date.now() - startedAt.getTime() };
    },
  );
  functionScheduler.start();

  let runs = 0;
  const jobRuns = new Set<Promise<JobOutcome>>();
  const scheduler = new JobScheduler(plan.jobs, (job, reason) => {
    const run = runJob(
      {
        job: job.name,
        run: `${job.name}@${++runs}`,
        command: job.command,
        cwd: job.cwd,
        env: processEnvironment(job, undefined),
        timeoutMs: job.timeoutMs,
        retries: job.retries,
        reason,
      },
      bus,
      abort.signal,
      opts.jobs,
    );
    jobRuns.add(run);
    void run.finally(() => jobRuns.delete(run));
    return run;
  });
  scheduler.start();

  const unwatch = opts.watch
    ? watchSources(
        plan.services.map((s) => ({ name: s.name, dir: s.cwd })),
        (name, file) => void rollingRestart(name, `${file} changed`),
      )
    : undefined;

  let queues: QueueStatus[] = [];
  const refreshQueues = async () => {
    if (messaging && !abort.signal.aborted) queues = await messaging.queues().catch(() => queues);
  };
  await refreshQueues();

  function status(): DevStatus {
    return {
      queues,
      jobs: [...scheduler.status(), ...functionScheduler.status()],
      functions: [...pools.values()].map((p) => p.status()),
      gateways: [
        ...gateways.map((g) => ({
          key: g.spec.key,
          internal: g.spec.internal,
          url: gatewayUrl(g.spec.key),
          requests: g.counters.requests,
          errors: g.counters.errors,
        })),
        ...apis.map((a) => ({ key: `api-${a.key}`, internal: false, url: a.url, requests: a.counters.requests, errors: a.counters.errors })),
        ...sites.map((x) => ({ key: `site-${x.key}`, internal: false, url: x.url, requests: x.counters.requests, errors: x.counters.errors })),
      ],
      services: plan.services.flatMap((s) => {
        const processes = replicas
          .get(s.name)!
          .map((r) => ({ replica: r.target.id, pid: r.process.pid, port: r.target.port, state: r.process.state, restarts: r.process.restarts }));
        const lbs = s.loadBalancers.length > 0 ? s.loadBalancers : [undefined];
        return lbs.map((lb) => ({ service: s.name, loadBalancer: lb, targets: lb ? groups.get(lb)!.get(s.name)!.stats() : [], processes }));
      }),
    };
  }
  const ticker = setInterval(
    () =>
      void refreshQueues().then(() => {
        if (!abort.signal.aborted) bus.emit({ type: "status", ...status() });
      }),
    opts.statusIntervalMs ?? 1000,
  );

  let stopping: Promise<void> | undefined;
  async function stop(): Promise<void> {
    stopping ??= (async () => {
      scheduler.stop();
      functionScheduler.stop();
      abort.abort();
      clearInterval(ticker);
      await unwatch?.();
      await Promise.all([
        ...plan.services.flatMap((s) => [...replicas.get(s.name)!].map((r) => retire(s, r))),
        ...jobRuns,
        ...pollers,
        ...[...pools.values()].map((p) => p.stop()),
      ]);
      await Promise.all([...apis, ...sites].map((a) => a.close()));
      await secretStore?.stop();
      await messaging?.stop();
      await Promise.all([...served.values()].map((g) => g.close()));
      await Promise.all(upstreams.map((u) => u.close()));
      await Promise.all(databases.map((d) => d.stop()));
      bus.emit({ type: "stopped" });
    })();
    return stopping;
  }

  return {
    bus,
    plan,
    gateways: gateways.map((g) => ({ key: g.spec.key, internal: g.spec.internal, url: gatewayUrl(g.spec.key), port: served.get(g.spec.key)!.port })),
    httpApis: apis.map((a) => ({ key: `api-${a.key}`, url: a.url, port: a.port })),
    sites: sites.map((s) => ({ key: `site-${s.key}`, url: s.url, port: s.port })),
    ready,
    status,
    runJob(name) {
      if (functionScheduler.has(name) && !scheduler.has(name)) return functionScheduler.fire(name);
      if (scheduler.has(name)) return scheduler.fire(name);
      const known = [...scheduler.names(), ...functionScheduler.names()];
      throw new UsageError(
        `no scheduled job or function schedule "${name}" runs locally`,
        known.length > 0 ? `schedules: ${known.join(", ")}` : "this environment has no local schedule",
      );
    },
    rollingRestart,
    stop,
  };
}

/** Why a service or job without `local.command` gets no process, in its kind's terms. */
function notRunWarning(env: Environment, name: string): string {
  const kind = env.services.find((s) => s.name === name)?.kind;
  const what = kind === "job" ? `scheduled job "${name}"` : kind === "worker" ? `worker "${name}"` : `service "${name}"`;
  const effect = kind === "job" ? "it never fires locally" : kind === "worker" ? "nothing consumes its queue locally" : "its routes answer 503";
  return `${what} has no local.command, so berth dev does not run it; ${effect}`;
}

/** Starts the databases one after the other (stopping those started when one fails). */
async function startDatabases(dbs: readonly LocalDatabase[], dir: string, bus: DevBus): Promise<RunningDatabase[]> {
  const running: RunningDatabase[] = [];
  try {
    for (const db of dbs) {
      const d = await startDatabase(db, {
        dir,
        log: (line) => bus.emit({ type: "log", service: `db:${db.name}`, replica: `db:${db.name}`, stream: "stderr", line }),
      });
      running.push(d);
      bus.emit({ type: "database", name: db.name, engine: db.engine, url: redactedUrl(d.settings), dataDir: d.dataDir });
    }
  } catch (e) {
    await Promise.all(running.map((d) => d.stop()));
    throw e;
  }
  return running;
}

/** One target group per (load balancer, service), reporting health changes on the bus. */
function createTargetGroups(plan: LocalPlan, bus: DevBus): Map<string, Map<string, TargetGroup>> {
  const groups = new Map<string, Map<string, TargetGroup>>(plan.gateways.map((g) => [g.key, new Map()]));
  for (const s of plan.services) {
    for (const lb of s.loadBalancers) {
      const group = new TargetGroup(s.name, s.healthCheck, s.deregistrationDelayMs, (t, from, to) =>
        bus.emit({ type: "health", service: s.name, loadBalancer: lb, target: t.id, address: `${t.host}:${t.port}`, from, to }),
      );
      groups.get(lb)!.set(s.name, group);
    }
  }
  return groups;
}

/** Binds the gateways: the first internet-facing one on `publicPort`, the others on free ports. */
async function bindGateways(plan: LocalPlan, groups: Map<string, Map<string, TargetGroup>>, publicPort: number) {
  const publicKey = plan.gateways.find((g) => !g.internal)?.key;
  const gateways: Gateway[] = [];
  const upstreams: Upstream[] = [];
  const served = new Map<string, ServedGateway>();
  try {
    for (const g of plan.gateways) {
      const upstream = undiciUpstream({ timeoutMs: g.idleTimeoutMs });
      const gateway = new Gateway(g, groups.get(g.key)!, upstream);
      const port = g.key === publicKey ? publicPort : 0;
      const bound = await serveGateway(gateway, { port, idleTimeoutMs: g.idleTimeoutMs }).catch((e: NodeJS.ErrnoException) => {
        if (e.code === "EADDRINUSE")
          throw new UsageError(
            `port ${port} is already in use, so the ${g.key} gateway cannot listen on it`,
            "pass --port <n> (or --port 0 for any free port)",
          );
        throw e;
      });
      gateways.push(gateway);
      upstreams.push(upstream);
      served.set(g.key, bound);
    }
  } catch (e) {
    await Promise.all([...served.values()].map((s) => s.close()));
    throw e;
  }
  return { gateways, served, upstreams };
}
