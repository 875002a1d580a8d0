#!/usr/bin/env bash
# Build the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang into
# build-fuzz and run each one on its corpus (build-fuzz/corpus/<target>,
# seeded from small examples on the first run).  Fails when any target finds
# a crash, leak, timeout or sanitizer report; the reproducer is written to
# build-fuzz/crashes/<target>-*.
#
#   scripts/fuzz.sh short [TARGET...]   make check / make fuzz-short: about
#                                       2 minutes of fuzzing in total
#   scripts/fuzz.sh long  [TARGET...]   make fuzz: 10 minutes per target
#
# FUZZ_SECONDS overrides the time per target; FUZZ_BUILD the build dir.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-short}
shift || true
BUILD=${FUZZ_BUILD:-build-fuzz}
JOBS=$(nproc 2>/dev/null || echo 2)

if ! command -v clang >/dev/null; then
  echo "fuzz: clang is missing (scripts/deps.sh test installs it)" >&2
  exit 2
fi

mapfile -t all < <(ls tests/fuzz/fuzz_*.c | xargs -n1 basename | sed 's/\.c$//')
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi

case "$mode" in
  short) per=$(( 120 / ${#targets[@]} )); [ "$per" -gt 20 ] && per=20; [ "$per" -lt 5 ] && per=5 ;;
  long) per=600 ;;
  *) echo "usage: scripts/fuzz.sh short|long [TARGET...]" >&2; exit 2 ;;
esac
per=${FUZZ_SECONDS:-$per}

t0=$(date +%s)
CC=clang cmake -S . -B "$BUILD" -DPASSEND_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j "$JOBS" --target "${targets[@]}" >"$BUILD/build.log" 2>&1 || {
  tail -40 "$BUILD/build.log" >&2; echo "fuzz: build failed (full log: $BUILD/build.log)" >&2; exit 1; }
echo "fuzz: built ${#targets[@]} targets in $(( $(date +%s) - t0 )) s; ${per} s each"

# ---- seed corpora (only files that are not there yet) ----
seed() { # seed TARGET NAME CONTENT
  local d="$BUILD/corpus/$1"
  mkdir -p "$d"
  [ -e "$d/seed-$2" ] || printf '%b' "$3" >"$d/seed-$2"
}
seed_files() { # seed_files TARGET FILE...
  local t=$1; shift
  mkdir -p "$BUILD/corpus/$t"
  for f in "$@"; do
    [ -f "$f" ] || continue
    local b; b=$(basename "$f")
    [ -e "$BUILD/corpus/$t/seed-$b" ] || head -c 65536 "$f" >"$BUILD/corpus/$t/seed-$b"
  done
}

seed fuzz_http home 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'
seed fuzz_http school 'GET /school/19ZW00 HTTP/1.1\r\nHost: x\r\nAccept-Language: nl\r\n\r\n'
seed fuzz_http api 'GET /api/v1/schools/19ZW00 HTTP/1.1\r\nHost: x\r\n\r\n'
seed fuzz_http list 'GET /api/v1/schools?swv=PO3098&place=Oudeland HTTP/1.1\r\n\r\n'
seed fuzz_http match 'GET /api/v1/match?need=ass&need=lezen_dyslexie&lift=1 HTTP/1.1\r\n\r\n'
seed fuzz_http finder 'GET /zoeken?need=ass&plaats=Oudeland&max_km=10 HTTP/1.1\r\n\r\n'
seed fuzz_http search 'GET /tekst?q=lift+%22geen+lift%22 HTTP/1.1\r\n\r\n'
seed fuzz_http overview 'GET /overzicht/PO3098 HTTP/1.1\r\n\r\n'
seed fuzz_http pdf 'GET /school/19ZW00/profiel.pdf HTTP/1.1\r\n\r\n'
seed fuzz_http login 'POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 34\r\nCookie: psid=abc; csrf=def\r\n\r\nemail=a%40b.example&password=x+y%20'
seed fuzz_http static 'HEAD /static/style.css HTTP/1.1\r\nIf-None-Match: "x"\r\n\r\n'
seed fuzz_http badpct 'GET /school/%2F..%ZZ HTTP/1.0\r\n\r\n'

seed fuzz_import text 'Schoolondersteuningsprofiel 2025-2026\nOBS De Dijkwachter te Oudeland\nBRIN: 19ZW\n\nGrenzen aan de ondersteuning\n- Het gebouw heeft geen lift.\n- Medische handelingen voeren wij niet uit.\n\nExpertise\nIntern begeleider (2)\nGedragsspecialist\n\nWe bieden ondersteuning bij dyslexie en autisme.\n'
seed fuzz_import cp1252 'Ondersteuningsprofiel \xe9\xe9n school\r\nCo\xf6rdinator VVE\r\n'
seed_files fuzz_import ../shared/seeds/*.txt
# Small DOCX and ODT documents (ZIP + XML), built with python3 when present.
if command -v python3 >/dev/null && [ ! -e "$BUILD/corpus/fuzz_import/seed-mini.docx" ]; then
  python3 - "$BUILD/corpus/fuzz_import" <<'PY'
import sys, zipfile
d = sys.argv[1]
body = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        '<w:p><w:r><w:t>Schoolondersteuningsprofiel OBS De Dijkwachter</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>Grenzen: het gebouw heeft geen lift.</w:t></w:r></w:p>'
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Intern begeleider</w:t></w:r></w:p></w:tc>'
        '<w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>')
with zipfile.ZipFile(d + "/seed-mini.docx", "w") as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("word/document.xml", body)
odt = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
       '<text:h>Ondersteuningsprofiel</text:h><text:p>Wij bieden hulp bij dyslexie.</text:p>'
       '<text:list><text:list-item><text:p>Geen lift</text:p></text:list-item></text:list>'
       '</office:text></office:body></office:document-content>')
with zipfile.ZipFile(d + "/seed-mini.odt", "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
    z.writestr("content.xml", odt)
PY
fi

# Profiles and facts from the example data, one JSON value per file.
if command -v python3 >/dev/null && [ ! -e "$BUILD/corpus/fuzz_profile_json/seed-p0.json" ]; then
  python3 - "$BUILD/corpus/fuzz_profile_json" data/example/swv-kempenrand.json <<'PY'
import json, os, sys
d, src = sys.argv[1], sys.argv[2]
os.makedirs(d, exist_ok=True)
doc = json.load(open(src, encoding="utf-8"))
n = 0
for s in doc["schools"][:4]:
    for p in s["profiles"][:2]:
        p = dict(p); p["sections"] = p["sections"][:2]
        open(f"{d}/seed-p{n}.json", "w").write(json.dumps(p, ensure_ascii=False)); n += 1
    sc = dict(s); sc["profiles"] = []
    open(f"{d}/seed-s{n}.json", "w").write(json.dumps(sc, ensure_ascii=False))
for i, f in enumerate(doc["schools"][0]["profiles"][-1]["facts"][:12]):
    open(f"{d}/seed-f{i}.json", "w").write(json.dumps(f, ensure_ascii=False))
PY
fi
seed fuzz_profile_json fact '{"kind":"need","code":"tos","where":"extern","levels":[3,4],"value":"ambulant"}'

seed_files fuzz_tpl templates/*.html templates/*/*.html

# Targets written by others (e.g. the search-query fuzzer) get at least one
# seed so libFuzzer does not start from nothing.
for t in "${targets[@]}"; do
  mkdir -p "$BUILD/corpus/$t"
  [ -n "$(ls -A "$BUILD/corpus/$t")" ] || printf 'ass dyslexie "geen lift" -gedrag' >"$BUILD/corpus/$t/seed-generic"
done

# ---- run ----
mkdir -p "$BUILD/crashes" "$BUILD/logs"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export G_SLICE=always-malloc
failed=()
printf '%-22s %8s %10s %8s  %s\n' target seconds execs corpus result
for t in "${targets[@]}"; do
  log="$BUILD/logs/$t.log"
  rc=0
  "$BUILD/$t" -max_total_time="$per" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$BUILD/crashes/$t-" "$BUILD/corpus/$t" >"$log" 2>&1 || rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  ncorp=$(ls "$BUILD/corpus/$t" | wc -l)
  if [ $rc -eq 0 ]; then res=ok; else res="FAILED (exit $rc, see $log)"; failed+=("$t"); fi
  printf '%-22s %8s %10s %8s  %s\n' "$t" "$per" "$execs" "$ncorp" "$res"
  if [ $rc -ne 0 ]; then grep -m5 -E 'ERROR|SUMMARY|Test unit written' "$log" | sed 's/^/    /' >&2 || true; fi
done
echo "fuzz: total $(( $(date +%s) - t0 )) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in: ${failed[*]}" >&2
  exit 1
fi
