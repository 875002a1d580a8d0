#!/usr/bin/env bash
# Black-box HTTP and browser tests against a running passend server.
#   tests/node/run.sh build/passend
# Installs the npm test dependencies when missing (playwright-core, axe-core;
# never a browser download: the tests drive Debian's /usr/bin/chromium),
# builds temporary databases from data/example (with the demo accounts),
# starts two servers on free ports on 127.0.0.1 (PASSEND_URL for the
# read-only tests, PASSEND_WORKFLOW_URL for workflow.test.mjs, which changes
# data), runs `node --test tests/node/*.test.mjs` and always stops the
# servers.  Exit status is node's.
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
servers=()
cleanup() {
	local pid
	for pid in "${servers[@]}"; do
		if kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
		fi
	done
	# The server logs are kept as artefacts (nothing may follow node's summary).
	if [ -d tests/artifacts ]; then
		[ -f "$tmp/server.log" ] && cp "$tmp/server.log" tests/artifacts/server.log || true
		[ -f "$tmp/server-workflow.log" ] && cp "$tmp/server-workflow.log" tests/artifacts/server-workflow.log || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# One database per server: the main one for the read-only page tests, and a
# second one for workflow.test.mjs, which changes data (it publishes a new
# school year of 31QX00 that other tests would then see).  With separate
# servers the test files may run in parallel in any order.
make_db() {
	"$bin" --db "$1" --quiet init >/dev/null
	"$bin" --db "$1" --quiet load data/example/*.json >/dev/null
	# Demo accounts come from the accounts engineer's command, when it exists.
	if "$bin" help demo-users >/dev/null 2>&1; then
		"$bin" --db "$1" --quiet demo-users >"$1.users.txt" 2>&1 ||
			{ echo "node-tests: 'passend demo-users' failed:" >&2; cat "$1.users.txt" >&2; exit 1; }
	fi
}

# start_server DB LOG: starts `passend serve` on a free port, waits until
# /healthz answers and sets $url.  A free port: ask the kernel for one, then
# hand it to the server.  A race with another process is possible but
# harmless: the server then fails to start and we say so.
start_server() {
	local port pid
	port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
	"$bin" --db "$1" serve --port "$port" --bind 127.0.0.1 --threads 4 2>"$2" &
	pid=$!
	servers+=("$pid")
	url=http://127.0.0.1:$port
	for _ in $(seq 1 100); do
		if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$url/healthz" 2>/dev/null; then
			return 0
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "node-tests: the server did not start:" >&2
			cat "$2" >&2
			exit 1
		fi
		sleep 0.1
	done
	echo "node-tests: the server did not answer /healthz in time" >&2
	exit 1
}

make_db "$tmp/test.db"
make_db "$tmp/workflow.db"
start_server "$tmp/test.db" "$tmp/server.log"
main_url=$url
start_server "$tmp/workflow.db" "$tmp/server-workflow.log"
workflow_url=$url

mkdir -p tests/artifacts/screenshots
status=0
PASSEND_URL=$main_url PASSEND_WORKFLOW_URL=$workflow_url PASSEND_BIN=$bin PASSEND_SRC=$root node --test tests/node/*.test.mjs || status=$?
exit "$status"
