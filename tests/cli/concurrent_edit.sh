#!/usr/bin/env bash
# Two editors of one school save DIFFERENT sections of the same draft at the
# same moment, 25 times.  Both saves must survive every time: the editor's
# read-modify-write runs in one write transaction (page_editor.c), so the
# second save reads the first one's result instead of a stale copy.
# Checked through the web server itself (the editor form shows the stored
# text), so it runs on SQLite and PostgreSQL alike.
#   bash tests/cli/concurrent_edit.sh path/to/passend   (CTest, repo root)
set -euo pipefail
BIN=$(readlink -f "${1:?usage: concurrent_edit.sh path/to/passend}")
. tests/lib/testdb.sh
command -v curl >/dev/null || { echo "concurrent_edit.sh: curl is missing"; exit 1; }
tmp=$(mktemp -d /tmp/passend-conc.XXXXXX)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
DB=$(testdb "$tmp/c.db")
"$BIN" -q --db "$DB" init
"$BIN" -q --db "$DB" load data/example/swv-kempenrand.json
"$BIN" -q --db "$DB" demo-users >/dev/null
for port in $(shuf -i 20000-31999 -n 5); do
  "$BIN" -q --db "$DB" serve --port "$port" 2>"$tmp/server.log" &
  server=$!
  for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.1
  done
  if curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; then break; fi
  kill "$server" 2>/dev/null || true
  server=""
done
[ -n "$server" ] || { echo "FAIL: server did not start"; cat "$tmp/server.log"; exit 1; }
URL=http://127.0.0.1:$port
KEY=31QX00 YEAR=2027-2028
read -r sa ca < <("$BIN" --db "$DB" test-session ib@vlinderboom.example)
read -r sb cb < <("$BIN" --db "$DB" test-session directie@vlinderboom.example)
form() { curl -sS --max-time 10 -b "passend_sessie=$1" "$URL/beheer/school/$KEY/$YEAR/bewerken?sectie=$2"; }
versie() { form "$1" "$2" >"$tmp/v"; grep -o 'name="versie" value="[0-9]*"' "$tmp/v" | head -1 | grep -o '[0-9][0-9]*'; }
save() { # session csrf versie section text -> prints the HTTP status
  curl -sS --max-time 20 -o /dev/null -w '%{http_code}' -b "passend_sessie=$1" \
    --data "csrf=$2&versie=$3&sectie=$4&body=$5" "$URL/beheer/school/$KEY/$YEAR/bewerken"
}
va=$(versie "$sa" inleiding) vb=$(versie "$sb" grenzen)
[ -n "$va" ] && [ -n "$vb" ] || { echo "FAIL: no editor form"; exit 1; }
fail=0
for i in $(seq 1 25); do
  save "$sa" "$ca" "$va" inleiding "PARALLEL-A-$i" >"$tmp/a" &
  pa=$!
  save "$sb" "$cb" "$vb" grenzen "PARALLEL-B-$i" >"$tmp/b" &
  pb=$!
  wait "$pa" "$pb" || true
  [ "$(cat "$tmp/a")" = 303 ] && [ "$(cat "$tmp/b")" = 303 ] || { echo "FAIL: round $i: statuses $(cat "$tmp/a") $(cat "$tmp/b")"; fail=1; break; }
  form "$sa" inleiding >"$tmp/fa"
  form "$sb" grenzen >"$tmp/fb"
  grep -q "PARALLEL-A-$i" "$tmp/fa" || { echo "FAIL: round $i: section A lost its save"; fail=1; }
  grep -q "PARALLEL-B-$i" "$tmp/fb" || { echo "FAIL: round $i: section B lost its save"; fail=1; }
  [ $fail -eq 0 ] || break
done
[ $fail -eq 0 ] && echo "concurrent_edit.sh: 25 rounds of simultaneous saves, none lost"
exit $fail
