/**
 * Lambda and HTTP API lines: each function's requests and GB-seconds by architecture (arm64 is cheaper;
 * Lambda's free tier is not assumed), its logs and alarms; each HTTP API's requests and access logs.
 */
import { functionStackId, httpApiStackId } from "../../model/stack-ids.js";
import type { Environment } from "../../model/types.js";
import type { Lines } from "./lines.js";

export const LAMBDA_ARCH_KEY = { x86_64: "x86", arm64: "arm64" } as const;

/** GB-seconds a month of one function: invocations × duration × memory. */
export function gbSeconds(invocationsMillions: number, durationMs: number, memoryMb: number): number {
  return invocationsMillions * 1_000_000 * (durationMs / 1000) * (memoryMb / 1024);
}

export function functionLines(env: Environment, lines: Lines): void {
  const c = env.cost;
  for (const f of env.functions) {
    const stack = functionStackId(f.key);
    const use = c.functions[f.key] ?? { invocationsMillions: 0, durationMs: 0 };
    const at = `cost.functions.${f.key}`;
    lines.add(stack, `Lambda requests, ${f.key} (${at}.invocations)`, use.invocationsMillions, "million requests", "lambda:requests");
    lines.add(
      stack,
      `Lambda compute, ${f.key} (${f.architecture}, ${f.memory} MB × ${use.durationMs} ms × ${use.invocationsMillions} million)`,
      gbSeconds(use.invocationsMillions, use.durationMs, f.memory),
      "GB-seconds",
      `lambda:gb-second:${LAMBDA_ARCH_KEY[f.architecture]}`,
    );
    logLines(lines, stack, `${f.key}`, c.logsGb, f.logRetentionDays);
    lines.add(stack, `CloudWatch alarms, ${f.key}`, f.alarms.length, "alarm-months", "cloudwatch:alarm");
  }
  for (const api of env.httpApis) {
    const stack = httpApiStackId(api.key);
    const requests = c.httpApis[api.key] ?? 0;
    lines.add(stack, `API Gateway HTTP API requests, ${api.key} (cost.httpApis.${api.key}.requests)`, requests, "million requests", "apigw:http-requests");
    logLines(lines, stack, `${api.key} access log`, c.logsGb, api.accessLogRetentionDays);
  }
}

/** Ingestion (cost.logs) and storage (ingested × retention ÷ 30) of one log group. */
export function logLines(lines: Lines, stack: string, what: string, gb: number, retentionDays: number): void {
  lines.add(stack, `CloudWatch Logs ingested, ${what} (cost.logs)`, gb, "GB", "logs:ingest");
  lines.add(stack, `CloudWatch Logs stored, ${what} (${gb} GB × ${retentionDays} days ÷ 30)`, (gb * retentionDays) / 30, "GB-months", "logs:storage");
}
