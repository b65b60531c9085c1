/**
 * Malformed and hostile inputs, as a new user meets them, and what berth must answer: the exit code,
 * the first problem it reports (location first: `file:line:column`, or the config path) and, where it
 * matters, that nothing else is said. One row per case; add a row for each new way to go wrong.
 */

export interface BadInputCase {
  readonly name: string;
  /** Files written into an empty folder before the run; `berth.yaml` unless named otherwise. */
  readonly files: Readonly<Record<string, string>>;
  /** The command line; `{dir}` is the case's folder. Default: `validate --config <first file>`. */
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Run as this uid (root only: to meet permissions root would ignore). */
  readonly uid?: number;
  readonly code: number;
  /** The first problem reported starts with this location (or, for command-line problems, is this). */
  readonly location?: string;
  /** …and then matches this. */
  readonly first: RegExp;
  /** Number of problems reported, when it matters. */
  readonly count?: number;
  /** Something that must appear somewhere in stderr (a second error of the same run, a frame). */
  readonly alsoSays?: RegExp;
  readonly neverSays?: RegExp;
}

const ENVS = "environments:\n  prod:\n    tier: prod\n    region: us-east-1\n";
const yaml = (body: string, envs = ENVS) => `project: shop\n${body}${envs}`;
const API = "services:\n  api:\n    port: 8080\n";
const TS_BODY = 'project: "shop", services: { api: { port: 8080 } }, environments: { prod: { tier: "prod", region: "us-east-1" } }';
const manyRoutes = (n: number, quota = "") =>
  yaml(
    `loadBalancers:\n  public: {${quota}}\nservices:\n${Array.from({ length: n }, (_, i) => `  s${i}: { port: 8080, routes: [{ loadBalancer: public, path: "/s${i}/*" }] }\n`).join("")}`,
  );

