/** Sidecars in the model: what they resolve to, and every rule ECS would otherwise refuse at deploy time, at its config path. */
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "./resolve.js";
import type { Service } from "./types.js";
import { modelReport as errors } from "../../test/support/config-errors.js";

const config = (api: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  project: "shop",
  loadBalancers: { public: {} },
  secrets: { "agent-key": {} },
  services: { api: { port: 8080, cpu: 512, memory: 1024, routes: [{ loadBalancer: "public" }], ...api } },
  environments: { prod: { tier: "prod", region: "eu-west-1" } },
  ...extra,
});
const api = (raw: unknown): Service => resolveModel(validateConfig(raw)).environments[0]!.services.find((s) => s.name === "api")!;

describe("sidecars", () => {
  it("resolve with ECS's defaults, sorted by name, the service's read-only root, and the main container's start order", () => {
    const s = api(
      config({
        dependsOn: { envoy: "HEALTHY" },
        sidecars: {
          envoy: {
            image: "envoyproxy/envoy:v1.31",
            port: 9901,
            cpu: 128,
            memory: "256 MB",
            healthCheck: { command: ["CMD-SHELL", "curl -f localhost:9901/ready"] },
            local: { command: "envoy -c envoy.yaml" },
          },
          agent: {
            image: "datadog/agent:7",
            essential: false,
            environment: { DD_SITE: "datadoghq.eu" },
            secrets: { DD_API_KEY: { secret: "agent-key" } },
          },
        },
      }),
    );
    expect(s.dependsOn).toEqual([{ container: "envoy", condition: "HEALTHY" }]);
    expect(s.sidecars.map((c) => c.name)).toEqual(["agent", "envoy"]);
    expect(s.sidecars[0]).toEqual({
      name: "agent",
      image: "datadog/agent:7",
      command: undefined,
      port: null,
      essential: false,
      cpu: null,
      memory: null,
      environment: [{ name: "DD_SITE", value: "datadoghq.eu" }],
      secrets: [{ name: "DD_API_KEY", source: "secretsmanager", ref: "shop-prod/agent-key", key: undefined, declared: "agent-key" }],
      dependsOn: [],
      healthCheck: null,
      mountPoints: [],
      readonlyRootFilesystem: true,
      local: undefined,
    });
    expect(s.sidecars[1]).toMatchObject({
      port: 9901,
      essential: true,
      cpu: 128,
      memory: 256,
      healthCheck: { command: ["CMD-SHELL", "curl -f localhost:9901/ready"], intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0 },
      local: { command: "envoy -c envoy.yaml", cwd: undefined },
    });
  });

  it("a service without sidecars has none and waits for nothing", () => {
    expect(api(config({}))).toMatchObject({ sidecars: [], dependsOn: [] });
  });

  it("refuses the service's name, a taken port, an unknown secret and a variable set twice", () => {
    const report = errors(
      config({
        sidecars: {
          api: { image: "a:1" },
          proxy: { image: "p:1", port: 8080, environment: { X: "1" }, secrets: { X: { ssm: "/x" }, Y: { secret: "nope" } } },
        },
      }),
    );
    expect(report).toMatch(/services\.api\.sidecars\.api: has the service's own name/);
    expect(report).toMatch(/services\.api\.sidecars\.proxy\.port: 8080 is already taken by the service \(port\)/);
    expect(report).toMatch(/services\.api\.sidecars\.proxy\.secrets\.Y\.secret: secret "nope" does not exist/);
    expect(report).toMatch(/services\.api\.sidecars\.proxy\.secrets\.X: is also set in environment/);
  });

  it("refuses dependencies ECS refuses: unknown, itself, HEALTHY without a health check, COMPLETE on an essential container, a cycle", () => {
    const report = errors(
      config({
        dependsOn: { envoy: "HEALTHY", migrate: "SUCCESS", enovy: "START" },
        sidecars: {
          envoy: { image: "e:1", dependsOn: { envoy: "START" } },
          migrate: { image: "m:1" },
          a: { image: "a:1", dependsOn: { b: "START" } },
          b: { image: "b:1", dependsOn: { a: "START" } },
          c: { image: "c:1", dependsOn: { api: "COMPLETE" } },
        },
      }),
    );
    expect(report).toMatch(/services\.api\.dependsOn\.enovy: container "enovy" does not exist; did you mean "envoy"\?/);
    expect(report).toMatch(/services\.api\.sidecars\.envoy\.dependsOn\.envoy: is the container itself/);
    expect(report).toMatch(
      /services\.api\.dependsOn\.envoy: waits for envoy to be HEALTHY, but envoy has no health check\n.*add healthCheck to sidecars\.envoy/,
    );
    expect(report).toMatch(/services\.api\.dependsOn\.migrate: waits for migrate to exit \(SUCCESS\), but migrate is essential.*\n.*essential: false/);
    expect(report).toMatch(/services\.api\.sidecars\.c\.dependsOn\.api: waits for api to exit \(COMPLETE\)/);
    expect(report).toMatch(/services\.api\.sidecars\.a\.dependsOn: form a cycle: a → b → a/);
  });

  it("refuses reservations that leave the service's container nothing, and sidecar ports in bridge mode", () => {
    expect(errors(config({ sidecars: { big: { image: "b:1", cpu: 512, memory: 1024 } } }))).toMatch(
      /services\.api\.sidecars: reserve 512 CPU units, all of the task's 512[\s\S]*limit memory to 1024 MiB in total/,
    );
    const ec2 = config(
      { subnet: "public", egress: "internet", cpu: 256, memory: 256, sidecars: { proxy: { image: "p:1", port: 9000 } } },
      { compute: { ec2: { instanceType: "t3.small", subnets: ["public"] } }, environments: { dev: { tier: "dev", region: "eu-west-1" } } },
    );
    expect(errors(ec2)).toMatch(/services\.api\.sidecars\.proxy\.port: cannot be reached on localhost: the service runs in bridge mode/);
  });

  it("refuses an unknown condition in the schema, listing the accepted ones", () => {
    expect(() => validateConfig(config({ dependsOn: { envoy: "healthy" } }))).toThrow(
      /services\.api\.dependsOn\.envoy: expected one of "START", "HEALTHY", "COMPLETE", "SUCCESS"; got "healthy"/,
    );
  });

  it("routeTo: the load balancers forward to a sidecar's port; refused for an unknown sidecar, one without a port, no routes or blue/green", () => {
    const s = api(config({ routeTo: "nginx", sidecars: { nginx: { image: "nginx:1.27", port: 80 } } }));
    expect(s.routeTo).toEqual({ container: "nginx", port: 80 });
    expect(api(config({})).routeTo).toBeNull();
    expect(errors(config({ routeTo: "ngnix", sidecars: { nginx: { image: "nginx:1.27", port: 80 } } }))).toMatch(
      /services\.api\.routeTo: sidecar "ngnix" does not exist; did you mean "nginx"\?/,
    );
    expect(errors(config({ routeTo: "nginx", sidecars: { nginx: { image: "nginx:1.27" } } }))).toMatch(
      /services\.api\.routeTo: names sidecar nginx, which has no port/,
    );
    expect(errors(config({ routes: [], routeTo: "nginx", sidecars: { nginx: { image: "nginx:1.27", port: 80 } } }))).toMatch(
      /services\.api\.routeTo: applies to load balancer routes, and the service has none/,
    );
  });

  it("mount the service's volumes where they say, read-only when the volume is; refuse an unknown volume, a taken path, writing a read-only volume", () => {
    const volumes = { uploads: { path: "/data", efs: true }, shared: { path: "/shared", readOnly: true, efs: { id: "fs-0123456789abcdef0" } } };
    const s = api(
      config({
        volumes,
        sidecars: {
          backup: {
            image: "b:1",
            mountPoints: [
              { volume: "uploads", path: "/srv/" },
              { volume: "shared", path: "/ro" },
            ],
          },
        },
      }),
    );
    expect(s.sidecars[0]!.mountPoints).toEqual([
      { volume: "uploads", path: "/srv", readOnly: false },
      { volume: "shared", path: "/ro", readOnly: true },
    ]);
    const report = errors(
      config({
        volumes,
        sidecars: {
          backup: {
            image: "b:1",
            mountPoints: [
              { volume: "upload", path: "/a" },
              { volume: "uploads", path: "/tmp" },
              { volume: "shared", path: "/b", readOnly: false },
            ],
          },
        },
      }),
    );
    expect(report).toMatch(/services\.api\.sidecars\.backup\.mountPoints\[0\]\.volume: volume "upload" does not exist; did you mean "uploads"\?/);
    expect(report).toMatch(/services\.api\.sidecars\.backup\.mountPoints\[1\]\.path: \/tmp is already a mount path of this sidecar/);
    expect(report).toMatch(/services\.api\.sidecars\.backup\.mountPoints\[2\]\.readOnly: is false, but volume shared is read-only/);
  });
});
