#!/usr/bin/env bash
# passend backup / restore: a backup is an intact copy, restore brings the
# content back, a bad file is refused without changing anything, and a
# PostgreSQL URI gets the pg_dump advice (exit 2).
#   bash tests/cli/backup.sh path/to/passend      (CTest, from the repo root)
set -euo pipefail
BIN=$(readlink -f "${1:?usage: backup.sh path/to/passend}")
command -v sqlite3 >/dev/null || { echo "backup.sh: sqlite3 is missing (scripts/deps.sh)"; exit 1; }
tmp=$(mktemp -d /tmp/passend-backup.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

DB="$tmp/live.db"
"$BIN" --db "$DB" --quiet init
"$BIN" --db "$DB" --quiet load data/example/*.json
before=$(sqlite3 "$DB" 'SELECT count(*) FROM school; SELECT count(*) FROM profile' | tr '\n' ' ')

"$BIN" --db "$DB" --quiet backup "$tmp/b.db" || fail "backup exited $?"
[ -f "$tmp/b.db" ] && [ ! -e "$tmp/b.db.tmp" ] || fail "backup file missing or .tmp left behind"
[ "$(sqlite3 "$tmp/b.db" 'PRAGMA integrity_check')" = ok ] || fail "backup is not intact"
[ "$(sqlite3 "$tmp/b.db" 'PRAGMA journal_mode')" = delete ] || fail "backup needs a -wal file"
got=$(sqlite3 "$tmp/b.db" 'SELECT count(*) FROM school; SELECT count(*) FROM profile' | tr '\n' ' ')
[ "$got" = "$before" ] || fail "backup has '$got', database has '$before'"

# Change the database, then restore: the change is gone.
"$BIN" --quiet demo-data --schools 5 --swv 1 --words 20 -o "$tmp/extra.json"
"$BIN" --db "$DB" --quiet load "$tmp/extra.json"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM school' )" -gt "${before%% *}" ] || fail "extra load did nothing"
"$BIN" --db "$DB" --quiet restore "$tmp/b.db" || fail "restore exited $?"
got=$(sqlite3 "$DB" 'SELECT count(*) FROM school; SELECT count(*) FROM profile' | tr '\n' ' ')
[ "$got" = "$before" ] || fail "after restore '$got', expected '$before'"
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "restored database is not intact"
printf 'GET /healthz HTTP/1.1\r\n\r\n' | "$BIN" --db "$DB" http | head -1 | grep -q ' 200 ' || fail "restored database does not serve"

# Refused: not a database, not a passend database, missing file.
echo "no database" >"$tmp/junk.db"
sqlite3 "$tmp/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1)'
for bad in "$tmp/junk.db" "$tmp/other.db" "$tmp/missing.db"; do
  rc=0; "$BIN" --db "$DB" --quiet restore "$bad" 2>"$tmp/err" || rc=$?
  [ $rc = 4 ] || fail "restore of $(basename "$bad") exited $rc, expected 4"
done
got=$(sqlite3 "$DB" 'SELECT count(*) FROM school; SELECT count(*) FROM profile' | tr '\n' ' ')
[ "$got" = "$before" ] || fail "a refused restore changed the database"

# PostgreSQL: advice, exit 2, and the URI (it may hold a password) is not echoed.
rc=0; "$BIN" --db 'postgresql://u:secret@localhost/p' backup "$tmp/x" 2>"$tmp/err" || rc=$?
[ $rc = 2 ] || fail "backup on postgresql:// exited $rc, expected 2"
grep -q pg_dump "$tmp/err" || fail "no pg_dump advice"
! grep -q secret "$tmp/err" || fail "the URI with its password was printed"
echo "backup.sh: ok"
