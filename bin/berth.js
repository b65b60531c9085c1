#!/usr/bin/env node
// The `berth` command: runs the bundled CLI (built by `npm run build`, which `npm ci` runs via `prepare`).
import { loadCli } from "./load-cli.js";

loadCli().exports.main(process.argv);
