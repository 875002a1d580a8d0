#!/usr/bin/env bash
# Crash safety of the web server: several editors save draft sections
# concurrently through POST /beheer/school/{key}/{year}/bewerken while a
# reader browses; the server is killed with SIGKILL at a random moment.
# Afterwards (three kill cycles on the same database):
#   - SQLite: PRAGMA integrity_check = ok;
#   - for every writer, the section holds exactly its last acknowledged
#     (303) marker, or a marker it sent later (a save whose 303 was lost in
#     the kill may or may not have committed) -- never an older or a torn
#     text, in both the section table and the editor's answers;
#   - the server starts again on the same database and serves the editor,
#     the draft page and the public school page.
#   bash tests/cli/crash_server.sh path/to/passend     (CTest, from the repo root)
# Takes about 15 s.  Needs curl (and the sqlite3 CLI on SQLite).
#
# On PostgreSQL (PASSEND_TEST_BACKEND=pg, e.g. under scripts/pg-test.sh)
# the same test runs: SIGKILL of passend only drops its connections, and
# PostgreSQL rolls back what was in flight.  The integrity_check of a SQLite
# file does not apply there; the tables are read with psql when the test
# database is a keyword/value connection string (not for a postgresql://
# URI with a schema), and always through the restarted web server.
set -euo pipefail
BIN=$(readlink -f "${1:?usage: crash_server.sh path/to/passend}")
. tests/lib/testdb.sh
need="curl"
[ "$TESTDB_BACKEND" = sqlite ] && need="$need sqlite3"
for tool in $need; do
  command -v $tool >/dev/null || { echo "crash_server.sh: $tool is missing (scripts/deps.sh test)"; exit 1; }
done
psql=psql
[ -n "${PASSEND_PG_BINDIR:-}" ] && [ -x "$PASSEND_PG_BINDIR/psql" ] && psql=$PASSEND_PG_BINDIR/psql

tmp=$(mktemp -d /tmp/passend-crash-server.XXXXXX)
groups=()
killall_groups() {
  for g in "${groups[@]:-}"; do [ -n "$g" ] && kill -KILL -- "-$g" 2>/dev/null || true; done
  for g in "${groups[@]:-}"; do [ -n "$g" ] && wait "$g" 2>/dev/null || true; done
  groups=()
}
server=""
stop_server() {
  if [ -n "$server" ]; then
    kill -KILL -- "-$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
  fi
}
cleanup() {
  stop_server
  killall_groups
  [ -n "${KEEP:-}" ] && { echo "kept $tmp"; return; }
  rm -rf "$tmp"
}
trap cleanup EXIT

DB=$(testdb "$tmp/crash.db")
# dbq SQL: one query on the test database, rows on stdout ("" when the
# tables cannot be read directly, see above).
direct=1
case "$TESTDB_BACKEND:$DB" in
pg:postgres://* | pg:postgresql://*) direct=0 ;;
pg:*) command -v "$psql" >/dev/null || direct=0 ;;
esac
dbq() {
  if [ "$TESTDB_BACKEND" = sqlite ]; then sqlite3 "$DB" "$1"; else "$psql" -XAtq -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; fi
}
"$BIN" --db "$DB" --quiet init
"$BIN" --db "$DB" --quiet load data/example/swv-kempenrand.json
"$BIN" --db "$DB" --quiet demo-users >/dev/null

# One writer per school (two writers on one draft would overwrite each
# other's sections, which is not what this test is about): two demo
# editors and two editor accounts made here, on drafts of both formats of
# the example data.  Columns: email school year section (a text-only
# section of the profile's format).
cat >"$tmp/writers" <<'EOF'
ib@vlinderboom.example 31QX00 2027-2028 inleiding
ib@hetpalet.example 26LP00 2026-2027 toelating
crash1@kiekendief.example 32WG00 2027-2028 toelating
crash2@kempenwiek.example 24RM00 2026-2027 inleiding
EOF
echo 'crash-test-wachtwoord-1' | "$BIN" --db "$DB" --quiet user add crash1@kiekendief.example --name "Crash Een" \
  --role school_editor:32WG00 --password-stdin >/dev/null
