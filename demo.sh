#!/usr/bin/env bash
# Builds and runs the quickstart sample against the server in DATABASE_URL, or, when it is unset, against a throwaway
# PostgreSQL this script starts (and removes afterwards). The sample itself only reads DATABASE_URL: starting a server
# is the demo's job, not the app's. Installs PostgreSQL when missing.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh

river_ensure_dotnet
if [ -z "${DATABASE_URL:-}" ]; then river_ensure_postgres; fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
river_log "build samples/Quickstart (Release)"
dotnet build samples/Quickstart/Quickstart.csproj -c Release
if [ -z "${DATABASE_URL:-}" ]; then
  trap river_stop_throwaway_postgres EXIT
  river_start_throwaway_postgres
fi
river_log "run samples/Quickstart"
dotnet run --project samples/Quickstart/Quickstart.csproj -c Release --no-build
