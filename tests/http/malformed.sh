#!/usr/bin/env bash
# Malformed requests through `passend http`: each must get the right 4xx
# answer, never a crash.  Checks the exit status (0: the request was
# answered), that stdout starts with "HTTP/1.1 4" and the exact status.
#   bash tests/http/malformed.sh build/passend      (from the repo root)
set -euo pipefail

bin=${1:?usage: tests/http/malformed.sh PATH/TO/passend}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/passend-malformed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
db=$(bash tests/lib/testdb.sh "$tmp/m.db") # SQLite file, or a fresh PostgreSQL database
"$bin" --db "$db" init >/dev/null 2>&1
"$bin" --db "$db" load data/example/*.json >/dev/null 2>&1

fail=0 n=0
# check NAME STATUS-REGEX FILE: send FILE as the request.
check() {
	local name=$1 want=$2 file=$3 rc=0
	n=$((n + 1))
	"$bin" --db "$db" http <"$file" >"$tmp/out" 2>"$tmp/err" || rc=$?
	local line
	line=$(head -n 1 "$tmp/out" | tr -d '\r')
	if [ "$rc" -ne 0 ]; then
		echo "FAIL $name: exit status $rc (a crash or refusal instead of an answer)"
		head -n 20 "$tmp/err"
		fail=1
	elif [[ ! "$line" =~ ^HTTP/1\.1\ 4 ]]; then
		echo "FAIL $name: expected a 4xx answer, got '$line'"
		fail=1
	elif [[ ! "$line" =~ ^HTTP/1\.1\ ($want)\  ]]; then
		echo "FAIL $name: expected status $want, got '$line'"
		fail=1
	else
		echo "ok   $name: $line"
	fi
}
# req NAME STATUS-REGEX PRINTF-FORMAT [ARGS]: build the request with printf.
req() {
	local name=$1 want=$2
	shift 2
	# shellcheck disable=SC2059
	printf "$@" >"$tmp/req"
	check "$name" "$want" "$tmp/req"
}

: >"$tmp/empty"
check "empty input" 400 "$tmp/empty"
req "garbage request line" 400 'garbage\r\n\r\n'
req "binary garbage" 400 '\x01\x02\xff\xfe\r\n\r\n'
req "request line without target" 400 'GET\r\n\r\n'
req "not HTTP" 400 'GET / FTP/1.0\r\n\r\n'
req "target without leading slash" 400 'GET healthz HTTP/1.1\r\n\r\n'
req "absolute URL elsewhere" 400 'GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n'
req "header without colon" 400 'GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n'
req "header with empty name" 400 'GET / HTTP/1.1\r\n: value\r\n\r\n'
{
	printf 'GET / HTTP/1.1\r\nHost: x\r\n'
	for i in $(seq 1 100); do printf 'X-Header-%d: v\r\n' "$i"; done
	printf '\r\n'
} >"$tmp/many"
check "too many headers" 431 "$tmp/many"
{
	printf 'GET / HTTP/1.1\r\nHost: x\r\n'
	for i in $(seq 1 40); do printf 'X-Header-%d: %0500d\r\n' "$i" 0; done
	printf '\r\n'
} >"$tmp/bigheaders"
check "headers over the byte limit" 431 "$tmp/bigheaders"
{
	printf 'GET / HTTP/1.1\r\nX-Big: '
	head -c 20000 /dev/zero | tr '\0' a
	printf '\r\n\r\n'
} >"$tmp/bigheader"
check "one header line too long" '400|431' "$tmp/bigheader"
{
	printf 'GET /'
	head -c 9000 /dev/zero | tr '\0' a
	printf ' HTTP/1.1\r\n\r\n'
} >"$tmp/longurl"
check "request line too long" '400|414' "$tmp/longurl"
req "query too long" '400|414|431' "GET /?q=%s HTTP/1.1\r\n\r\n" "$(head -c 5000 /dev/zero | tr '\0' a)"
req "Content-Length larger than the body" 400 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nabc'
req "Content-Length over the limit" 413 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\n\r\n'
req "Content-Length just over the upload limit" 413 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n' $((32 * 1024 * 1024 + 1))
req "negative Content-Length" '400|413' 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n'
req "non-numeric Content-Length" '400|413' 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'
req "NUL byte in the path" 400 'GET /%%00 HTTP/1.1\r\nHost: x\r\n\r\n'
req "bad percent escape" 400 'GET /school/%%zz HTTP/1.1\r\nHost: x\r\n\r\n'
req "invalid UTF-8 in the path" 400 'GET /school/%%ff%%fe HTTP/1.1\r\nHost: x\r\n\r\n'
req "invalid UTF-8 in the query" 400 'GET /?q=%%c3%%28 HTTP/1.1\r\nHost: x\r\n\r\n'
req "raw invalid UTF-8 in the path" 400 'GET /school/\xff HTTP/1.1\r\nHost: x\r\n\r\n'
req "encoded slash" 400 'GET /school/31QX00%%2F..%%2F.. HTTP/1.1\r\nHost: x\r\n\r\n'
req "encoded backslash" 400 'GET /static/..%%5cCMakeLists.txt HTTP/1.1\r\nHost: x\r\n\r\n'
req "dot segments" 400 'GET /static/../CMakeLists.txt HTTP/1.1\r\nHost: x\r\n\r\n'
req "overlong method" '400|405|501' 'VERYLONGMETHODNAMEXX / HTTP/1.1\r\nHost: x\r\n\r\n'
req "unknown method" '405|501' 'BREW / HTTP/1.1\r\nHost: x\r\n\r\n'
req "form with invalid UTF-8" '400|405' 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\nq=%%ff'

echo "malformed.sh: $n requests"
exit $fail
