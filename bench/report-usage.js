/**
 * Preloaded into a benchmarked `berth` command (`node --import ./bench/report-usage.js bin/berth.js …`):
 * when the process exits, writes its time since start and peak memory as JSON to BENCH_USAGE_FILE — the
 * same figures the AWS CDK side reports from inside its own process.
 */
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on("exit", () => {
    writeFileSync(file, JSON.stringify({ processMs: performance.now(), rssMb: process.resourceUsage().maxRSS / 1024 }));
  });
}
