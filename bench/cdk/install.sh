#!/usr/bin/env bash
# Installs the AWS CDK comparison for `npm run bench:synth` into bench/cdk/node_modules (kept out of the
# project's own dependencies so `npm ci` stays lean).
set -euo pipefail
cd "$(dirname "$0")"
npm install --no-audit --no-fund --no-package-lock
