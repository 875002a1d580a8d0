#!/usr/bin/env bash
# A fresh, empty database for a shell test, on the backend the suite runs on.
#
#   db=$(bash tests/lib/testdb.sh "$tmp/x.db")      (from the repo root)
# or, sourced:
#   . tests/lib/testdb.sh; db=$(testdb "$tmp/x.db")
#
# SQLite (the default): prints PATH unchanged.
# PostgreSQL (PASSEND_TEST_BACKEND=pg and PASSEND_TEST_DB=a libpq connection
# string, as scripts/pg-test.sh sets them): creates a new database on that
# server with psql (CREATE DATABASE, over the same socket) and prints the
# connection string for it.  When PASSEND_TEST_DB is a postgresql:// URI,
# a fresh schema in that database is used instead (schema=NAME; passend
# creates it on `init`).  The throwaway cluster of scripts/pg-test.sh is
# deleted as a whole afterwards; on a long-lived server, drop the databases
# named passend_t_* when done.
#
# Tests that need to know (e.g. to skip a check that inspects the SQLite
# file) can look at TESTDB_BACKEND after sourcing: "sqlite" or "pg".

if [ "${PASSEND_TEST_BACKEND:-sqlite}" = pg ] && [ -n "${PASSEND_TEST_DB:-}" ]; then
	TESTDB_BACKEND=pg
else
	TESTDB_BACKEND=sqlite
fi

testdb() {
	local path=${1:?usage: testdb PATH}
	if [ "$TESTDB_BACKEND" = sqlite ]; then
		printf '%s\n' "$path"
		return 0
	fi
	# A name of [a-z0-9_] from the file name, the process and a counter.
	local base name
	base=$(basename "$path" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' '_' | cut -c1-20)
	name="passend_t_${base}_${BASHPID:-$$}_${RANDOM}${RANDOM}"
	case "$PASSEND_TEST_DB" in
	postgresql://* | postgres://*)
		case "$PASSEND_TEST_DB" in
		*\?*) printf '%s&schema=%s\n' "$PASSEND_TEST_DB" "$name" ;;
		*) printf '%s?schema=%s\n' "$PASSEND_TEST_DB" "$name" ;;
		esac
		return 0
		;;
	esac
	local psql=psql
	[ -n "${PASSEND_PG_BINDIR:-}" ] && [ -x "$PASSEND_PG_BINDIR/psql" ] && psql=$PASSEND_PG_BINDIR/psql
	# The name is generated above from [a-z0-9_] only, so quoting it as an
	# identifier is safe; CREATE DATABASE takes no parameters.
	if ! "$psql" -d "$PASSEND_TEST_DB" -Xqv ON_ERROR_STOP=1 -c "CREATE DATABASE \"$name\"" >/dev/null; then
		echo "testdb: cannot create database $name on '$PASSEND_TEST_DB'" >&2
		return 1
	fi
	# In a keyword/value connection string the last dbname wins.
	printf '%s dbname=%s\n' "$PASSEND_TEST_DB" "$name"
}

# Executed rather than sourced: print a database for $1.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	testdb "$@"
fi
