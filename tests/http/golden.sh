#!/usr/bin/env bash
# Golden HTTP tests through `passend http` (one request on stdin, the exact
# response on stdout).  For each tests/http/golden/NAME.req (LF line endings;
# sent with CRLF) the response must equal NAME.expected byte for byte (status
# line, headers and body), after one normalisation: the schema version in
# /healthz, which grows with every migration, reads "#".
#   bash tests/http/golden.sh build/passend                   (from the repo root)
#   UPDATE_GOLDEN=1 bash tests/http/golden.sh build/passend   rewrite the .expected files
# On a difference the unified diff is shown.
set -euo pipefail

bin=${1:?usage: tests/http/golden.sh PATH/TO/passend}
dir=tests/http/golden
tmp=$(mktemp -d "${TMPDIR:-/tmp}/passend-golden.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
db=$(bash tests/lib/testdb.sh "$tmp/g.db") # SQLite file, or a fresh PostgreSQL database
"$bin" --db "$db" init >/dev/null 2>&1
"$bin" --db "$db" load data/example/*.json >/dev/null 2>&1

normalise() {
	# The schema version grows with migrations and /healthz names the
	# backend, so both are masked (and with them the body length) to let
	# the same recordings pass on SQLite and PostgreSQL.
	sed -E -e 's/"schema_version":[0-9]+/"schema_version":#/' \
		-e 's/"backend":"(sqlite|postgresql)"/"backend":"#"/' \
		-e 's/^Content-Length: [0-9]+/Content-Length: #/'
}

fail=0 n=0
for req in "$dir"/*.req; do
	name=$(basename "$req" .req)
	exp=$dir/$name.expected
	n=$((n + 1))
	# LF -> CRLF on the wire; the blank line ends the headers.
	rc=0
	sed 's/$/\r/' "$req" | "$bin" --db "$db" http >"$tmp/out" 2>"$tmp/err" || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "FAIL $name: passend http exited with $rc"
		cat "$tmp/err"
		fail=1
		continue
	fi
	normalise <"$tmp/out" >"$tmp/got"
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		cp "$tmp/got" "$exp"
		echo "updated $exp"
		continue
	fi
	if [ ! -f "$exp" ]; then
		echo "FAIL $name: $exp is missing (run with UPDATE_GOLDEN=1 to create it)"
		fail=1
	elif cmp -s "$exp" "$tmp/got"; then
		echo "ok   $name"
	else
		echo "FAIL $name: response differs from $exp (- expected, + got; \\r shown as ^M):"
		diff -u "$exp" "$tmp/got" | cat -v | head -n 60 || true
		fail=1
	fi
done
echo "golden.sh: $n requests"
exit $fail
