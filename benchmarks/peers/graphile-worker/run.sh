#!/usr/bin/env bash
# run.sh DATABASE_URL [burndown JOBS PROCESSES CONCURRENCY | latency RATE SECONDS]
# graphile-worker 0.18.0 on the same PostgreSQL as `river bench --database-url`, for side-by-side figures.
# Installs the pinned package (npm ci, package-lock.json) on first use; prints one JSON line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
url=${1:?usage: run.sh DATABASE_URL [burndown JOBS PROCESSES CONCURRENCY | latency RATE SECONDS]}
shift
mode=${1:-burndown}; shift || true
[ -d "$here/node_modules/graphile-worker" ] || (cd "$here" && npm ci --no-audit --no-fund --silent)
exec node "$here/bench.mjs" "$mode" "$url" "$@"
