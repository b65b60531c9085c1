#!/usr/bin/env node
// The `berth` command: runs the bundled CLI (built by `npm run build`, which `npm ci` runs via `prepare`).
import("../dist/bundle/berth.js").then((m) => m.main(process.argv));
