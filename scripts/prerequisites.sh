# Shared by test.sh and demo.sh (sourced, not run): checks and installs what a fresh machine lacks.
# - the .NET SDK must be there already (global.json names the version);
# - PostgreSQL server binaries (initdb, pg_ctl, postgres) are installed with apt-get when missing
#   (Debian/Ubuntu package `postgresql`; needs root). River.Testing starts private clusters from them.

river_log() { printf '==> %s\n' "$*" >&2; }
river_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Prints the folder holding the PostgreSQL server binaries, or nothing.
river_find_postgres_bin() {
  local pgctl dir
  if pgctl=$(command -v pg_ctl 2>/dev/null); then
    dir=$(dirname "$(readlink -f "$pgctl")")
    if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then printf '%s\n' "$dir"; return 0; fi
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then printf '%s\n' "$dir"; return 0; fi
  done
  return 0
}

river_ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 || river_die "the .NET SDK (version in global.json) is not installed: https://dot.net"
}

river_ensure_postgres() {
  local bin
  bin=$(river_find_postgres_bin)
  if [ -n "$bin" ]; then
    river_log "PostgreSQL server binaries: $bin"
    return 0
  fi
  river_log "PostgreSQL server binaries not found; installing the 'postgresql' package with apt-get"
  command -v apt-get >/dev/null 2>&1 || river_die "no PostgreSQL server binaries and no apt-get: install PostgreSQL (initdb, pg_ctl, postgres) yourself"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || river_die "installing PostgreSQL needs root: run as root or install the 'postgresql' package"
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q </dev/null
  $sudo apt-get install -y -q --no-install-recommends postgresql </dev/null
  bin=$(river_find_postgres_bin)
  [ -n "$bin" ] || river_die "apt-get installed 'postgresql' but no server binaries were found under /usr/lib/postgresql/*/bin"
  river_log "PostgreSQL server binaries: $bin"
}