echo 'crash-test-wachtwoord-2' | "$BIN" --db "$DB" --quiet user add crash2@kempenwiek.example --name "Crash Twee" \
  --role school_editor:24RM00 --password-stdin >/dev/null


# A port below the ephemeral range (32768+), where outgoing connections of
# other tests running at the same time cannot hold it.
port=""
pick_port() {
  port=""
  for _ in $(seq 1 50); do
    local p=$(( 20000 + RANDOM % 12000 ))
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then port=$p; break; fi
  done
  [ -n "$port" ] || { echo "crash_server.sh: no free port"; exit 1; }
  URL="http://127.0.0.1:$port"
}
pick_port

# The server runs in its own process group (setsid) so SIGKILL reaches it
# and nothing else.  The same port again after a kill (the server sets
# SO_REUSEADDR); should something else have taken it meanwhile, another.
start_server() {
  for _ in 1 2 3 4 5; do
    setsid "$BIN" --db "$DB" serve --bind 127.0.0.1 --port "$port" 2>>"$tmp/server.log" &
    server=$!
    for _ in $(seq 1 100); do
      curl -fsS -o /dev/null --max-time 2 "$URL/healthz" 2>/dev/null && return 0
      kill -0 "$server" 2>/dev/null || break
      sleep 0.1
    done
    if ! grep -q "cannot listen on 127.0.0.1:$port" "$tmp/server.log"; then break; fi
    stop_server
    pick_port
  done
  echo "FAIL: the server did not start on the database"; tail -5 "$tmp/server.log"; exit 1
}

# The section as stored: the editor's answers (what the form shows) and the
# section table (what the draft page shows), via the running server.
check_http() { # check_http W ALLOWED-FILE
  local w=$1 allowed=$2 email key year sec sess csrf v form draft got
  read -r _ email key year sec sess csrf v < <(awk -v w="$w" '$1 == w' "$tmp/setup")
  form=$(curl -sS --max-time 10 -b "passend_sessie=$sess" "$URL/beheer/school/$key/$year/bewerken?sectie=$sec")
  got=$(printf '%s' "$form" | sed -n 's/.*<textarea id="f-body" name="body"[^>]*>\([^<]*\)<\/textarea>.*/\1/p')
  grep -qxF -- "$got" "$allowed" || { echo "FAIL: writer $w ($key): editor shows '$got', expected one of: $(tr '\n' ' ' <"$allowed")"; return 1; }
  draft=$(curl -sS --max-time 10 -b "passend_sessie=$sess" "$URL/beheer/school/$key/$year")
  printf '%s' "$draft" | grep -qF "</h3><p>$got</p>" \
    || { echo "FAIL: writer $w ($key): the draft page does not show '$got'"; return 1; }
  [ "$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 "$URL/school/$key")" = 200 ] \
    || { echo "FAIL: public page of $key after the restart"; return 1; }
  echo "$got"
}

start_server

# req SESSION METHOD PATH [BODY]: one request to the server; prints the
# body and a last line STATUS code.
req() {
  local body=${4-}
  if [ -n "$body" ]; then
    curl -sS --max-time 10 -b "passend_sessie=$1" -X "$2" --data "$body" -w '\nSTATUS %{http_code}\n' "$URL$3"
  else
    curl -sS --max-time 10 -b "passend_sessie=$1" -w '\nSTATUS %{http_code}\n' "$URL$3"
  fi
}
versie_of() { grep -o 'name="versie" value="[0-9]*"' | head -1 | grep -o '[0-9][0-9]*'; }

