# Shared by test.sh and demo.sh (sourced, not run): checks and installs what a fresh machine lacks.
# - the .NET SDK must be there already (global.json names the version);
# - PostgreSQL server binaries (initdb, pg_ctl, postgres) are installed with apt-get when missing
#   (Debian/Ubuntu package `postgresql`; needs root). River.Testing starts private clusters from them.
# - Chromium (Debian package `chromium`, at /usr/bin/chromium) for the dashboard's browser tests (test.sh only):
#   Playwright drives it through ExecutablePath, since its own browser download needs the internet.

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

# Runs apt-get as root (directly or through sudo): river_apt_install PACKAGE WHAT-FOR.
river_apt_install() {
  local package=$1 what=$2
  command -v apt-get >/dev/null 2>&1 || river_die "no $what and no apt-get: install the '$package' package yourself"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || river_die "installing $what needs root: run as root or install the '$package' package"
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q </dev/null
  $sudo apt-get install -y -q --no-install-recommends "$package" </dev/null
}

# The dashboard's browser tests launch this Chromium (tests/River.Dashboard.Tests/DashboardFixture.cs).
RIVER_CHROMIUM=/usr/bin/chromium

river_ensure_chromium() {
  if [ -x "$RIVER_CHROMIUM" ]; then
    river_log "Chromium: $RIVER_CHROMIUM"
    return 0
  fi
  river_log "Chromium not found at $RIVER_CHROMIUM; installing the 'chromium' package with apt-get"
  river_apt_install chromium "Chromium (for the dashboard's browser tests)"
  [ -x "$RIVER_CHROMIUM" ] || river_die "apt-get installed 'chromium' but $RIVER_CHROMIUM does not exist"
  river_log "Chromium: $RIVER_CHROMIUM"
}

river_ensure_postgres() {
  local bin
  bin=$(river_find_postgres_bin)
  if [ -n "$bin" ]; then
    river_log "PostgreSQL server binaries: $bin"
    return 0
  fi
  river_log "PostgreSQL server binaries not found; installing the 'postgresql' package with apt-get"
  river_apt_install postgresql "PostgreSQL server binaries (initdb, pg_ctl, postgres)"
  bin=$(river_find_postgres_bin)
  [ -n "$bin" ] || river_die "apt-get installed 'postgresql' but no server binaries were found under /usr/lib/postgresql/*/bin"
  river_log "PostgreSQL server binaries: $bin"
}

# Starts a throwaway PostgreSQL cluster for the demo (removed by river_stop_throwaway_postgres, which an EXIT trap
# should call) and exports DATABASE_URL to it. Development only: the samples themselves never start a server.
# As root the cluster runs as the 'postgres' OS user (PostgreSQL refuses root), through runuser.
river_start_throwaway_postgres() {
  local bin port as=()
  bin=$(river_find_postgres_bin)
  [ -n "$bin" ] || river_die "no PostgreSQL server binaries (initdb, pg_ctl, postgres) found"
  RIVER_THROWAWAY_DIR=$(mktemp -d /tmp/river-demo-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || river_die "running as root needs the 'postgres' OS user (PostgreSQL refuses to run as root)"
    chown postgres "$RIVER_THROWAWAY_DIR"
    as=(runuser -u postgres --)
  fi
  # A free port: ask the kernel for one (bind port 0), falling back to a random high port.
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)))
  "${as[@]}" "$bin/initdb" -D "$RIVER_THROWAWAY_DIR/data" -U postgres -A trust --no-sync >"$RIVER_THROWAWAY_DIR/initdb.log" 2>&1 \
    || river_die "initdb failed: $(cat "$RIVER_THROWAWAY_DIR/initdb.log")"
  "${as[@]}" "$bin/pg_ctl" -D "$RIVER_THROWAWAY_DIR/data" -w -l "$RIVER_THROWAWAY_DIR/server.log" \
    -o "-p $port -k $RIVER_THROWAWAY_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
    || river_die "PostgreSQL did not start: $(cat "$RIVER_THROWAWAY_DIR/server.log")"
  RIVER_THROWAWAY_BIN=$bin
  RIVER_THROWAWAY_AS=("${as[@]}")
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  river_log "throwaway PostgreSQL on 127.0.0.1:$port (removed at exit)"
}

river_stop_throwaway_postgres() {
  [ -n "${RIVER_THROWAWAY_DIR:-}" ] || return 0
  "${RIVER_THROWAWAY_AS[@]}" "$RIVER_THROWAWAY_BIN/pg_ctl" -D "$RIVER_THROWAWAY_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$RIVER_THROWAWAY_DIR"
  RIVER_THROWAWAY_DIR=
}
