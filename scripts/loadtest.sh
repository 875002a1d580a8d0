#!/usr/bin/env bash
# Load test: 60 s of wrk (2 threads, 32 connections) against the home page,
# a school page and the school API on 127.0.0.1, on a generated data set.
# Fails when any response is not 2xx, or when the server's resident memory
# (VmRSS) after the test is more than 20% above what it was after a 10 s
# warm-up (a leak or unbounded cache).
#   scripts/loadtest.sh path/to/passend       (make loadtest)
# Environment: LOADTEST_SECONDS (60), LOADTEST_SCHOOLS (2000), LOADTEST_SWV (20).
set -euo pipefail
BIN=$(readlink -f "${1:?usage: scripts/loadtest.sh path/to/passend}")
SECS=${LOADTEST_SECONDS:-60}
SCHOOLS=${LOADTEST_SCHOOLS:-2000}
NSWV=${LOADTEST_SWV:-20}
for tool in wrk curl sqlite3; do
  command -v $tool >/dev/null || { echo "loadtest: $tool is missing (scripts/deps.sh bench)" >&2; exit 2; }
done

tmp=$(mktemp -d /tmp/passend-load.XXXXXX)
SPID=""
cleanup() {
  [ -n "$SPID" ] && { kill "$SPID" 2>/dev/null || true; wait "$SPID" 2>/dev/null || true; }
  rm -rf "$tmp"
}
trap cleanup EXIT

DB="$tmp/load.db"
"$BIN" --quiet demo-data --schools "$SCHOOLS" --swv "$NSWV" -o "$tmp/data/"
"$BIN" --db "$DB" --quiet init
"$BIN" --db "$DB" --quiet load "$tmp/data"/*.json
KEY=$(sqlite3 "$DB" "SELECT s.brin || s.vestiging FROM school s JOIN profile p ON p.school_id = s.id AND p.is_live
                      ORDER BY s.id LIMIT 1 OFFSET $(( SCHOOLS / 3 ))")

PORT=""
for _ in $(seq 1 100); do
  p=$(( 20000 + RANDOM % 20000 ))
  if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then PORT=$p; break; fi
done
[ -n "$PORT" ] || { echo "loadtest: no free port" >&2; exit 1; }
"$BIN" --db "$DB" serve --bind 127.0.0.1 --port "$PORT" 2>"$tmp/server.log" &
SPID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break; sleep 0.1; done

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$SPID/status"; }
fail=0
run() { # run SECONDS URL
  local o; o=$(wrk -t2 -c32 -d"$1s" "$2" 2>&1)
  local rps bad err
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$o")
  bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$o")
  err=$(grep -o 'Socket errors:.*' <<<"$o" || true)
  printf '  %-40s %10s req/s  non-2xx: %s %s\n' "${2#"$BASE"}" "${rps:-0}" "${bad:-0}" "$err"
  if [ -n "$bad" ] && [ "$bad" != 0 ]; then fail=1; fi
}

echo "loadtest: warm-up (10 s)"
run 4 "$BASE/"
run 3 "$BASE/school/$KEY"
run 3 "$BASE/api/v1/schools/$KEY"
warm=$(rss)
per=$(( SECS / 3 ))
echo "loadtest: ${SECS} s (VmRSS after warm-up: $(( warm / 1024 )) MB)"
run "$per" "$BASE/"
run "$per" "$BASE/school/$KEY"
run "$per" "$BASE/api/v1/schools/$KEY"
after=$(rss)
limit=$(( warm * 120 / 100 ))
echo "loadtest: VmRSS after: $(( after / 1024 )) MB (limit $(( limit / 1024 )) MB)"
if [ "$after" -gt "$limit" ]; then
  echo "loadtest: FAIL: memory grew by more than 20% under load" >&2
  fail=1
fi
kill -0 "$SPID" 2>/dev/null || { echo "loadtest: FAIL: the server died" >&2; fail=1; }
[ $fail -eq 0 ] && echo "loadtest: ok"
exit $fail
