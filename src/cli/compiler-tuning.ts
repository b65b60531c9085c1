/**
 * V8's optimizing compiler for a command that runs for hours. `bin/load-cli.js` starts every command with
 * inlining off (`--no-turbo-inlining`): a batch command (synth, plan, cost…) lives a few hundred
 * milliseconds, during which V8 optimizes its hottest functions on background threads, and with inlining
 * those compiles cost more CPU than they save — on a 2-core machine they took the core the synth's file
 * writer runs on (`npm run bench:synth`: ~180 → ~90 ms of background CPU, the whole synth ~30 ms sooner).
 * The flag is set before the code cache loads because V8 accepts a cache only under the flags it was made
 * with (the build trains it through the same loader). `berth dev` serves requests until stopped, where
 * inlined code pays for itself (its gateway spent ~20% more CPU per request without): it turns inlining
 * back on when it starts.
 */
import { setFlagsFromString } from "node:v8";

export function compileForLongRun(): void {
  setFlagsFromString("--turbo-inlining");
}
