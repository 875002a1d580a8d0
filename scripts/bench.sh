#!/usr/bin/env bash
# Benchmarks on the generated national data set (7000 schools, 76 SWVs).
#   scripts/bench.sh path/to/passend        (make bench)
# Needs wrk, nginx, curl and sqlite3 (make bench runs scripts/deps.sh bench
# first); hyperfine is used when present.  Installs nothing.  Everything
# runs on 127.0.0.1; every process started here is stopped on exit.
# After the SQLite measurements, the same data set is copied into a
# throwaway PostgreSQL cluster (scripts/lib/pgcluster.sh: unix socket only,
# no TCP) and load, throughput, memory and latency are measured again
# there; that part is skipped with a message when the PostgreSQL server
# binaries are missing (scripts/deps.sh test installs them).
# Prints a results table (SQLite and PostgreSQL side by side) and writes it
# to bench-results.md in the binary's build directory (build/ by default;
# BENCH_OUT overrides).
# Environment: BENCH_SCHOOLS (7000), BENCH_SWV (76), BENCH_SECONDS (10 per
# wrk run), BENCH_REQUESTS (500 per latency measurement), BENCH_PG (1; 0
# skips PostgreSQL), PG_BINDIR (PostgreSQL binaries, see pgcluster.sh).
set -euo pipefail

BIN=$(readlink -f "${1:?usage: scripts/bench.sh path/to/passend}")
cd "$(dirname "$0")/.."
SCHOOLS=${BENCH_SCHOOLS:-7000}
NSWV=${BENCH_SWV:-76}
SECS=${BENCH_SECONDS:-10}
NREQ=${BENCH_REQUESTS:-500}
# The results go next to the binary when it is in a build directory of
# this tree (make bench BUILD=dir), else to build/.
case "$(dirname "$BIN")/" in
  "$PWD"/build*/) OUT=${BENCH_OUT:-$(dirname "$BIN")/bench-results.md} ;;
  *) OUT=${BENCH_OUT:-build/bench-results.md}; mkdir -p build ;;
esac
# shellcheck source=lib/pgcluster.sh
. scripts/lib/pgcluster.sh
bench_start=$(date +%s)

for tool in wrk curl sqlite3; do
  command -v $tool >/dev/null || { echo "bench: $tool is missing (scripts/deps.sh bench)" >&2; exit 2; }
done
NGINX=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)

tmp=$(mktemp -d /tmp/passend-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  pgc_stop
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The results: one row per measurement, with a SQLite and a PostgreSQL
# column.  row ID NAME SQLITE NOTES records the SQLite figure; pgrow ID
# RESULT NOTES [NAME] adds the PostgreSQL figure to row ID (or makes a new
# row NAME for a PostgreSQL-only measurement).
ids=()
declare -A rname=() rsq=() rpg=() rnote=()
row() {
  ids+=("$1"); rname[$1]=$2; rsq[$1]=$3; rpg[$1]="—"; rnote[$1]=$4
  printf '  %-50s %-22s %s\n' "$2" "$3" "$4"
}
pgrow() {
  if [ -z "${rname[$1]+set}" ]; then ids+=("$1"); rname[$1]=${4:-$1}; rsq[$1]="—"; rnote[$1]=""; fi
  rpg[$1]=$2
  # A note that says the same as SQLite's is not repeated.
  if [ -n "$3" ] && [ "$3" != "${rnote[$1]}" ]; then rnote[$1]+="${rnote[$1]:+; }PostgreSQL: $3"; fi
  printf '  %-50s %-22s %s\n' "${rname[$1]} [PostgreSQL]" "$2" "$3"
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# A free TCP port on 127.0.0.1 (nothing answers a connect).
free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo $p; return; fi
  done
  echo "bench: no free port" >&2; exit 1
}
wait_http() { # wait_http URL: up to 10 s
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: $1 does not answer" >&2; return 1
}
# median and p99 of numbers on stdin
stats() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a n/a"; exit }
  m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.99 + 0.999)]; if (p == "") p = v[NR]; printf "%.2f %.2f\n", m, p }'; }
