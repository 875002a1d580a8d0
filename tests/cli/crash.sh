#!/usr/bin/env bash
# Crash safety: several `passend load` processes write concurrently while
# the server reads; everything is killed with SIGKILL at a random moment.
# Afterwards the database must pass PRAGMA integrity_check and hold every
# school of every load that was acknowledged (exit 0) before the kill.
#   bash tests/cli/crash.sh path/to/passend        (CTest, from the repo root)
# Takes about 10-15 s.  Needs the sqlite3 CLI and curl.
set -euo pipefail
BIN=$(readlink -f "${1:?usage: crash.sh path/to/passend}")
for tool in sqlite3 curl; do
  command -v $tool >/dev/null || { echo "crash.sh: $tool is missing (scripts/deps.sh test)"; exit 1; }
done

tmp=$(mktemp -d /tmp/passend-crash.XXXXXX)
groups=()
cleanup() {
  for g in "${groups[@]:-}"; do [ -n "$g" ] && kill -KILL -- "-$g" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

DB="$tmp/crash.db"
"$BIN" --db "$DB" --quiet init

# Small distinct input files, generated up front: writer w loads its files
# w-1 .. w-FILES round and round (loading a file again is an upsert) until
# it is killed, so the kill lands in the middle of some transaction.
WRITERS=3
FILES=12
for w in $(seq 1 $WRITERS); do
  for j in $(seq 1 $FILES); do
    "$BIN" --quiet demo-data --schools 15 --swv 1 --words 30 --seed $(( w * 1000 + j )) -o "$tmp/in-$w-$j.json"
  done
done

port=""
for _ in $(seq 1 50); do
  p=$(( 20000 + RANDOM % 20000 ))
  if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "crash.sh: no free port"; exit 1; }

# Each process tree gets its own process group (setsid) so one kill -KILL
# takes the loop and the passend it is running.
setsid "$BIN" --db "$DB" serve --bind 127.0.0.1 --port "$port" 2>"$tmp/server.log" &
groups+=($!)
for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break; sleep 0.1; done

setsid bash -c 'while :; do curl -fsS -o /dev/null "http://127.0.0.1:'"$port"'/api/v1/schools" && echo ok; done' \
  >"$tmp/reads.log" 2>/dev/null &
groups+=($!)

for w in $(seq 1 $WRITERS); do
  setsid bash -c '
    j=0
    while :; do
      j=$(( j % '"$FILES"' + 1 ))
      f="'"$tmp"'/in-'"$w"'-$j.json"
      if "'"$BIN"'" --db "'"$DB"'" --quiet load "$f" 2>>"'"$tmp"'/load-'"$w"'.err"; then
        echo "$f" >>"'"$tmp"'/acked-'"$w"'.log"
      fi
    done' &
  groups+=($!)
done

# Kill everything at a random moment between 2 and 6 seconds.
sleep "$(( 2 + RANDOM % 4 )).$(( RANDOM % 10 ))"
for g in "${groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
for g in "${groups[@]}"; do wait "$g" 2>/dev/null || true; done
groups=()

acked=$(cat "$tmp"/acked-*.log 2>/dev/null | wc -l)
reads=$(wc -l <"$tmp/reads.log")
echo "crash.sh: killed after $acked acknowledged loads and $reads successful reads"
[ "$acked" -gt 0 ] || { echo "FAIL: no load was acknowledged before the kill"; cat "$tmp"/load-*.err | head; exit 1; }

ic=$(sqlite3 "$DB" 'PRAGMA integrity_check')
[ "$ic" = ok ] || { echo "FAIL: integrity_check: $ic"; exit 1; }

missing=0
while read -r f; do
  while read -r key; do
    n=$(sqlite3 "$DB" "SELECT count(*) FROM school WHERE brin || vestiging = '$key'")
    if [ "$n" != 1 ]; then echo "FAIL: $key from acknowledged $(basename "$f") is missing"; missing=$((missing + 1)); fi
  done < <(sqlite3 :memory: "SELECT json_extract(value, '\$.brin') || json_extract(value, '\$.vestiging')
                             FROM json_each(readfile('$f'), '\$.schools')")
done < <(cat "$tmp"/acked-*.log)
[ $missing -eq 0 ] || exit 1

# The database is still usable: a new load after the crash works.
"$BIN" --db "$DB" --quiet load "$tmp/in-1-$FILES.json" || { echo "FAIL: load after the crash"; exit 1; }
echo "crash.sh: ok (integrity ok, all acknowledged schools present)"
