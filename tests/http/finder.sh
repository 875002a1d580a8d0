#!/usr/bin/env bash
# The public finder, comparison, overview, text search, exports and their
# API through `passend http`: every page answers, hostile query strings are
# escaped or refused (400) but never crash (500) or show an SQL error, draft
# content never appears anywhere, content types and Content-Disposition are
# right, and the HTML passes tidy (when installed).
#   bash tests/http/finder.sh build/passend      (from the repo root)
set -uo pipefail

bin=${1:?usage: tests/http/finder.sh PATH/TO/passend}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/passend-finder.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
db=$(bash tests/lib/testdb.sh "$tmp/t.db")
"$bin" --db "$db" init >/dev/null 2>&1 || { echo "init failed"; exit 1; }
"$bin" --db "$db" load data/example/swv-kempenrand.json >/dev/null 2>&1 || { echo "load failed"; exit 1; }

fail=0 checks=0
bad() { echo "FAIL $*"; fail=1; }

# get PATH -> $tmp/resp (full response), $tmp/body, $status, $ctype
get() {
	printf 'GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n' "$1" | "$bin" --db "$db" http >"$tmp/resp" 2>"$tmp/err"
	status=$(head -1 "$tmp/resp" | cut -d' ' -f2)
	ctype=$(sed '/^\r$/q' "$tmp/resp" | grep -a -i -m1 '^Content-Type:' | tr -d '\r' | cut -d' ' -f2-)
	sed '1,/^\r$/d' "$tmp/resp" >"$tmp/body"
	checks=$((checks + 1))
}

expect() { # path status [content-type prefix]
	get "$1"
	[ "$status" = "$2" ] || bad "$1: status $status, expected $2"
	if [ -n "${3:-}" ] && [[ "$ctype" != "$3"* ]]; then bad "$1: content type '$ctype', expected $3"; fi
	if grep -aqiE 'sqlite|syntax error|SQL logic|fts5:' "$tmp/body"; then bad "$1: database error text in the body"; fi
}

# ---- every page and API answer ----
pages=(
	"/zoeken" "/zoeken?need=ass&need=gedrag" "/zoeken?need=ass&need=gedrag&op_school=1&voorziening=lift&plaats=Bladel&km=10"
	"/zoeken?voorziening=rolstoeltoegankelijk" "/zoeken?need=lezen_dyslexie&plaats=5531&km=5&swv=PO3099"
	"/zoeken?need=lezen_dyslexie&plaats=Nergenshuizen&km=5" "/vergelijk?school=31QX00&school=29HT00"
	"/vergelijk?school=31QX00&school=29HT00&school=35BS00&school=30FB00" "/overzicht" "/overzicht/PO3099"
	"/overzicht/PO3099?plaats=Bladel&n=5" "/overzicht/PO3099?bestuur=41999" "/tekst" "/tekst?q=dyslexie"
	"/tekst?q=gedrag&plaats=Eersel" "/tekst?q=kinderen&need=ass"
)
for p in "${pages[@]}"; do
	expect "$p" 200 "text/html"
	grep -q '<html lang="nl">' "$tmp/body" || bad "$p: no <html lang=nl>"
	if command -v tidy >/dev/null; then
		tidy -q -e --doctype html5 --show-warnings yes "$tmp/body" >"$tmp/tidy" 2>&1
		problems=$(grep -E ' - (Warning|Error): ' "$tmp/tidy" | grep -v '<title> proprietary attribute "id"' || true)
		[ -z "$problems" ] || bad "$p: tidy: $problems"
	fi
done
for p in "/api/v1/match?need=ass&need=gedrag&op_school=1&voorziening=lift&plaats=Bladel&km=10&swv=PO3099" \
	"/api/v1/overview/PO3099" "/api/v1/search?q=dyslexie" "/api/v1/compare?school=31QX00&school=29HT00"; do
	expect "$p" 200 "application/json"
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/body" 2>/dev/null || bad "$p: not JSON"
done
get "/api/v1/openapi.yaml" # (mentions the sqlite backend: no error-text check)
[ "$status" = 200 ] && [[ "$ctype" == application/yaml* ]] || bad "openapi.yaml: status $status, type $ctype"
grep -q '^openapi: 3' "$tmp/body" || bad "openapi.yaml does not start with openapi: 3"

