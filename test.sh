#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, builds Release, runs every test project.
#   ./test.sh         everything except tests tagged [Trait("Category","Slow")]
#   ./test.sh --all   everything
#   --verbose         list every test and the full build output (default: failures, each project's counts, the summary)
# Ends with one summary line: "N passed, N failed, N skipped". Exit code non-zero on any failure.
# Set RIVER_TEST_DATABASE_URL to run against an existing server instead of throwaway ones.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh

all=0
verbose=0
for arg in "$@"; do
  case "$arg" in
    --all) all=1 ;;
    --verbose) verbose=1 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) river_die "unknown argument '$arg' (usage: ./test.sh [--all] [--verbose])" ;;
  esac
done

started=$(date +%s)
river_ensure_dotnet
if [ -z "${RIVER_TEST_DATABASE_URL:-}" ]; then river_ensure_postgres; fi
river_ensure_chromium

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Quiet by default: the build prints warnings and errors only, each test project its failures and its counts.
build_quiet=()
console_logger=(--logger "console;verbosity=normal")
if [ "$verbose" -eq 0 ]; then
  build_quiet=(-v quiet -clp:NoSummary)
  console_logger=(--logger "console;verbosity=minimal")
fi
river_log "restore"
dotnet restore River.Typed.sln "${build_quiet[@]}"
river_log "build (Release)"
dotnet build River.Typed.sln -c Release --no-restore "${build_quiet[@]}"

results=.tmp/test-results
rm -rf "$results"
mkdir -p "$results"
filter=()
if [ "$all" -eq 0 ]; then filter=(--filter "Category!=Slow"); fi

status=0
crashed=0
# tests/ and the test project of each dotnet new template (templates/*/content/*/*.Tests: the template content runs too).
for project in tests/*/*.csproj templates/*/content/*/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  river_log "test $name"
  if ! dotnet test "$project" -c Release --no-build "${filter[@]}" \
      --logger "trx;LogFileName=$name.trx" "${console_logger[@]}" --results-directory "$results"; then
    status=1
    # A crashed or aborted run may leave no results file: count it as one failure so the summary shows it.
    if [ ! -f "$results/$name.trx" ]; then river_log "$name: no results (crashed?)"; crashed=$((crashed + 1)); fi
  fi
done

passed=0; failed=$crashed; total=$crashed
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  t=$(printf '%s' "$counters" | sed -n 's/.* total="\([0-9]*\)".*/\1/p')
  p=$(printf '%s' "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(printf '%s' "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  total=$((total + ${t:-0})); passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
skipped=$((total - passed - failed))
if [ "$failed" -gt 0 ]; then status=1; fi
if [ "$total" -eq 0 ]; then river_log "no test ran"; status=1; fi

river_log "took $(( $(date +%s) - started )) s"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
