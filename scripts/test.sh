#!/usr/bin/env bash
# `npm test`: everything CI runs. Lint and typecheck, the server build, then every Vitest
# project (unit → integration on the embedded database → e2e over HTTP and in Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
[[ -d node_modules ]] || { echo "node_modules is missing: run 'npm ci' first (the README's command does)." >&2; exit 1; }
bash scripts/ensure-chromium.sh
echo "== lint"; npx eslint .
echo "== typecheck"; npx tsc --noEmit
echo "== build"; npm run build --silent
echo "== tests"; npx vitest run "$@"
echo "npm test finished in $(( $(date +%s) - started )) s"
