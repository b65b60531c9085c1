/** `services.<name>.sidecars`: more containers in the service's task (proxies, agents, log routers), and the order containers start in. */
import { z } from "zod";
import { secretRef } from "./secret-ref.js";
import { name, strict } from "./strict.js";
import { cpu, memory, port, seconds } from "./units.js";

/** ECS container dependency conditions (`dependsOn[].condition`), as ECS writes them. */
export const CONTAINER_CONDITIONS = ["START", "HEALTHY", "COMPLETE", "SUCCESS"] as const;

export const containerDependsOnSchema = z
  .record(z.string().min(1), z.enum(CONTAINER_CONDITIONS))
  .describe(
    'Containers of the task to wait for, by name, with the condition ECS waits on: `"START"` (started), `"HEALTHY"` (its `healthCheck` passes), `"COMPLETE"` (exited) or `"SUCCESS"` (exited with 0; both only for a container that is not `essential`). E.g. `{ envoy: "HEALTHY" }`.',
  );

export const containerHealthCheckSchema = strict({
  command: z.array(z.string()).min(1).describe('Command, ECS syntax, e.g. `["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]`.'),
  interval: seconds(5, 300).optional().describe('5–300 seconds. Default `"30 seconds"`.'),
  timeout: seconds(2, 60).optional().describe('2–60 seconds. Default `"5 seconds"`.'),
  retries: z.number().int().min(1).max(10).optional().describe("Default 3."),
  startPeriod: seconds(0, 300).optional().describe('0–300 seconds. Default `"0 seconds"`.'),
});

export const sidecarSchema = strict({
  image: z.string().min(1).describe('Full image reference, e.g. `"public.ecr.aws/datadog/agent:7"`.'),
  command: z.array(z.string().min(1)).min(1).optional().describe("Command instead of the image's `CMD`. Default: the image's."),
  port: port()
    .optional()
    .describe(
      "Port the sidecar listens on inside the task (the service's container reaches it on `localhost`); it must differ from the service's port. Default: none.",
    ),
  essential: z.boolean().optional().describe("Whether the task stops when this container stops. Default `true`."),
  cpu: cpu.optional().describe("CPU units reserved for the container, out of the task's. Default: none reserved (it shares the task's CPU)."),
  memory: memory.optional().describe("Hard memory limit of the container, out of the task's. Default: none (it shares the task's memory)."),
  environment: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string())
    .optional()
    .describe("Plain environment variables of the sidecar. A value that looks like a secret is refused, as for the service: put it in `secrets`."),
  secrets: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), secretRef)
    .optional()
    .describe(
      "Secrets injected by ECS, in the same forms as the service's `secrets`; the execution role may read exactly the service's and its sidecars' secrets.",
    ),
  mountPoints: z
    .array(
      strict({
        volume: z.string().min(1).describe("Key of one of the service's `volumes`."),
        path: z
          .string()
          .regex(/^\/[^\s]*$/, { error: 'a mount path is absolute, without spaces, e.g. "/data"' })
          .describe("Where it is mounted in the sidecar."),
        readOnly: z.boolean().optional().describe("Mount it read-only in the sidecar. Default: the volume's `readOnly`."),
      }),
    )
    .optional()
    .describe('The service\'s EFS volumes this sidecar mounts too, e.g. `[{ volume: "uploads", path: "/srv/uploads", readOnly: true }]`.'),
  dependsOn: containerDependsOnSchema.optional(),
  healthCheck: containerHealthCheckSchema
    .optional()
    .describe("Container health check run by the ECS agent (needed when another container waits for it to be `HEALTHY`)."),
  local: strict({
    command: z.string().min(1).describe('Command that runs the sidecar on this machine, e.g. `"envoy -c envoy.local.yaml"`.'),
    cwd: z.string().optional().describe("Working directory, relative to the config file."),
  })
    .optional()
    .describe("How `berth dev` runs the sidecar (one process beside the service's); without it the sidecar is listed as not run."),
});
export type SidecarInput = z.infer<typeof sidecarSchema>;

export const sidecarsSchema = z
  .record(name("a sidecar name"), sidecarSchema)
  .describe(
    "More containers in each of the service's tasks, by name, e.g. `{ envoy: { image: \"envoyproxy/envoy:v1.31\", port: 9901 } }`. They share the task's network (reach each other on `localhost`), size and log group (stream prefix: the sidecar's name).",
  );
