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

# shellcheck source=lib/pgcluster.sh
. "$(dirname "$0")/lib/pgcluster.sh"

PGC_BINDIR=$(pgc_find_bindir) || {
  echo "pg-test: no PostgreSQL server binaries found (install postgresql: scripts/deps.sh test)" >&2
  exit 2
}
BINDIR=$PGC_BINDIR

cleanup() {
  local rc=$?
  pgc_stop
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Fast and disposable: no fsync, small footprint, many test databases.
pgc_start -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
  -c max_connections=100 -c shared_buffers=32MB || exit 3
SOCK=$PGC_SOCK

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
if [ $rc -ne 0 ] && [ -s "$PGC_TMP/server.log" ]; then
  echo "pg-test: last lines of the server log:" >&2
  tail -n 20 "$PGC_TMP/server.log" >&2
fi
exit $rc
