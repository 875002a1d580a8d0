#!/usr/bin/env bash
# The command-line contract of passend: help for every command, usage errors
# (exit 2, message on stderr), init is repeatable, load rejects bad input
# with exit 4 and a message naming the problem and leaves the database
# unchanged, export | load round-trips, facts prints JSON Lines.
#   bash tests/cli/cli.sh build/passend      (from the repo root)
set -uo pipefail

bin=${1:?usage: tests/cli/cli.sh PATH/TO/passend}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/passend-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
db=$(bash tests/lib/testdb.sh "$tmp/cli.db") # SQLite file, or a fresh PostgreSQL database
fail=0 n=0

ok() { n=$((n + 1)); echo "ok   $*"; }
bad() { n=$((n + 1)); fail=1; echo "FAIL $*"; }

# run EXPECTED-EXIT DESCRIPTION CMD...: run, keep stdout/stderr, check exit.
run() {
	local want=$1 what=$2 rc=0
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok "$what (exit $rc)"
		return 0
	fi
	bad "$what: exit $rc, expected $want"
	sed 's/^/    stderr: /' "$tmp/err" | head -n 5
	return 1
}
# stderr_has REGEX DESCRIPTION
stderr_has() {
	if grep -Eqi -- "$1" "$tmp/err"; then ok "$2"; else
		bad "$2: stderr does not match /$1/:"
		sed 's/^/    stderr: /' "$tmp/err" | head -n 5
	fi
}

