#!/usr/bin/env bash
# Benchmarks on the generated national data set (7000 schools, 76 SWVs).
#   scripts/bench.sh path/to/passend        (make bench)
# Needs wrk, nginx, curl and sqlite3 (make bench runs scripts/deps.sh bench
# first); hyperfine is used when present.  Installs nothing.  Everything
# runs on 127.0.0.1; every process started here is stopped on exit.
# Prints a results table and writes it to build/bench-results.md.
# Environment: BENCH_SCHOOLS (7000), BENCH_SWV (76), BENCH_SECONDS (10 per
# wrk run), BENCH_REQUESTS (500 per latency measurement).
set -euo pipefail

BIN=$(readlink -f "${1:?usage: scripts/bench.sh path/to/passend}")
cd "$(dirname "$0")/.."
SCHOOLS=${BENCH_SCHOOLS:-7000}
NSWV=${BENCH_SWV:-76}
SECS=${BENCH_SECONDS:-10}
NREQ=${BENCH_REQUESTS:-500}
OUT=build/bench-results.md
mkdir -p build

for tool in wrk curl sqlite3; do
  command -v $tool >/dev/null || { echo "bench: $tool is missing (scripts/deps.sh bench)" >&2; exit 2; }
done
NGINX=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)

tmp=$(mktemp -d /tmp/passend-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

rows=()
row() { rows+=("| $1 | $2 | $3 |"); printf '  %-46s %-22s %s\n' "$1" "$2" "$3"; }
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
row "generate $SCHOOLS schools / $NSWV SWVs (demo-data)" "$gen_s s" "$data_mb MB of JSON"
row "load (passend load, all files)" "$load_s s" "$nprof profile versions, db $db_mb MB"

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
row "start-up: passend http GET /healthz (median)" "$start_ms ms" "process start, open db, templates"

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
row "req/s home page /" "$rps_home" "non-2xx: $bad_home"
row "req/s school page /school/$KEY" "$rps_school" "$school_bytes bytes, non-2xx: $bad_school"
row "req/s API /api/v1/schools/$KEY" "$rps_api" "non-2xx: $bad_api"

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
    row "req/s nginx, static file of the same size" "$rps_nginx" "passend/nginx = $ratio"
  else
    row "req/s nginx, static file of the same size" "n/a" "nginx did not start: $(head -c 200 "$tmp/nginx/stderr")"
  fi
  kill "$NGPID" 2>/dev/null || true; wait "$NGPID" 2>/dev/null || true
else
  row "req/s nginx, static file of the same size" "n/a" "nginx not installed"
fi

# ---- (c) memory after the load test ----
rss=$(awk '/^VmRSS/ { print $2 }' /proc/$SPID/status)
hwm=$(awk '/^VmHWM/ { print $2 }' /proc/$SPID/status)
row "server memory after load test (VmRSS / VmHWM)" "$(( rss / 1024 )) MB / $(( hwm / 1024 )) MB" "national data set"

# ---- (e, f) server-side latency from the access log ----
# latency NAME PATH_PREFIX URL_FILE: requests every URL of the file over
# one connection and takes the per-request milliseconds the server logged.
latency() {
  local name=$1 prefix=$2 urls=$3
  local before; before=$(wc -l <"$tmp/access.log")
  xargs -a "$urls" curl -s -o /dev/null >/dev/null 2>&1 || true
  sleep 0.2
  tail -n +"$(( before + 1 ))" "$tmp/access.log" | awk -v p="$prefix" '$3 ~ "^" p && $4 == 200 { sub(/ms$/, "", $5); print $5 }' >"$tmp/lat.txt"
  local n; n=$(wc -l <"$tmp/lat.txt")
  read -r med p99 < <(stats <"$tmp/lat.txt")
  row "$name (median / p99, server-side)" "$med ms / $p99 ms" "$n requests with status 200"
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
  latency "finder /api/v1/match" "/api/v1/match" "$tmp/match.urls"
else
  row "finder /api/v1/match" "not available yet" ""
fi
if route_ok "$BASE/overzicht/$SWV"; then
  for i in $(seq 1 "$NREQ"); do echo "$BASE/overzicht/${swvs[RANDOM % ${#swvs[@]}]}"; done >"$tmp/ov.urls"
  latency "overview /overzicht/{swv}" "/overzicht/" "$tmp/ov.urls"
else
  row "overview /overzicht/{swv}" "not available yet" ""
fi
if route_ok "$BASE/school/$KEY/profiel.pdf"; then
  mapfile -t keys < <(sqlite3 "$DB" "SELECT s.brin || s.vestiging FROM school s JOIN profile p ON p.school_id = s.id AND p.is_live ORDER BY random() LIMIT 100")
  for k in "${keys[@]}"; do echo "$BASE/school/$k/profiel.pdf"; done >"$tmp/pdf.urls"
  latency "PDF /school/{key}/profiel.pdf" "/school/" "$tmp/pdf.urls"
else
  row "PDF /school/{key}/profiel.pdf" "not available yet" ""
fi

# ---- (d) import throughput ----
if [ -f scripts/bench-import.sh ]; then
  # The importer's script prints its own figures; a failure there must not
  # lose the results above.
  imp=$( { bash scripts/bench-import.sh "$BIN" 2>&1 || echo "(bench-import.sh failed)"; } |
    grep -v '^==' | tail -3 | tr '\n' ' ' | sed 's/|/\//g') || true
  row "import throughput (scripts/bench-import.sh)" "see note" "$imp"
else
  row "import throughput" "not available yet" "scripts/bench-import.sh is missing"
fi

{
  echo "# passend benchmark results"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(uname -sr), $SCHOOLS schools in $NSWV SWVs, wrk -t2 -c32 -d${SECS}s on 127.0.0.1"
  echo
  echo "| measurement | result | notes |"
  echo "|---|---|---|"
  printf '%s\n' "${rows[@]}"
} >"$OUT"
echo
echo "bench: results written to $OUT"
