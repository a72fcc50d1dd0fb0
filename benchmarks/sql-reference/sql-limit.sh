#!/usr/bin/env bash
# sql-limit.sh DATABASE_URL [JOBS] [BATCH] [CLIENTS]
# The pure-SQL reference of `river bench --compare-sql benchmarks/sql-reference/sql-limit.sh`: on a database already
# migrated to River's schema, it empties river_job, preloads JOBS (+20 %) no-op jobs, vacuums and checkpoints, then runs
# fetch-complete.sql with pgbench (CLIENTS clients, batches of BATCH) for JOBS jobs and prints
# "sql-limit jobs/s: N" (transactions per second × batch). Compare it with `river bench` on the same server, same run.
set -euo pipefail
url=${1:?usage: sql-limit.sh DATABASE_URL [JOBS] [BATCH] [CLIENTS]}
jobs=${2:-200000}; batch=${3:-100}; clients=${4:-4}
here=$(cd "$(dirname "$0")" && pwd)
bin=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
transactions=$(( jobs / (batch * clients) ))
"$bin/psql" "$url" -qAtX -v ON_ERROR_STOP=1 \
  -c "TRUNCATE river_job RESTART IDENTITY" \
  -c "INSERT INTO river_job (kind, args) SELECT 'noop', jsonb_build_object('n', g) FROM generate_series(1, $jobs + $jobs / 5) g" \
  -c "VACUUM ANALYZE river_job" -c "CHECKPOINT"
out=$("$bin/pgbench" "$url" -n -M prepared -c "$clients" -j "$clients" -t "$transactions" -D batch="$batch" -f "$here/fetch-complete.sql" 2>&1)
tps=$(printf '%s\n' "$out" | sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p')
if [ -z "$tps" ]; then printf '%s\n' "$out" >&2; exit 1; fi
awk -v t="$tps" -v b="$batch" 'BEGIN { printf "sql-limit jobs/s: %.0f\n", t * b }'