# Per writer: a session, and a draft (concept) to edit.  Where the head is
# published, a first save makes a new concept version; from then on every
# save replaces that draft in place (same profile id).  The starting text of
# the section is marker 0 of the writer.
w=0
while read -r email key year sec; do
  w=$((w + 1))
  read -r sess csrf < <("$BIN" --db "$DB" test-session "$email")
  v=$(req "$sess" GET "/beheer/school/$key/$year/bewerken?sectie=$sec" | versie_of)
  [ -n "$v" ] || { echo "FAIL: no editor for $key $year"; exit 1; }
  m="CRASH-w$w-c0-n0"
  st=$(req "$sess" POST "/beheer/school/$key/$year/bewerken" "csrf=$csrf&versie=$v&sectie=$sec&body=$m" | sed -n 's/^STATUS //p')
  [ "$st" = 303 ] || { echo "FAIL: first save for $key $year: $st"; exit 1; }
  v=$(req "$sess" GET "/beheer/school/$key/$year/bewerken?sectie=$sec" | versie_of)
  echo "$w $email $key $year $sec $sess $csrf $v" >>"$tmp/setup"
  echo "$m" >"$tmp/acked-$w.log"
  : >"$tmp/sent-$w.log"
done <"$tmp/writers"
NW=$w

fails=0
total_acked=0
for cycle in 1 2 3; do
  # Writers: each saves its section with a new marker per request, logging
  # the marker before sending it and again after its 303.
  for w in $(seq 1 $NW); do
    read -r _ email key year sec sess csrf v < <(awk -v w="$w" '$1 == w' "$tmp/setup")
    setsid bash -c '
      n=0
      while [ ! -e "'"$tmp"'/stop" ]; do
        n=$((n + 1))
        m="CRASH-w'"$w"'-c'"$cycle"'-n$n"
        echo "$m" >>"'"$tmp"'/sent-'"$w"'.log"
        st=$(curl -sS -o /dev/null -w "%{http_code}" --max-time 10 -b "passend_sessie='"$sess"'" \
               --data "csrf='"$csrf"'&versie='"$v"'&sectie='"$sec"'&body=$m" \
               "'"$URL"'/beheer/school/'"$key"'/'"$year"'/bewerken" 2>/dev/null)
        rc=$?
        if [ "$st" = 303 ]; then echo "$m" >>"'"$tmp"'/acked-'"$w"'.log"
        elif [ $rc = 7 ]; then echo "$m" >>"'"$tmp"'/refused-'"$w"'.log"; sleep 0.05
        else echo "$m $st $rc" >>"'"$tmp"'/other-'"$w"'.log"; sleep 0.05; fi
      done' &
    groups+=($!)
  done
  # A reader on the public pages at the same time.
  setsid bash -c 'while [ ! -e "'"$tmp"'/stop" ]; do curl -sS -o /dev/null --max-time 10 "'"$URL"'/api/v1/schools" 2>/dev/null; curl -sS -o /dev/null --max-time 10 "'"$URL"'/school/31QX00" 2>/dev/null; done' &
  groups+=($!)

  before=$(cat "$tmp"/acked-*.log | wc -l)
  sleep "$(( 2 + RANDOM % 2 )).$(( RANDOM % 10 ))"
  kill -KILL -- "-$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
  # Let the writers see the dead server, log and stop (bounded), then stop
  # the rest.
  touch "$tmp/stop"
  for _ in $(seq 1 30); do
    alive=0
    for g in "${groups[@]}"; do kill -0 "$g" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  killall_groups
  rm -f "$tmp/stop"
  acked=$(( $(cat "$tmp"/acked-*.log | wc -l) - before ))
  total_acked=$((total_acked + acked))
  echo "crash_server.sh: cycle $cycle: killed after $acked acknowledged saves"

  # Responses other than 303 are bugs (a save refused under concurrency
  # loses an editor's work); only the kill may cut a request off (curl
  # gets no HTTP status, 000).
  for w in $(seq 1 $NW); do
    if [ -s "$tmp/other-$w.log" ] && grep -qv ' 000 [0-9]*$' "$tmp/other-$w.log"; then
      echo "FAIL: writer $w got error responses: $(grep -v ' 000 [0-9]*$' "$tmp/other-$w.log" | head -3 | tr '\n' ' ')"
      fails=$((fails + 1))
    fi
    rm -f "$tmp/other-$w.log"
    grep -q -- "-c$cycle-" "$tmp/acked-$w.log" || { echo "FAIL: writer $w had no acknowledged save in cycle $cycle"; fails=$((fails + 1)); }
  done

  if [ "$TESTDB_BACKEND" = sqlite ]; then
    ic=$(sqlite3 "$DB" 'PRAGMA integrity_check')
    [ "$ic" = ok ] || { echo "FAIL: integrity_check after cycle $cycle: $ic"; fails=$((fails + 1)); }
    fk=$(sqlite3 "$DB" 'PRAGMA foreign_key_check' | head -3)
    [ -z "$fk" ] || { echo "FAIL: foreign_key_check after cycle $cycle: $fk"; fails=$((fails + 1)); }
  fi

  # What each writer may find stored: its last acknowledged marker, or one
  # it sent after that whose answer the kill swallowed (not one that found
  # no server: curl exit 7, connection refused).
  for w in $(seq 1 $NW); do
    last=$(tail -n 1 "$tmp/acked-$w.log")
    touch "$tmp/refused-$w.log"
    { echo "$last"; sed -n "/^$last\$/,\$p" "$tmp/sent-$w.log" | sed 1d | { grep -vxFf "$tmp/refused-$w.log" || true; }; } >"$tmp/allowed-$w"
    if [ $direct = 1 ]; then
      read -r _ email key year sec sess csrf v < <(awk -v w="$w" '$1 == w' "$tmp/setup")
      stored=$(dbq "SELECT body FROM section WHERE profile_id = $v AND key = '$sec'")
      if [ "$TESTDB_BACKEND" = sqlite ]; then
        ans=$(dbq "SELECT json_extract(json, '\$.body.$sec') FROM profile_answer WHERE profile_id = $v")
      else
        ans=$(dbq "SELECT json::json -> 'body' ->> '$sec' FROM profile_answer WHERE profile_id = $v")
      fi
      heads=$(dbq "SELECT count(*) FROM profile p JOIN school s ON s.id = p.school_id
                             WHERE s.brin || s.vestiging = '$key' AND p.school_year = '${year/-//}' AND p.is_head")
      grep -qxF -- "$stored" "$tmp/allowed-$w" || { echo "FAIL: writer $w ($key): section table has '$stored', acknowledged last: '$last'"; fails=$((fails + 1)); }
      [ "$ans" = "$stored" ] || { echo "FAIL: writer $w ($key): answers '$ans' differ from the section '$stored'"; fails=$((fails + 1)); }
      [ "$heads" = 1 ] || { echo "FAIL: writer $w ($key): $heads head versions for $year"; fails=$((fails + 1)); }
    fi
  done

  # The server starts again on the same database and serves the pages.
  start_server
  for w in $(seq 1 $NW); do
    got=$(check_http "$w" "$tmp/allowed-$w") || { echo "$got"; fails=$((fails + 1)); continue; }
    # The stored marker is the new baseline for the next cycle.
    [ "$got" = "$(tail -n 1 "$tmp/acked-$w.log")" ] || echo "$got" >>"$tmp/acked-$w.log"
  done
done
stop_server

if grep -q "ERROR: AddressSanitizer\|runtime error:" "$tmp/server.log"; then
  echo "FAIL: sanitizer report in the server log:"; grep -A5 "ERROR: AddressSanitizer\|runtime error:" "$tmp/server.log" | head -20
  fails=$((fails + 1))
fi
[ "$fails" -eq 0 ] || { echo "crash_server.sh: $fails failures"; exit 1; }
echo "crash_server.sh: ok on $TESTDB_BACKEND ($total_acked acknowledged saves over 3 kills;$([ "$TESTDB_BACKEND" = sqlite ] && echo ' integrity ok;') every last acknowledged save present)"