# Results always come with reasons.
get "/api/v1/match?need=ass&need=gedrag"
python3 - "$tmp/body" <<'EOF' || bad "match: a result without reasons"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["results"], "no results"
for r in d["results"]:
    assert r["reasons"], r["school"]["name"]
    assert "caveats" in r
EOF
# An empty selection shows guidance, not every school.
get "/zoeken?plaats=Bladel"
grep -q 'Kies hierboven minstens' "$tmp/body" || bad "empty selection: no guidance"
grep -q 'class="result"' "$tmp/body" && bad "empty selection: results shown"
expect "/api/v1/match" 400 "application/json"
# An unknown place is said, not silently ignored.
get "/zoeken?need=ass&plaats=Nergenshuizen&km=5"
grep -q 'kennen de plaats of postcode' "$tmp/body" || bad "unknown place not reported"

# ---- hostile input: escaped or 400, never 500 ----
hostile=(
	"%3Cscript%3Ealert(1)%3C/script%3E" "%22%3E%3Csvg%20onload%3Dalert(1)%3E" "%27%20OR%201%3D1%20--"
	"%00" "%C3%28" "%FF%FE" "%22)%20OR%20(%2A" "NEAR(a%20b)" "$(printf 'x%.0s' {1..3000})"
)
for h in "${hostile[@]}"; do
	for base in "/zoeken?need=" "/zoeken?need=ass&plaats=" "/zoeken?need=ass&km=" "/zoeken?need=ass&swv=" \
		"/zoeken?need=ass&pagina=" "/zoeken?voorziening=" "/api/v1/match?need=" "/tekst?q=" "/tekst?q=zorg&need=" \
		"/tekst?q=zorg&plaats=" "/tekst?q=zorg&swv=" "/api/v1/search?q=" "/vergelijk?school=31QX00&school=" \
		"/overzicht/PO3099?plaats=" "/overzicht/PO3099?bestuur=" "/overzicht/PO3099?n=" "/overzicht/" \
		"/api/v1/overview/" "/export/PO3099/" "/export/"; do
		get "$base$h"
		case "$status" in
			200|400|404) ;;
			*) bad "$base${h:0:40}: status $status" ;;
		esac
		if grep -aqiE 'sqlite|syntax error|SQL logic|fts5:' "$tmp/body"; then
			bad "$base${h:0:40}: database error in the body"
		fi
		# HTML must escape the input (JSON carries it as a string value).
		if [[ "$ctype" == text/html* ]] && grep -aqiE '<script>alert|<svg onload' "$tmp/body"; then
			bad "$base${h:0:40}: unescaped input in the page"
		fi
	done
done
# Unknown codes are refused with 400.
expect "/zoeken?need=bestaat_niet" 400 "text/html"
expect "/api/v1/match?need=bestaat_niet" 400 "application/json"
expect "/zoeken?need=ass&voorziening=zwembad" 400
expect "/vergelijk?school=31QX00" 200 "text/html" # the school page's link: pick schools to compare with
grep -q 'name="school" value="31QX00" checked' "$tmp/body" || bad "compare picker: the school is not pre-selected"
expect "/api/v1/compare?school=31QX00" 400 "application/json"
expect "/vergelijk?school=31QX00&school=99ZZ00" 404
expect "/vergelijk?school=31QX00&school=29HT00&school=35BS00&school=30FB00&school=26LP00" 400
expect "/overzicht/PO0000" 404
expect "/export/PO3099/feiten.pdf" 404
expect "/export/PO0000/feiten.csv" 404
# The query is echoed escaped in the search form.
get "/tekst?q=%22%3E%3Csvg%20onload%3Dalert(1)%3E"
grep -q 'value="&quot;&gt;&lt;svg onload=alert(1)&gt;"' "$tmp/body" || bad "search query not echoed escaped"