export const CASES: readonly BadInputCase[] = [
  // Keys JavaScript treats specially.
  {
    name: "a service named __proto__ (YAML)",
    files: { "berth.yaml": yaml(`${API}  __proto__:\n    port: 8081\n`) },
    code: 2,
    location: "berth.yaml:5: services.__proto__",
    first: /cannot be used as a name/,
  },
  {
    name: "a service named __proto__ (TS literal)",
    files: { "berth.config.ts": `export default { ${TS_BODY.replace("services: {", "services: { __proto__: { port: 1 },")} };` },
    code: 2,
    location: "berth.config.ts:1: services.__proto__",
    first: /cannot be used as a name/,
  },
  {
    name: "an environment named __proto__",
    files: { "berth.yaml": yaml(API, `${ENVS}  __proto__:\n    tier: dev\n    region: us-east-1\n`) },
    code: 2,
    location: "berth.yaml:9: environments.__proto__",
    first: /cannot be used as a name/,
  },
  {
    name: "a database named constructor with an empty environment override",
    files: {
      "berth.yaml": yaml(
        'services:\n  api: { port: 8080, databases: { constructor: true } }\ndatabases:\n  constructor: { engine: postgres, version: "16" }\n',
        `${ENVS}    databases: {}\n`,
      ),
    },
    code: 0,
    first: /^$/,
  },
  // Values AWS would refuse.
  {
    name: "a negative idle timeout",
    files: { "berth.yaml": yaml(`loadBalancers:\n  public: { idleTimeout: "-1 seconds" }\n${API}`) },
    code: 2,
    location: "berth.yaml:3: loadBalancers.public.idleTimeout",
    first: /not negative/,
  },
  {
    name: "a negative deregistration delay",
    files: { "berth.yaml": yaml(`${API}    deregistrationDelay: "-5 seconds"\n`) },
    code: 2,
    location: "berth.yaml:5: services.api.deregistrationDelay",
    first: /not negative/,
  },
  {
    name: "a negative image expiry",
    files: { "berth.yaml": yaml(`${API}    repository: { expireUntagged: "-7 days" }\n`) },
    code: 2,
    location: "berth.yaml:5: services.api.repository.expireUntagged",
    first: /not negative/,
  },
  {
    name: "a log retention CloudWatch refuses",
    files: { "berth.yaml": yaml(`${API}    logRetention: "100000 days"\n`) },
    code: 2,
    location: "berth.yaml:5: services.api.logRetention",
    first: /one of 1, 3, 5, 7, 14, 30, .* 3653 days; got "100000 days"/,
  },
  {
    name: "a path pattern with characters ALB refuses",
    files: { "berth.yaml": yaml(`loadBalancers: { public: {} }\n${API}    routes: [{ loadBalancer: public, path: "/é#%<|;{}^" }]\n`) },
    code: 2,
    location: "berth.yaml:6: services.api.routes[0].path",
    first: /refused: é # % < \| ; \{ \} \^/,
  },
  {
    name: "an unknown region",
    files: { "berth.yaml": yaml(API, "environments:\n  prod:\n    tier: prod\n    region: eu-west-9\n") },
    code: 2,
    location: "berth.yaml:8: environments.prod.region",
    first: /"eu-west-9" is not .*did you mean "eu-west-1"/,
  },
  {
    name: "a port of 1e20, in one message",
    files: { "berth.yaml": yaml("services:\n  api:\n    port: 1e20\n") },
    code: 2,
    location: "berth.yaml:4: services.api.port",
    first: /^a port is a whole number from 1 to 65535; got 100000000000000000000$/,
    count: 1,
  },
  {
    name: "port 0 in berth's words",
    files: { "berth.yaml": yaml("services:\n  api:\n    port: 0\n") },
    code: 2,
    location: "berth.yaml:4: services.api.port",
    first: /^a port is a whole number from 1 to 65535; got 0$/,
  },
  {
    name: "a name berth refuses, with its rule and a fix",
    files: { "berth.yaml": yaml("services:\n  Api_Server:\n    port: 8080\n") },
    code: 2,
    location: "berth.yaml:3: services.Api_Server",
    first: /^service name must be lowercase letters/,
    alsoSays: /hint: rename it, e.g. "api-server"/,
  },
  {
    name: "250 listener rules: a warning, not an error",
    files: { "berth.yaml": manyRoutes(250) },
    code: 0,
    location: "warning: berth.yaml:3: loadBalancers.public",
    first: /has 250 listener rules; AWS allows 100 per load balancer unless the quota is raised/,
  },
  { name: "250 listener rules under a stated quota", files: { "berth.yaml": manyRoutes(250, " ruleQuota: 300 ") }, code: 0, first: /^$/ },
  // Where the error is.
  {
    name: "a YAML syntax error: line, column, frame, and only the first",
    files: { "berth.yaml": "project: shop\nservices:\n  api\n    port: 8080\n  web\n    port: 1\n" },
    code: 2,
    location: "berth.yaml:3:3",
    first: /^invalid YAML: Implicit keys need to be on a single line$/,
    count: 1,
    alsoSays: /3 \|   api\n\s+\|   \^/,
  },
  {
    name: "a TS syntax error: line and column",
    files: { "berth.config.ts": `export default {\n  project: "shop"\n  services: {},\n};\n` },
    code: 2,
    location: "berth.config.ts:3:3",
    first: /^syntax error: Unexpected token, expected ","/,
  },
  {
    name: "a TS config without a default export",
    files: { "berth.config.ts": `export const config = { ${TS_BODY} };\n` },
    code: 2,
    location: "(root)",
    first: /has no default export \(it exports "config"\)/,
    count: 1,
    alsoSays: /export default/,
  },
  { name: "export default null", files: { "berth.config.ts": "export default null;\n" }, code: 2, location: "(root)", first: /the default export is null/ },
  {
    name: "a getter that throws",
    files: { "berth.config.ts": `export default { ${TS_BODY}, get tags() { throw new Error("no tags today"); } };\n` },
    code: 2,
    location: "berth.config.ts:1: tags",
    first: /^reading this value threw: no tags today$/,
  },
  {
    name: "a function where a value belongs",
    files: { "berth.config.ts": `export default { ${TS_BODY.replace("port: 8080", "port: 8080, environment: { X: () => 1 }")}, tags: { a: Symbol("s") } };\n` },
    code: 2,
    location: "berth.config.ts:1: tags.a",
    first: /^expected string; got symbol$/,
    alsoSays: /services\.api\.environment\.X: expected a string, \{ url: "<service>" \} or \{ value: "…", secret: false \}; got function/,
  },
  {
    name: "process.exit(0) in a config",
    files: { "berth.config.ts": `process.exit(0);\nexport default { ${TS_BODY} };\n` },
    code: 2,
    location: "(root)",
    first: /called process\.exit\(0\) while loading/,
  },
  {
    name: "a top-level await that never settles",
    files: { "berth.config.ts": `await new Promise(() => {});\nexport default { ${TS_BODY} };\n` },
    env: { BERTH_CONFIG_TIMEOUT: "1" },
    code: 2,
    location: "(root)",
    first: /did not finish loading within 1 seconds/,
  },
  {
    name: "a model error carries its YAML line",
    files: { "berth.yaml": yaml("services:\n  api:\n    port: 8080\n    cpu: 256\n    memory: 4096\n") },
    code: 2,
    location: "berth.yaml:6: services.api.memory",
    first: /does not pair with 256 CPU units on Fargate/,
  },
  {
    name: "schema and model errors in one run",
    files: {
      "berth.yaml": yaml(
        'loadBalancers: { public: {} }\nservices:\n  api:\n    port: 8080\n    cpu: 256\n    memory: 4096\n    deregistrationDelay: "-5 seconds"\n    routes: [{ loadBalancer: publik }]\n',
      ),
    },
    code: 2,
    location: "berth.yaml:8: services.api.deregistrationDelay",
    first: /not negative/,
    count: 3,
    alsoSays: /berth\.yaml:9: services\.api\.routes\[0\]\.loadBalancer: load balancer "publik" does not exist/,
  },
  {
    name: "a model error in a TS config carries the line of its property",
    files: {
      "berth.config.ts": `import { defineConfig } from "berth-iac";\n\nexport default defineConfig({\n  project: "shop",\n  services: {\n    api: {\n      port: 8080,\n      cpu: 256,\n      memory: 4096,\n    },\n  },\n  environments: { prod: { tier: "prod", region: "us-east-1" } },\n});\n`,
    },
    code: 2,
    location: "berth.config.ts:9: services.api.memory",
    first: /does not pair with 256 CPU units on Fargate/,
  },
  {
    name: "a TS config's schema and model errors, each at its line (a computed value: its property's line)",
    files: {
      "berth.config.ts": `const routes = () => [{ loadBalancer: "publik" }];\nexport default {\n  project: "shop",\n  loadBalancers: { public: {} },\n  services: {\n    api: {\n      port: 8080,\n      deregistrationDelay: "-5 seconds",\n      routes: routes(),\n    },\n  },\n  environments: { prod: { tier: "prod", region: "us-east-1" } },\n};\n`,
    },
    code: 2,
    location: "berth.config.ts:8: services.api.deregistrationDelay",
    first: /not negative/,
    count: 2,
    alsoSays: /berth\.config\.ts:9: services\.api\.routes\[0\]\.loadBalancer: load balancer "publik" does not exist/,
  },
  // The machine, not the config.
  {
    name: "--out at a file",
    files: { "berth.yaml": yaml(API), taken: "" },
    args: ["synth", "--config", "berth.yaml", "--out", "taken"],
    code: 2,
    first: /^--out taken is a file, not a directory$/,
  },
  {
    name: "--out under a file",
    files: { "berth.yaml": yaml(API), taken: "" },
    args: ["synth", "--config", "berth.yaml", "--out", "taken/infra"],
    code: 2,
    first: /^--out taken\/infra is under .*\/taken, which is a file$/,
  },
  {
    name: "--out where the system refuses folders (/proc), without hanging",
    files: { "berth.yaml": yaml(API) },
    args: ["synth", "--config", "berth.yaml", "--out", "/proc/berth-out"],
    code: 2,
    first: /^cannot write --out \/proc\/berth-out: \/proc\/berth-out: /,
  },
  {
    name: "--out in a folder the user may not write",
    files: { "berth.yaml": yaml(API) },
    args: ["synth", "--config", "berth.yaml", "--out", "/proc/1/berth-out"],
    uid: 65534,
    code: 2,
    first: /^cannot write --out \/proc\/1\/berth-out: .*: (permission denied|the system does not allow creating it there)$/,
  },
  {
    name: "a directory as --config uses the config in it",
    files: { "app/berth.yaml": yaml(API) },
    args: ["validate", "--config", "app"],
    code: 0,
    first: /^$/,
  },
  {
    name: "a directory without a config as --config",
    files: { "empty/.keep": "" },
    args: ["validate", "--config", "empty"],
    code: 2,
    first: /^--config empty is a directory without a config file$/,
    alsoSays: /berth looks there for berth\.config\.ts, .*berth\.yaml/,
  },
  // Secrets in plain environment values.
  {
    name: "a password in a plain environment value",
    files: { "berth.yaml": yaml(`${API}    environment:\n      DATABASE_PASSWORD: "hunter2-S3cret!"\n`) },
    code: 2,
    location: "berth.yaml:6: services.api.environment.DATABASE_PASSWORD",
    first: /looks like a secret \(its name/,
    alsoSays: /secrets: \{ DATABASE_PASSWORD: \{ secret: "database-password" \} \}/,
    neverSays: /hunter2/,
  },
  {
    name: "a Stripe live key under any name",
    files: { "berth.yaml": yaml(`${API}    environment:\n      PAYMENTS: "sk_live_${"a1B2c3D4e5".repeat(3)}"\n`) },
    code: 2,
    location: "berth.yaml:6: services.api.environment.PAYMENTS",
    first: /looks like a secret \(a Stripe Live Secret Key\)/,
    neverSays: /a1B2c3D4e5/,
  },
  {
    name: "an AWS secret access key",
    files: { "berth.yaml": yaml(`${API}    environment:\n      AWS_SECRET_ACCESS_KEY: "${"Ab3/".repeat(10)}"\n`) },
    code: 2,
    location: "berth.yaml:6: services.api.environment.AWS_SECRET_ACCESS_KEY",
    first: /looks like a secret/,
  },
  {
    name: "a secret in an environment's override",
    files: { "berth.yaml": yaml(API, `${ENVS}    services:\n      api:\n        environment: { API_TOKEN: "tok-123456789" }\n`) },
    code: 2,
    location: "berth.yaml:11: environments.prod.services.api.environment.API_TOKEN",
    first: /looks like a secret/,
  },
  {
    name: "a static site's host outside the environment's domain",
    files: {
      "berth.yaml": yaml(`${API}sites:\n  web:\n    dir: web/dist\n    host: www.other.com\n`, `${ENVS}    domain:\n      name: shop.example.com\n`),
    },
    code: 2,
    location: "berth.yaml:8: sites.web.host",
    first: /"www\.other\.com" is not within the environment's domain shop\.example\.com/,
  },
  {
    name: "a static site's folder missing at deploy",
    files: { "berth.yaml": yaml(`${API}sites:\n  web:\n    dir: web/dist\n`) },
    args: ["deploy", "web", "--config", "berth.yaml", "--out", "infra"],
    env: { BERTH_AWS_BINARY: "/nonexistent/aws" },
    code: 2,
    first: /sites\.web\.dir: the folder .*web\/dist does not exist/,
  },
  {
    name: "a value marked not secret",
    files: { "berth.yaml": yaml(`${API}    environment:\n      CACHE_KEY: { value: "users", secret: false }\n      LOG_LEVEL: debug\n`) },
    code: 0,
    first: /^$/,
  },
];