wrk_rps() { # wrk_rps URL -> "rps non2xx"
  local o; o=$(wrk -t2 -c32 -d"${SECS}s" --latency "$1" 2>&1)
  local rps; rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$o")
  local bad; bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$o")
  echo "${rps:-0} ${bad:-0}"
}

echo "passend benchmarks: $(nproc) cores, $(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ)"
echo

# ---- data set and load ----
t=$(now)
"$BIN" --quiet demo-data --schools "$SCHOOLS" --swv "$NSWV" -o "$tmp/data/"
gen_s=$(elapsed "$t")
data_mb=$(du -sm "$tmp/data" | cut -f1)
DB="$tmp/bench.db"
"$BIN" --db "$DB" --quiet init
t=$(now)
"$BIN" --db "$DB" --quiet load "$tmp/data"/*.json
load_s=$(elapsed "$t")
nprof=$(sqlite3 "$DB" 'SELECT count(*) FROM profile')
db_mb=$(( $(stat -c %s "$DB") / 1048576 ))
row gen "generate $SCHOOLS schools / $NSWV SWVs (demo-data)" "$gen_s s" "$data_mb MB of JSON"
row load "load (SQLite: passend load; PostgreSQL: passend copy)" "$load_s s" "$nprof profile versions, db $db_mb MB"

# A school with a published profile, somewhere in the middle.
KEY=$(sqlite3 "$DB" "SELECT s.brin || s.vestiging FROM school s JOIN profile p ON p.school_id = s.id AND p.is_live
                      ORDER BY s.id LIMIT 1 OFFSET $(( SCHOOLS / 2 ))")
SWV=$(sqlite3 "$DB" "SELECT code FROM swv ORDER BY code LIMIT 1 OFFSET $(( NSWV / 2 ))")

# ---- (a) start-up: one request through `passend http` ----
req=$'GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n'
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs 30 --export-json "$tmp/hf.json" \
    "sh -c 'printf \"GET /healthz HTTP/1.1\\r\\n\\r\\n\" | $BIN --db $DB http'" >/dev/null 2>&1 || true
  start_ms=$(python3 -c "import json;print('%.1f'%(json.load(open('$tmp/hf.json'))['results'][0]['median']*1000))" 2>/dev/null || echo "")
fi
if [ -z "${start_ms:-}" ]; then
  TIMEFORMAT=%3R
  for _ in $(seq 1 30); do
    { time (printf '%s' "$req" | "$BIN" --db "$DB" http >/dev/null); } 2>&1
  done | awk '{ print $1 * 1000 }' >"$tmp/start.txt"
  start_ms=$(stats <"$tmp/start.txt" | cut -d' ' -f1)
fi
row start "start-up: passend http GET /healthz (median)" "$start_ms ms" "process start, open db, templates"

# ---- (b) throughput ----
PORT=$(free_port)
PASSEND_ACCESS_LOG=1 "$BIN" --db "$DB" serve --bind 127.0.0.1 --port "$PORT" 2>"$tmp/access.log" &
SPID=$!; pids+=("$SPID")
BASE="http://127.0.0.1:$PORT"
wait_http "$BASE/healthz"
curl -fsS "$BASE/school/$KEY" -o "$tmp/school.html"
school_bytes=$(stat -c %s "$tmp/school.html")

read -r rps_home bad_home < <(wrk_rps "$BASE/")
read -r rps_school bad_school < <(wrk_rps "$BASE/school/$KEY")
read -r rps_api bad_api < <(wrk_rps "$BASE/api/v1/schools/$KEY")
row home "req/s home page /" "$rps_home" "non-2xx: $bad_home"
row school "req/s school page /school/$KEY" "$rps_school" "$school_bytes bytes, non-2xx: $bad_school"
row api "req/s API /api/v1/schools/$KEY" "$rps_api" "non-2xx: $bad_api"
# One fixed finder query: two needs within one SWV.
FINDQ="/api/v1/match?need=ass&need=werkhouding&swv=$SWV"
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE$FINDQ")" = 200 ]; then
  read -r rps_find bad_find < <(wrk_rps "$BASE$FINDQ")
  row findrps "req/s finder API $FINDQ" "$rps_find" "non-2xx: $bad_find"
else
  row findrps "req/s finder API /api/v1/match" "not available yet" ""
fi

if [ -n "$NGINX" ]; then
  NPORT=$(free_port)
  mkdir -p "$tmp/www" "$tmp/nginx"
  cp "$tmp/school.html" "$tmp/www/school.html"
  # Started as root, nginx's workers run as an unprivileged user: they
  # must be able to read the (mktemp 0700) directory.
  chmod 755 "$tmp" "$tmp/www"; chmod 644 "$tmp/www/school.html"
  cat >"$tmp/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  default_type text/html;
  server { listen 127.0.0.1:$NPORT; root $tmp/www; }
}
EOF
  "$NGINX" -p "$tmp/nginx" -c "$tmp/nginx.conf" 2>"$tmp/nginx/stderr" &
  NGPID=$!; pids+=("$NGPID")
  if wait_http "http://127.0.0.1:$NPORT/school.html"; then
    read -r rps_nginx bad_nginx < <(wrk_rps "http://127.0.0.1:$NPORT/school.html")
    ratio=$(awk -v a="$rps_school" -v b="$rps_nginx" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    row nginx "req/s nginx, static file of the same size" "$rps_nginx" "passend/nginx = $ratio"
  else
    row nginx "req/s nginx, static file of the same size" "n/a" "nginx did not start: $(head -c 200 "$tmp/nginx/stderr")"
  fi
  kill "$NGPID" 2>/dev/null || true; wait "$NGPID" 2>/dev/null || true
else
  row nginx "req/s nginx, static file of the same size" "n/a" "nginx not installed"
fi

# ---- (c) memory after the load test ----
rss=$(awk '/^VmRSS/ { print $2 }' /proc/$SPID/status)
hwm=$(awk '/^VmHWM/ { print $2 }' /proc/$SPID/status)
row mem "server memory after load test (VmRSS / VmHWM)" "$(( rss / 1024 )) MB / $(( hwm / 1024 )) MB" "passend serve process"

# ---- (e, f) server-side latency from the access log ----
# lat_measure PATH_PREFIX URL_FILE ACCESS_LOG: requests every URL of the
# file over one connection and prints "median p99 n" of the per-request
# milliseconds the server logged.
lat_measure() {
  local prefix=$1 urls=$2 log=$3
  local before; before=$(wc -l <"$log")
  xargs -a "$urls" curl -s -o /dev/null >/dev/null 2>&1 || true
  sleep 0.2
  tail -n +"$(( before + 1 ))" "$log" | awk -v p="$prefix" '$3 ~ "^" p && $4 == 200 { sub(/ms$/, "", $5); print $5 }' >"$tmp/lat.txt"
  local n; n=$(wc -l <"$tmp/lat.txt")
  echo "$(stats <"$tmp/lat.txt") $n"
}
# latency ID NAME PATH_PREFIX URL_FILE: the SQLite row of lat_measure.
latency() {
  local med p99 n
  read -r med p99 n < <(lat_measure "$3" "$4" "$tmp/access.log")
  row "$1" "$2 (median / p99, server-side)" "$med ms / $p99 ms" "$n requests with status 200"
}
route_ok() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ]; }

needs=(lezen_dyslexie rekenen_dyscalculie taal nt2 tos auditief visueel meer_hoogbegaafd laagbegaafd werkhouding
  sociaal_emotioneel faalangst gedrag adhd ass psychiatrisch thuissituatie motorisch chronisch_ziek jonge_kind)
facs=(lift rolstoeltoegankelijk plusklas time_out_ruimte schakelklas)
mapfile -t places < <(sqlite3 "$DB" "SELECT DISTINCT place FROM school ORDER BY place LIMIT 200")
mapfile -t swvs < <(sqlite3 "$DB" "SELECT code FROM swv ORDER BY code")

if route_ok "$BASE/api/v1/match?need=ass"; then
  : >"$tmp/match.urls"
  for i in $(seq 1 "$NREQ"); do
    q="need=${needs[RANDOM % ${#needs[@]}]}"
    [ $((RANDOM % 2)) = 0 ] && q+="&need=${needs[RANDOM % ${#needs[@]}]}"
    [ $((RANDOM % 3)) = 0 ] && q+="&voorziening=${facs[RANDOM % ${#facs[@]}]}"
    [ $((RANDOM % 3)) = 0 ] && q+="&op_school=1"
    case $((RANDOM % 3)) in
      0) q+="&swv=${swvs[RANDOM % ${#swvs[@]}]}" ;;
      1) pl=${places[RANDOM % ${#places[@]}]}; q+="&plaats=$(printf %s "$pl" | sed 's/ /%20/g')&km=$(( 5 + RANDOM % 20 ))" ;;
    esac
    echo "$BASE/api/v1/match?$q"
  done >"$tmp/match.urls"
  latency finder "finder /api/v1/match" "/api/v1/match" "$tmp/match.urls"
else
  row finder "finder /api/v1/match" "not available yet" ""
fi
if route_ok "$BASE/overzicht/$SWV"; then
  for i in $(seq 1 "$NREQ"); do echo "$BASE/overzicht/${swvs[RANDOM % ${#swvs[@]}]}"; done >"$tmp/ov.urls"
  latency overview "overview /overzicht/{swv}" "/overzicht/" "$tmp/ov.urls"
else
  row overview "overview /overzicht/{swv}" "not available yet" ""
fi
if route_ok "$BASE/school/$KEY/profiel.pdf"; then
  mapfile -t keys < <(sqlite3 "$DB" "SELECT s.brin || s.vestiging FROM school s JOIN profile p ON p.school_id = s.id AND p.is_live ORDER BY random() LIMIT 100")
  for k in "${keys[@]}"; do echo "$BASE/school/$k/profiel.pdf"; done >"$tmp/pdf.urls"
  latency pdf "PDF /school/{key}/profiel.pdf" "/school/" "$tmp/pdf.urls"
else
  row pdf "PDF /school/{key}/profiel.pdf" "not available yet" ""
fi

# ---- (d) import throughput ----
if [ -f scripts/bench-import.sh ]; then
  # The importer's script prints its own figures; a failure there must not
  # lose the results above.
  imp=$( { bash scripts/bench-import.sh "$BIN" 2>&1 || echo "(bench-import.sh failed)"; } |
    grep -v '^==' | tail -3 | tr '\n' ' ' | sed 's/|/\//g') || true
  row import "import throughput (scripts/bench-import.sh)" "see note" "$imp"
else
  row import "import throughput" "not available yet" "scripts/bench-import.sh is missing"
fi

# ---- (g) the same on PostgreSQL ----
# The SQLite server is done: stop it so that it does not compete.
kill "$SPID" 2>/dev/null || true; wait "$SPID" 2>/dev/null || true

# pg_bench: copy the bench database into a fresh cluster and measure it.
# Returns non-zero (after a message) when the cluster cannot be used.
pg_bench() {
  local t
  t=$(now)
  # Durability like the SQLite database (WAL, synchronous=NORMAL): commits
  # do not wait for fsync, checkpoints do.  Buffers for the whole data set.
  pgc_start -c synchronous_commit=off -c shared_buffers=256MB -c max_connections=50 || return 1
  "$PGC_BINDIR/createdb" -h "$PGC_SOCK" -U passend passend_bench || return 1
  local pgver; pgver=$("$PGC_BINDIR/postgres" --version | awk '{ print $3 }')
  pgrow pginit "$(elapsed "$t") s" "PostgreSQL $pgver, unix socket, shared_buffers=256MB, synchronous_commit=off" \
    "PostgreSQL cluster: initdb + start + createdb"
  local CI="host=$PGC_SOCK dbname=passend_bench user=passend"
  psql_q() { "$PGC_BINDIR/psql" -h "$PGC_SOCK" -U passend -d passend_bench -XAtqc "$1"; }

  t=$(now)
  "$BIN" --quiet copy --from "sqlite:$DB" --to "$CI" --no-verify || { echo "bench: passend copy to PostgreSQL failed" >&2; return 1; }
  local copy_s; copy_s=$(elapsed "$t")
  psql_q "VACUUM ANALYZE" >/dev/null
  local pgprof pgmb
  pgprof=$(psql_q "SELECT count(*) FROM profile")
  pgmb=$(( $(psql_q "SELECT pg_database_size('passend_bench')") / 1048576 ))
  pgrow load "$copy_s s" "passend copy --no-verify from the SQLite database, $pgprof profile versions, db $pgmb MB"

  local port; port=$(free_port)
  PASSEND_ACCESS_LOG=1 "$BIN" --db "$CI" serve --bind 127.0.0.1 --port "$port" 2>"$tmp/pg-access.log" &
  local spid=$!; pids+=("$spid")
  local base="http://127.0.0.1:$port"
  wait_http "$base/healthz" || return 1

  local rps bad
  read -r rps bad < <(wrk_rps "$base/school/$KEY")
  local ratio; ratio=$(awk -v a="$rps" -v b="${rps_nginx:-0}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  pgrow school "$rps" "non-2xx: $bad, passend/nginx = $ratio"
  read -r rps bad < <(wrk_rps "$base/api/v1/schools/$KEY")
  pgrow api "$rps" "non-2xx: $bad"
  if [ "${rps_find:-}" != "" ]; then
    read -r rps bad < <(wrk_rps "$base$FINDQ")
    pgrow findrps "$rps" "non-2xx: $bad"
  fi

  local prss phwm pss=0 p kb
  prss=$(awk '/^VmRSS/ { print $2 }' /proc/$spid/status)
  phwm=$(awk '/^VmHWM/ { print $2 }' /proc/$spid/status)
  # PostgreSQL's own processes (postmaster and its children): PSS counts
  # the shared buffers once, not once per process.
  local pm; pm=$(pgc_postmaster_pid)
  for p in $pm $(pgrep -P "$pm" 2>/dev/null || true); do
    kb=$(awk '/^Pss:/ { print $2 }' /proc/$p/smaps_rollup 2>/dev/null || echo 0)
    pss=$(( pss + ${kb:-0} ))
  done
  pgrow mem "$(( prss / 1024 )) MB / $(( phwm / 1024 )) MB" "plus the PostgreSQL processes: $(( pss / 1024 )) MB PSS in total (shared_buffers included)"

  # The same request lists as on SQLite, sent to this server.
  local name id prefix f med p99 n
  for name in finder:/api/v1/match:match overview:/overzicht/:ov pdf:/school/:pdf; do
    IFS=: read -r id prefix f <<<"$name"
    [ -f "$tmp/$f.urls" ] || continue
    sed "s#^$BASE#$base#" "$tmp/$f.urls" >"$tmp/pg-$f.urls"
    read -r med p99 n < <(lat_measure "$prefix" "$tmp/pg-$f.urls" "$tmp/pg-access.log")
    pgrow "$id" "$med ms / $p99 ms" "$n requests with status 200"
  done

  kill "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true
  pgc_stop
}

if [ "${BENCH_PG:-1}" = 0 ]; then
  echo "bench: BENCH_PG=0, skipping the PostgreSQL measurements"
  pgrow pg "skipped" "BENCH_PG=0" "PostgreSQL measurements"
elif ! PGC_BINDIR=$(pgc_find_bindir); then
  echo "bench: no PostgreSQL server binaries found, skipping the PostgreSQL measurements (scripts/deps.sh test installs them)"
  pgrow pg "skipped" "no PostgreSQL server binaries" "PostgreSQL measurements"
else
  echo
  echo "PostgreSQL ($PGC_BINDIR):"
  if ! pg_bench; then
    echo "bench: the PostgreSQL measurements failed; the figures above are kept" >&2
    [ -n "$PGC_TMP" ] && [ -s "$PGC_TMP/server.log" ] && tail -n 20 "$PGC_TMP/server.log" >&2
    pgc_stop
    pgrow pg "failed" "see the messages above" "PostgreSQL measurements"
  fi
fi
total_s=$(( $(date +%s) - bench_start ))

{
  echo "# passend benchmark results"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(uname -sr), $SCHOOLS schools in $NSWV SWVs, wrk -t2 -c32 -d${SECS}s on 127.0.0.1, whole benchmark ${total_s} s"
  echo
  echo "| measurement | SQLite | PostgreSQL | notes |"
  echo "|---|---|---|---|"
  for id in "${ids[@]}"; do
    printf '| %s | %s | %s | %s |\n' "${rname[$id]}" "${rsq[$id]}" "${rpg[$id]}" "${rnote[$id]}"
  done
} >"$OUT"
echo
cat "$OUT"
echo
echo "bench: results written to $OUT (${total_s} s)"