# ---- exports ----
for f in feiten dekking; do
	expect "/export/PO3099/$f.csv" 200 "text/csv"
	grep -aqi "^Content-Disposition: attachment; filename=\"PO3099-$f.csv\"" "$tmp/resp" || bad "$f.csv: Content-Disposition"
	head -c 3 "$tmp/body" | od -An -tx1 | grep -q 'ef bb bf' || bad "$f.csv: no UTF-8 BOM"
	expect "/export/PO3099/$f.xlsx" 200 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	grep -aqi "^Content-Disposition: attachment; filename=\"PO3099-$f.xlsx\"" "$tmp/resp" || bad "$f.xlsx: Content-Disposition"
	[ "$(head -c 2 "$tmp/body")" = PK ] || bad "$f.xlsx: not a zip"
	if command -v unzip >/dev/null; then
		unzip -p "$tmp/body" xl/worksheets/sheet1.xml >/dev/null 2>&1 || bad "$f.xlsx: no worksheet"
	fi
done
get "/overzicht/PO3099"
for f in feiten.csv feiten.xlsx dekking.csv dekking.xlsx; do
	grep -q "href=\"/export/PO3099/$f\"" "$tmp/body" || bad "overview does not link $f"
done

# ---- drafts never leak ----
# Words only in the example's concept / mr_advies / vastgesteld versions.
draft_words="meerjarenbegroting personeelskamer Concepttekst verhuizing onbereikbaar"
leak_paths=(
	"/zoeken?need=lezen_dyslexie&need=rekenen_dyscalculie&need=taal&need=nt2&need=tos&need=auditief&need=visueel&need=meer_hoogbegaafd&need=laagbegaafd&need=werkhouding&need=sociaal_emotioneel&need=faalangst&need=gedrag&need=adhd&need=ass&need=psychiatrisch&need=thuissituatie&need=motorisch&need=chronisch_ziek&need=jonge_kind&voorziening=lift&voorziening=rolstoeltoegankelijk&voorziening=aangepast_toilet"
	"/api/v1/match?need=lezen_dyslexie&need=gedrag&need=ass&need=motorisch&need=jonge_kind&need=chronisch_ziek&voorziening=lift"
	"/overzicht/PO3099" "/api/v1/overview/PO3099" "/vergelijk?school=31QX00&school=30FB00&school=32WG00&school=35BS00"
	"/api/v1/compare?school=31QX00&school=30FB00&school=32WG00&school=35BS00"
	"/export/PO3099/feiten.csv" "/export/PO3099/dekking.csv"
)
for p in "${leak_paths[@]}"; do
	get "$p"
	[ "$status" = 200 ] || bad "${p:0:60}: status $status"
	for w in $draft_words; do
		grep -q "$w" "$tmp/body" && bad "${p:0:60}: draft word '$w' leaked"
	done
done
for w in $draft_words; do
	for base in /tekst?q= /api/v1/search?q=; do
		get "$base$w"
		grep -q "<mark>" "$tmp/body" && bad "$base$w: a draft section was found"
		grep -q '"total":0' "$tmp/body" || [ "$base" = /tekst?q= ] || bad "$base$w: hits for a draft word"
	done
done
for f in feiten dekking; do
	get "/export/PO3099/$f.xlsx"
	if command -v unzip >/dev/null; then
		mkdir -p "$tmp/x" && (cd "$tmp/x" && unzip -qo "$tmp/body")
		for w in $draft_words; do
			grep -rq "$w" "$tmp/x" && bad "$f.xlsx: draft word '$w' leaked"
		done
		rm -rf "$tmp/x"
	fi
done

if [ $fail = 0 ]; then
	echo "finder.sh: $checks requests, all fine"
fi
exit $fail