# --- help -------------------------------------------------------------------
run 0 "help" "$bin" help
grep -q '^usage: passend' "$tmp/out" && ok "help shows usage" || bad "help shows usage"
commands=$(sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' "$tmp/out")
[ "$(echo "$commands" | wc -w)" -ge 6 ] && ok "help lists commands: $(echo $commands)" || bad "help lists commands"
for c in $commands test-eval; do
	run 0 "help $c" "$bin" help "$c" &&
		{ grep -q 'usage: passend' "$tmp/out" && ok "help $c shows a usage line" || bad "help $c shows no usage line"; }
done
run 0 "--help" "$bin" --help
run 0 "--version" "$bin" --version
grep -Eq '^passend [0-9]+\.[0-9]+\.[0-9]+' "$tmp/out" && ok "--version prints a version" || bad "--version output"

# --- usage errors: exit 2, message on stderr ---------------------------------
run 2 "unknown command" "$bin" --db "$db" no-such-command && stderr_has "unknown command 'no-such-command'" "unknown command named on stderr"
[ ! -s "$tmp/out" ] && ok "unknown command: nothing on stdout" || bad "unknown command wrote to stdout"
run 2 "unknown global option" "$bin" --bogus help && stderr_has "unknown option '--bogus'" "unknown option named on stderr"
run 2 "help for an unknown command" "$bin" help no-such-command && stderr_has "no-such-command" "unknown help topic named"
run 2 "no command" "$bin"
run 2 "load without files" "$bin" --db "$db" load && stderr_has "usage" "load without files: usage on stderr"
run 2 "load with an unknown option" "$bin" --db "$db" load --bogus x.json && stderr_has "--bogus" "load option named"
run 2 "export with an unknown option" "$bin" --db "$db" export --bogus && stderr_has "usage" "export: usage on stderr"
run 2 "serve with an unknown option" timeout 10 "$bin" --db "$db" serve --bogus && stderr_has "usage" "serve: usage on stderr"
run 2 "serve with a bad port" timeout 10 "$bin" --db "$db" serve --port 99999 && stderr_has "port" "serve: bad port named"
run 2 "http with an unknown option" "$bin" --db "$db" http --bogus </dev/null && stderr_has "usage" "http: usage on stderr"

# --- init twice -------------------------------------------------------------
run 0 "init" "$bin" --db "$db" init
run 0 "init again" "$bin" --db "$db" init
run 0 "load the example" "$bin" --db "$db" load data/example/*.json
run 0 "init on a loaded database" "$bin" --db "$db" init
"$bin" --db "$db" export >"$tmp/before.json" 2>"$tmp/err" || bad "export"
[ -s "$tmp/before.json" ] && ok "export is not empty" || bad "export is empty"
grep -q '"31QX"' "$tmp/before.json" && ok "export contains the example schools" || bad "export lacks the example"

# --- bad inputs for load: exit 4, problem named, database unchanged ----------
node_or_python() {
	if command -v node >/dev/null; then node -e "$1"; else python3 -c "$2"; fi
}
src=data/example/swv-kempenrand.json
mkjson() { # NAME JS-EXPRESSION-ON-d PY-STATEMENT-ON-d
	SRC=$src OUT=$tmp/$1 node_or_python \
		"const fs=require('fs');const d=JSON.parse(fs.readFileSync(process.env.SRC,'utf8'));$2;fs.writeFileSync(process.env.OUT,JSON.stringify(d));" \
		"import json,os;d=json.load(open(os.environ['SRC'],encoding='utf-8'));$3;json.dump(d,open(os.environ['OUT'],'w'))"
}
head -c 700 "$src" >"$tmp/truncated.json"
printf '{"passend": "profiles", "version": 1, "swv": ' >"$tmp/garbage.json"
printf 'this is not json\n' >"$tmp/text.json"
: >"$tmp/empty.json"
mkjson wrongtype.json "d.schools[0].pupils='veel'" "d['schools'][0]['pupils']='veel'"
mkjson wrongtype2.json "d.schools[0].profiles[0].facts=42" "d['schools'][0]['profiles'][0]['facts']=42"
mkjson unknowncode.json "d.schools[0].profiles[0].facts.find(f=>f.code).code='bestaat-niet-xyz'" \
	"next(f for f in d['schools'][0]['profiles'][0]['facts'] if 'code' in f)['code']='bestaat-niet-xyz'"
mkjson unknownstatus.json "d.schools[0].profiles[0].status='bijna-klaar'" "d['schools'][0]['profiles'][0]['status']='bijna-klaar'"
mkjson unknownkind.json "d.schools[0].kind='xyz'" "d['schools'][0]['kind']='xyz'"
mkjson notprofiles.json "for (const k of Object.keys(d)) delete d[k]; d.hello='world'" "d.clear(); d['hello']='world'"
# A later school is broken: the earlier ones must not be stored either.
mkjson lateerror.json "d.schools[d.schools.length-1].profiles[0].status='kapot'; d.schools[0].name='Gewijzigde naam'" \
	"d['schools'][-1]['profiles'][0]['status']='kapot'; d['schools'][0]['name']='Gewijzigde naam'"
# Invalid UTF-8 bytes inside a JSON string.
mkjson badutf8.json "d.schools[0].name='UTF8MARK'" "d['schools'][0]['name']='UTF8MARK'"
sed -i 's/UTF8MARK/B\xff\xfeC/' "$tmp/badutf8.json"
truncate -s 65M "$tmp/huge.json" # sparse: over the 64 MiB limit without writing 65 MiB
mkdir "$tmp/adir.json"

# load_bad FILE REGEX DESCRIPTION
load_bad() {
	run 4 "load $3" "$bin" --db "$db" load "$tmp/$1" && stderr_has "$2" "load $3: problem named"
	"$bin" --db "$db" export >"$tmp/after.json" 2>/dev/null
	if cmp -s "$tmp/before.json" "$tmp/after.json"; then ok "load $3: database unchanged"; else
		bad "load $3: database changed"
		diff "$tmp/before.json" "$tmp/after.json" | head -n 10
	fi
}
load_bad truncated.json 'invalid JSON' "truncated JSON"
load_bad garbage.json 'invalid JSON' "unfinished JSON"
load_bad text.json 'invalid JSON' "text"
load_bad empty.json 'invalid JSON|empty' "an empty file"
load_bad wrongtype.json "pupils" "a string where a number belongs"
load_bad wrongtype2.json "facts" "a number where a list belongs"
load_bad unknowncode.json "bestaat-niet-xyz" "an unknown taxonomy code"
load_bad unknownstatus.json "bijna-klaar" "an unknown status"
load_bad unknownkind.json "kind" "an unknown school kind"
load_bad notprofiles.json "passend" "a JSON file that is not a profile file"
load_bad lateerror.json "kapot" "a file with an error in its last school"
load_bad badutf8.json 'decode|UTF-8|utf8' "invalid UTF-8 bytes in a string"
load_bad huge.json 'too large|64' "a file over 64 MiB"
load_bad adir.json 'directory' "a directory"
load_bad missing.json 'not found|No such file' "a missing file"

# --- export | load round trip ------------------------------------------------
db2=$(bash tests/lib/testdb.sh "$tmp/round.db")
run 0 "init a fresh database" "$bin" --db "$db2" init
"$bin" --db "$db" export | "$bin" --db "$db2" load - >"$tmp/out" 2>"$tmp/err" && ok "export | load -" || {
	bad "export | load -"
	cat "$tmp/err"
}
"$bin" --db "$db2" export >"$tmp/round.json" 2>/dev/null
if cmp -s "$tmp/before.json" "$tmp/round.json"; then ok "round trip gives identical export"; else
	bad "round trip export differs"
	diff "$tmp/before.json" "$tmp/round.json" | head -n 20
fi
run 0 "load the same export again" "$bin" --db "$db2" load "$tmp/round.json"
"$bin" --db "$db2" export >"$tmp/round2.json" 2>/dev/null
cmp -s "$tmp/before.json" "$tmp/round2.json" && ok "loading twice gives the same content" || bad "loading twice changed the content"
run 0 "export -o FILE" "$bin" --db "$db" export -o "$tmp/o.json"
cmp -s "$tmp/before.json" "$tmp/o.json" && ok "export -o equals stdout" || bad "export -o differs from stdout"

# --- facts: JSON Lines --------------------------------------------------------
run 0 "facts 31QX00" "$bin" --db "$db" facts 31QX00
check_jsonl() {
	if command -v node >/dev/null; then
		node -e '
const lines = require("fs").readFileSync(0, "utf8").split("\n");
if (lines.pop() !== "") { console.error("output does not end with a newline"); process.exit(1); }
if (!lines.length) { console.error("no facts"); process.exit(1); }
const kinds = new Set(["school","levels","need","expertise","facility","limit","admission","partner"]);
lines.forEach((l, i) => {
  let o;
  try { o = JSON.parse(l); } catch (e) { console.error(`line ${i + 1} is not JSON: ${l}`); process.exit(1); }
  if (typeof o !== "object" || o === null || Array.isArray(o)) { console.error(`line ${i + 1} is not an object`); process.exit(1); }
  if (!kinds.has(o.kind)) { console.error(`line ${i + 1}: unknown kind ${o.kind}`); process.exit(1); }
});
if (!lines.some((l) => JSON.parse(l).kind === "need")) { console.error("no need facts"); process.exit(1); }
console.log(lines.length);'
	else
		python3 -c '
import json, sys
data = sys.stdin.read()
assert data.endswith("\n"), "output does not end with a newline"
lines = data[:-1].split("\n")
for i, l in enumerate(lines):
    o = json.loads(l)
    assert isinstance(o, dict) and o.get("kind"), "line %d" % (i + 1)
print(len(lines))'
	fi
}
if count=$(check_jsonl <"$tmp/out" 2>"$tmp/jerr"); then ok "facts: $count JSON Lines, each an object with a known kind"; else
	bad "facts output: $(cat "$tmp/jerr")"
fi
run 4 "facts of an unknown school" "$bin" --db "$db" facts 99ZZ00 && stderr_has "99ZZ00" "facts: unknown school named"

echo "cli.sh: $n checks"
exit $fail
