#!/usr/bin/env bash
# Run commands against a throwaway PostgreSQL cluster.
#
#   scripts/pg-test.sh [COMMAND [ARG...]]
#
# Starts a private cluster that listens on a unix socket in a temporary
# directory only (listen_addresses='', no TCP), creates the database
# passend_test, exports
#   PASSEND_TEST_BACKEND=pg
#   PASSEND_TEST_DB="host=SOCKDIR dbname=passend_test user=passend"
#   PGHOST, PGUSER, PGDATABASE (for psql/createdb in the tests)
# runs COMMAND (default: ctest in $BUILD, or "build"), and always stops the
# cluster and removes its directory, also on failure or Ctrl-C.  The exit
# status is COMMAND's.
#
# PostgreSQL refuses to run as root: when run as root, the cluster runs as
# the system user passendpg (created on first use; override with
# PASSEND_PG_USER) and the temporary directory belongs to that user.  The
# Debian binaries are found under /usr/lib/postgresql/*/bin (newest version
# first); set PG_BINDIR to use others.
set -euo pipefail

find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  echo "pg-test: no PostgreSQL server binaries found (install postgresql: scripts/deps.sh test)" >&2
  exit 2
}

BINDIR=$(find_bindir)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/passend-pg.XXXXXX")
DATA="$TMP/data"
SOCK="$TMP/sock"
mkdir -p "$SOCK"

# run_pg CMD...: run a server-side command as the cluster's owner.
if [ "$(id -u)" -eq 0 ]; then
  PGOWNER=${PASSEND_PG_USER:-passendpg}
  if ! id "$PGOWNER" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PGOWNER"
  fi
  chown -R "$PGOWNER" "$TMP"
  run_pg() { runuser -u "$PGOWNER" -- "$@"; }
else
  run_pg() { "$@"; }
fi

started=0
cleanup() {
  local rc=$?
  if [ "$started" = 1 ]; then
    run_pg "$BINDIR/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# C.UTF-8 sorts like SQLite's BINARY collation and lower() knows accents.
locale_opt=(--locale=C.UTF-8)
locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$' || locale_opt=(--no-locale)
run_pg "$BINDIR/initdb" -D "$DATA" -U passend -E UTF8 "${locale_opt[@]}" --auth=trust \
  >"$TMP/initdb.log" 2>&1 || { cat "$TMP/initdb.log" >&2; exit 3; }
# Fast and disposable: no fsync, small footprint, many test databases.
run_pg "$BINDIR/pg_ctl" -D "$DATA" -l "$TMP/server.log" -w -t 60 start \
  -o "-k $SOCK -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100 -c shared_buffers=32MB" \
  >/dev/null || { cat "$TMP/server.log" >&2; exit 3; }
started=1
# The socket directory must be reachable by the (possibly other) test user.
chmod 755 "$TMP" "$SOCK"

export PGHOST="$SOCK" PGUSER=passend PGDATABASE=postgres
"$BINDIR/createdb" passend_test
export PASSEND_TEST_BACKEND=pg
export PASSEND_TEST_DB="host=$SOCK dbname=passend_test user=passend"
export PASSEND_PG_BINDIR="$BINDIR"
echo "pg-test: PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on $SOCK" >&2

if [ $# -eq 0 ]; then
  BUILD=${BUILD:-build}
  # Tests that make their own SQLite file (crash, backup, import) simply
  # run on SQLite again.
  set -- ctest --test-dir "$BUILD" --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" -L 'unit|http|cli'
fi
set +e
"$@"
rc=$?
set -e
if [ $rc -ne 0 ] && [ -s "$TMP/server.log" ]; then
  echo "pg-test: last lines of the server log:" >&2
  tail -n 20 "$TMP/server.log" >&2
fi
exit $rc
