#!/usr/bin/env bash
# passend copy: a database copied SQLite -> the test backend -> SQLite has
# the same content (profile export, users and roles) at every step; copying
# into a database that is not empty, or with bad arguments, writes nothing.
# On the PostgreSQL test run (scripts/pg-test.sh) the middle database is
# PostgreSQL, so both directions are covered.
#   bash tests/cli/copy.sh build/passend      (from the repo root)
set -uo pipefail

bin=${1:?usage: tests/cli/copy.sh PATH/TO/passend}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/passend-copy.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
ok() { n=$((n + 1)); echo "ok   $*"; }
bad() { n=$((n + 1)); fail=1; echo "FAIL $*"; }
# run EXPECTED-EXIT DESCRIPTION CMD...
run() {
	local want=$1 what=$2 rc=0
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$what (exit $rc)"; return 0; fi
	bad "$what: exit $rc, expected $want"
	sed 's/^/    stderr: /' "$tmp/err" | head -n 5
	return 1
}

src=$tmp/src.db
mid=$(bash tests/lib/testdb.sh "$tmp/mid.db")
back=$tmp/back.db
run 0 "init source" "$bin" --db "$src" init
run 0 "load the example" "$bin" --db "$src" load data/example/*.json
run 0 "demo users" "$bin" --db "$src" demo-users
"$bin" --db "$src" export >"$tmp/src.json" 2>/dev/null
"$bin" --db "$src" user list >"$tmp/src.users" 2>/dev/null
[ -s "$tmp/src.json" ] && [ -s "$tmp/src.users" ] && ok "source has content" || bad "source is empty"

run 0 "copy to the test backend" "$bin" copy --from "$src" --to "$mid"
grep -q "verified" "$tmp/err" && ok "copy reports verification" || bad "copy did not verify: $(cat "$tmp/err")"
grep -q "password=" "$tmp/err" && bad "copy output shows a connection string" || ok "copy output names backends only"
"$bin" --db "$mid" export >"$tmp/mid.json" 2>/dev/null
cmp -s "$tmp/src.json" "$tmp/mid.json" && ok "same export after copy" || bad "export differs after copy"
"$bin" --db "$mid" user list >"$tmp/mid.users" 2>/dev/null
cmp -s "$tmp/src.users" "$tmp/mid.users" && ok "same users and roles after copy" || bad "users differ after copy"

run 3 "copy into a database that is not empty" "$bin" copy --from "$src" --to "$mid"
grep -q "not empty" "$tmp/err" && ok "not empty: named" || bad "not empty: message"
"$bin" --db "$mid" export >"$tmp/mid2.json" 2>/dev/null
cmp -s "$tmp/src.json" "$tmp/mid2.json" && ok "refused copy changed nothing" || bad "refused copy changed the destination"

run 0 "copy back to SQLite (--db as source)" "$bin" --db "$mid" copy --to "$back"
"$bin" --db "$back" export >"$tmp/back.json" 2>/dev/null
cmp -s "$tmp/src.json" "$tmp/back.json" && ok "same export after the round trip" || bad "export differs after the round trip"
"$bin" --db "$back" user list >"$tmp/back.users" 2>/dev/null
cmp -s "$tmp/src.users" "$tmp/back.users" && ok "same users after the round trip" || bad "users differ after the round trip"

run 2 "copy without --to" "$bin" copy --from "$src"
run 2 "copy with an unknown option" "$bin" copy --from "$src" --to "$tmp/x.db" --bogus
run 2 "copy onto itself" "$bin" copy --from "$src" --to "$src"
run 3 "copy from a database that does not exist" "$bin" copy --from "$tmp/none/absent.db" --to "$tmp/y.db"
run 0 "help copy" "$bin" help copy
grep -q 'usage: passend' "$tmp/out" && ok "help copy shows usage" || bad "help copy shows no usage"

echo "copy.sh: $n checks"
exit $fail
