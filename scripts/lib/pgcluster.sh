# shellcheck shell=bash
# Start and stop a throwaway PostgreSQL cluster.  Sourced by
# scripts/pg-test.sh and scripts/bench.sh; defines functions only and
# installs no traps (the caller owns its EXIT trap and calls pgc_stop).
#
#   PGC_BINDIR=$(pgc_find_bindir) || ...   server binaries, or status 1
#   pgc_start [SERVER_OPTION...]           initdb + pg_ctl start
#   pgc_run CMD...                         run CMD as the cluster's owner
#   pgc_stop                               stop (immediate) and remove all
#
# pgc_start makes a temporary directory PGC_TMP (under $TMPDIR or /tmp)
# holding the data directory PGC_DATA, the socket directory PGC_SOCK and
# the logs PGC_TMP/initdb.log and PGC_TMP/server.log.  The cluster listens
# on the unix socket in PGC_SOCK only (listen_addresses='', no TCP); the
# superuser is "passend" with trust authentication, so the connection
# string is "host=$PGC_SOCK dbname=postgres user=passend".  SERVER_OPTIONs
# are passed to postgres after those, e.g. "-c fsync=off".
#
# PostgreSQL refuses to run as root: when run as root, the cluster runs as
# the system user passendpg (created on first use; override with
# PASSEND_PG_USER) and PGC_TMP belongs to that user.  The Debian binaries
# are found under /usr/lib/postgresql/*/bin (newest version first); set
# PG_BINDIR to use others.

PGC_BINDIR=${PGC_BINDIR:-}
PGC_TMP=
PGC_DATA=
PGC_SOCK=
PGC_OWNER=
PGC_STARTED=0

# pgc_find_bindir: print the directory of initdb/pg_ctl/postgres; status 1
# (and no output) when there is none.
pgc_find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return 0; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

# pgc_run CMD...: run a server-side command as the cluster's owner.
pgc_run() {
  if [ -n "$PGC_OWNER" ]; then runuser -u "$PGC_OWNER" -- "$@"; else "$@"; fi
}

# pgc_start [SERVER_OPTION...]: create and start the cluster.  Status 0 on
# success; on failure the relevant log goes to stderr and the status is 3
# (PGC_TMP may then exist: pgc_stop removes it).
pgc_start() {
  if [ -z "$PGC_BINDIR" ]; then
    PGC_BINDIR=$(pgc_find_bindir) || { echo "pgcluster: no PostgreSQL server binaries" >&2; return 2; }
  fi
  PGC_TMP=$(mktemp -d "${TMPDIR:-/tmp}/passend-pg.XXXXXX") || return 3
  PGC_DATA="$PGC_TMP/data"
  PGC_SOCK="$PGC_TMP/sock"
  mkdir -p "$PGC_SOCK" || return 3
  if [ "$(id -u)" -eq 0 ]; then
    PGC_OWNER=${PASSEND_PG_USER:-passendpg}
    if ! id "$PGC_OWNER" >/dev/null 2>&1; then
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PGC_OWNER" || return 3
    fi
    chown -R "$PGC_OWNER" "$PGC_TMP" || return 3
  fi
  # C.UTF-8 sorts like SQLite's BINARY collation and lower() knows accents.
  local locale_opt=(--locale=C.UTF-8)
  locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$' || locale_opt=(--no-locale)
  if ! pgc_run "$PGC_BINDIR/initdb" -D "$PGC_DATA" -U passend -E UTF8 "${locale_opt[@]}" --auth=trust \
    >"$PGC_TMP/initdb.log" 2>&1; then
    cat "$PGC_TMP/initdb.log" >&2
    return 3
  fi
  # pg_ctl -o takes one string; the options contain no quotes of their own.
  local opts="-k $PGC_SOCK -c listen_addresses=''"
  [ $# -gt 0 ] && opts+=" $*"
  if ! pgc_run "$PGC_BINDIR/pg_ctl" -D "$PGC_DATA" -l "$PGC_TMP/server.log" -w -t 60 start -o "$opts" >/dev/null; then
    cat "$PGC_TMP/server.log" >&2
    # pg_ctl may give up while the postmaster still comes up later.
    PGC_STARTED=1
    return 3
  fi
  PGC_STARTED=1
  # The socket directory must be reachable by the (possibly other) client user.
  chmod 755 "$PGC_TMP" "$PGC_SOCK"
}

# pgc_postmaster_pid: the postmaster's pid (empty when not running).
pgc_postmaster_pid() {
  [ -n "$PGC_DATA" ] && head -n 1 "$PGC_DATA/postmaster.pid" 2>/dev/null || true
}

# pgc_stop: stop the cluster (immediate: nothing in it is kept) and remove
# PGC_TMP.  Safe to call more than once and when nothing was started.
pgc_stop() {
  if [ "$PGC_STARTED" = 1 ]; then
    pgc_run "$PGC_BINDIR/pg_ctl" -D "$PGC_DATA" -m immediate -w stop >/dev/null 2>&1 || true
    PGC_STARTED=0
  fi
  if [ -n "$PGC_TMP" ]; then
    rm -rf "$PGC_TMP"
    PGC_TMP=
  fi
}
