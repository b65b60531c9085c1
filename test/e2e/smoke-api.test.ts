/**
 * `berth smoke` of an HTTP API end to end: the built CLI with the fake `terraform` and `aws`
 * (test/fake-terraform), the API's recorded `url` pointing at a local server: its health check path is
 * requested, a failure names the functions behind its routes, `berth deploy <function> --smoke` tests the
 * APIs the function serves, and a name that is neither a service nor an HTTP API is refused with both lists.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { berth, fakeTools, ROOT } from "../support/fake-tools.js";

const API = `functions:
  hello:
    dir: hello
    handler: index.handler
    http: { api: public, routes: ["GET /health", "POST /orders"] }
httpApis:
  public:
    healthCheck: { path: /health }
  internal: {}
`;

/** The function shifts its traffic through CodeDeploy, so `berth deploy hello` deploys it. */
const BLUE_GREEN = `    deployment: { strategy: blue-green }
`;

function world(functionExtra = "") {
  const dir = mkdtempSync(join(tmpdir(), "berth-smoke-api-"));
  cpSync(join(ROOT, "test", "fixtures", "runner", "berth.yaml"), join(dir, "berth.yaml"));
  const api = API.replace("    http: {", `${functionExtra}    http: {`);
  writeFileSync(join(dir, "berth.yaml"), readFileSync(join(dir, "berth.yaml"), "utf8") + api);
  mkdirSync(join(dir, "hello"));
  writeFileSync(join(dir, "hello", "index.mjs"), "export const handler = async () => ({ statusCode: 200 });\n");
  const fakes = fakeTools(dir, { extra: { BERTH_SMOKE_INTERVAL_MS: "10", BERTH_SMOKE_ATTEMPTS: "2", BERTH_CODEDEPLOY_POLL_MS: "5" } });
  const run = (args: string[], out = true) =>
    berth([...args, "--config", join(dir, "berth.yaml"), "--env", "staging", ...(out ? ["--out", join(dir, "infra")] : [])], { cwd: dir, env: fakes.env });
  return { fakes, run };
}

describe("berth smoke of an HTTP API", { timeout: 120_000 }, () => {
  it("requests its health check path at its recorded URL, and names the functions behind its routes when it fails", async () => {
    let healthy = true;
    const server = createServer((req, res) => res.writeHead(req.url === "/health" && healthy ? 204 : 500).end());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const w = world();
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      w.fakes.fakeTerraform({ outputs: { "api-public": { url } } });
      const boot = await w.run(["bootstrap"], false);
      expect(boot.code, boot.stderr).toBe(0);
      expect((await w.run(["plan"])).code).toBe(0);
      const apply = await w.run(["apply", "--yes"]);
      expect(apply.code, apply.stdout + apply.stderr).toBe(0);

      const good = await w.run(["smoke", "public", "internal"]);
      expect(good.code, good.stderr).toBe(0);
      expect(good.stdout).toContain(`smoke staging/public (HTTP API): GET ${url}/health → HTTP 204`);
      expect(good.stdout).toContain("smoke staging/internal (HTTP API): skipped (no health check path: set httpApis.internal.healthCheck.path)");
      expect(good.stdout).not.toContain("staging/api");

      healthy = false;
      const bad = await w.run(["smoke", "public"]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(
        `error: smoke test of public failed: GET ${url}/health answered HTTP 500, expected HTTP 200-399; its routes run hello; their logs: aws logs tail /aws/lambda/shop-staging-hello --region eu-west-1 --since 15m`,
      );
    } finally {
      server.close();
    }
  });

  it("after berth deploy <function> --smoke, tests the HTTP APIs whose routes run the function", async () => {
    let healthy = true;
    const server = createServer((req, res) => res.writeHead(req.url === "/health" && healthy ? 200 : 503).end());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const w = world(BLUE_GREEN);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      w.fakes.fakeTerraform({ outputs: { "api-public": { url }, "function-hello": { version: "2" } } });
      w.fakes.fakeAws({ aliasVersion: "1" });
      expect((await w.run(["bootstrap"], false)).code).toBe(0);
      expect((await w.run(["plan"])).code).toBe(0);
      expect((await w.run(["apply", "--yes"])).code).toBe(0);

      const good = await w.run(["deploy", "hello", "--yes", "--smoke"]);
      expect(good.code, good.stdout + good.stderr).toBe(0);
      expect(good.stdout).toContain(`smoke staging/public (HTTP API): GET ${url}/health → HTTP 200`);

      healthy = false;
      const bad = await w.run(["deploy", "hello", "--yes", "--smoke"]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(`error: smoke test of public failed: GET ${url}/health answered HTTP 503, expected HTTP 200-399; its routes run hello`);
    } finally {
      server.close();
    }
  });

  it("refuses a name that is neither a service nor an HTTP API, listing both (exit 2)", async () => {
    const r = await world().run(["smoke", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('there is no service or HTTP API "nope" in staging');
    expect(r.stderr).toContain("hint: services: api, web; HTTP APIs: internal, public");
  });
});
