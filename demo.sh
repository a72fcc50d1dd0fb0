#!/usr/bin/env bash
# Builds and runs the quickstart sample. It starts a throwaway PostgreSQL (removed afterwards) unless
# DATABASE_URL is set, migrates River's schema and runs the sample. Installs PostgreSQL when missing.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh

river_ensure_dotnet
if [ -z "${DATABASE_URL:-}" ]; then river_ensure_postgres; fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
river_log "build samples/Quickstart (Release)"
dotnet build samples/Quickstart/Quickstart.csproj -c Release
river_log "run samples/Quickstart"
exec dotnet run --project samples/Quickstart/Quickstart.csproj -c Release --no-build
