#!/usr/bin/env bash
# Black-box HTTP and browser tests against a running passend server.
#   tests/node/run.sh build/passend
# Installs the npm test dependencies when missing (playwright-core, axe-core;
# never a browser download: the tests drive Debian's /usr/bin/chromium),
# builds a temporary database from data/example, starts the server on a free
# port on 127.0.0.1, runs `node --test tests/node/*.test.mjs` with PASSEND_URL
# set, and always stops the server.  Exit status is node's.
set -euo pipefail

bin=${1:?usage: tests/node/run.sh PATH/TO/passend}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

command -v node >/dev/null || { echo "node-tests: node is not installed (scripts/deps.sh test)" >&2; exit 1; }

if [ ! -d tests/node/node_modules/playwright-core ] || [ ! -d tests/node/node_modules/axe-core ]; then
	(cd tests/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/passend-node.XXXXXX")
server=""
cleanup() {
	if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
		kill "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
	# The server log is kept as an artefact (nothing may follow node's summary).
	if [ -d tests/artifacts ] && [ -f "$tmp/server.log" ]; then
		cp "$tmp/server.log" tests/artifacts/server.log || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

db=$tmp/test.db
"$bin" --db "$db" --quiet init >/dev/null
"$bin" --db "$db" --quiet load data/example/*.json >/dev/null
# Demo accounts come from the accounts engineer's command, when it exists.
if "$bin" help demo-users >/dev/null 2>&1; then
	"$bin" --db "$db" --quiet demo-users >"$tmp/demo-users.txt" 2>&1 ||
		{ echo "node-tests: 'passend demo-users' failed:" >&2; cat "$tmp/demo-users.txt" >&2; exit 1; }
fi

# A free port: ask the kernel for one, then hand it to the server.  A race
# with another process is possible but harmless: the server then fails to
# start and we say so.
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$bin" --db "$db" serve --port "$port" --bind 127.0.0.1 --threads 4 2>"$tmp/server.log" &
server=$!
url=http://127.0.0.1:$port
for _ in $(seq 1 100); do
	if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$url/healthz" 2>/dev/null; then
		break
	fi
	if ! kill -0 "$server" 2>/dev/null; then
		echo "node-tests: the server did not start:" >&2
		cat "$tmp/server.log" >&2
		exit 1
	fi
	sleep 0.1
done

mkdir -p tests/artifacts/screenshots
status=0
PASSEND_URL=$url PASSEND_BIN=$bin PASSEND_SRC=$root node --test tests/node/*.test.mjs || status=$?
exit "$status"
