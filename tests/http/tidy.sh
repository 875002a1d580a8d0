#!/usr/bin/env bash
# HTML validation: every page in tests/node/pages.mjs, fetched through
# `passend http` (one request on stdin), must pass tidy (HTML5) without
# errors or warnings.  Pages marked optional that answer 404 are skipped
# (they are still being built).  Skips cleanly when tidy is not installed.
#   bash tests/http/tidy.sh build/passend      (run from the repo root)
set -euo pipefail

bin=${1:?usage: tests/http/tidy.sh PATH/TO/passend}
if ! command -v tidy >/dev/null; then
	echo "tidy.sh: tidy is not installed; HTML validation skipped (scripts/deps.sh test)"
	exit 0
fi

# tidy 5.6 (Debian 12) predates some valid HTML; these warnings are accepted
# explicitly (one extended regex per line, matched against tidy's message).
# Keep this list short and say why for every entry.
allowed=(
	# id is a global attribute, valid on every element; tidy 5.6 does not
	# know it on <title>, which inline SVG charts use for their accessible
	# name (<svg aria-labelledby="x-title"><title id="x-title">).
	'<title> proprietary attribute "id"'
	# aria-current (WAI-ARIA 1.1, 2017) marks the current item of a list of
	# links, e.g. the open chapter in the editor; tidy 5.6 does not know it.
	'proprietary attribute "aria-current"'
)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/passend-tidy.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
db=$(bash tests/lib/testdb.sh "$tmp/t.db") # SQLite file, or a fresh PostgreSQL database
"$bin" --db "$db" init >/dev/null 2>&1
"$bin" --db "$db" load data/example/*.json >/dev/null 2>&1

# One line per page in pages.mjs: name, path, status, optional.
pages=$(sed -n "s/.*name: '\([^']*\)', path: '\([^']*\)', status: \([0-9]*\)\(.*optional: true\)\{0,1\}.*/\1 \2 \3 \4/p" \
	tests/node/pages.mjs)
[ -n "$pages" ] || { echo "tidy.sh: no pages found in tests/node/pages.mjs" >&2; exit 1; }

fail=0 checked=0 skipped=0
while read -r name path want optional; do
	printf 'GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n' "$path" | "$bin" --db "$db" http >"$tmp/resp" 2>"$tmp/err" || {
		echo "FAIL $path: passend http exited with $?"; cat "$tmp/err"; fail=1; continue; }
	status=$(head -1 "$tmp/resp" | cut -d' ' -f2)
	if [ "$status" = 404 ] && [ -n "$optional" ] && [ "$want" != 404 ]; then
		echo "skip $path: 404 (not built yet)"
		skipped=$((skipped + 1))
		continue
	fi
	if [ "$status" != "$want" ]; then
		echo "FAIL $path: status $status, expected $want"
		fail=1
		continue
	fi
	# The body: everything after the first empty (CRLF) line.
	sed '1,/^\r$/d' "$tmp/resp" >"$tmp/$name.html"
	tidy -q -e --doctype html5 --show-warnings yes "$tmp/$name.html" >"$tmp/tidy" 2>&1 || true
	problems=$(grep -E ' - (Warning|Error): ' "$tmp/tidy" || true)
	for re in "${allowed[@]}"; do
		problems=$(printf '%s\n' "$problems" | grep -Ev -- "$re" || true)
	done
	if [ -n "$problems" ]; then
		echo "FAIL $path: tidy reports:"
		printf '%s\n' "$problems" | sed 's/^/    /'
		fail=1
	else
		echo "ok   $path"
	fi
	checked=$((checked + 1))
done <<<"$pages"

echo "tidy.sh: $checked pages checked, $skipped skipped"
exit $fail
