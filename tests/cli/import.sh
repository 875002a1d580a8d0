#!/usr/bin/env bash
# import.sh - `passend facts FILE` and `passend import FILE...` end to end on
# documents written here (a profile in an unseen layout, a blank form, an
# empty and a binary file): exit codes, summary, draft replacement, nothing
# stored for failed files.
set -u
BIN=${1:?usage: import.sh PASSEND}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cat > "$T/vlinder.txt" <<'DOC'
Schoolondersteuningsprofiel 2025-2026
Naam school: De Vlinder
Plaats: Zwolle

Ons aanbod

Wij hebben ervaring met leerlingen met autisme en ADHD (niveau 2 en 3).
Voor dyslexie werken we samen met een externe behandelaar via het samenwerkingsverband.

Voorzieningen

Het gebouw beschikt niet over een lift.
DOC
printf 'Naam van de school\nBezoekadres\nBrinnummer\n Ja Nee\n Ja Nee\n In ontwikkeling   Succesvol geimplementeerd\n In ontwikkeling   Succesvol geimplementeerd\n' > "$T/leeg.txt"
: > "$T/empty.txt"
printf '\x7fELF\x02\x01\x01\x00\x00\x00' > "$T/prog.bin"

out=$("$BIN" facts "$T/vlinder.txt") || fail "facts exit $?"
echo "$out" | grep -q '"kind":"need","code":"ass","where":"school","levels":\[2,3\]' || fail "facts: no ass offer: $out"
echo "$out" | grep -q '"code":"lezen_dyslexie","where":"extern"' || fail "facts: no extern dyslexia: $out"
echo "$out" | grep -q '"code":"lift","present":false' || fail "facts: no absent lift: $out"
echo "$out" | grep -q '"code":"name","value":"De Vlinder"' || fail "facts: no name: $out"

err=$("$BIN" facts "$T/leeg.txt" 2>&1 >/dev/null)
echo "$err" | grep -q "template without answers" || fail "blank form not reported: $err"
"$BIN" facts "$T/leeg.txt" 2>/dev/null | grep -q '"kind":"need"' && fail "blank form yields needs"

"$BIN" facts "$T/empty.txt" >/dev/null 2>&1; rc=$?
[ $rc -eq 4 ] || fail "empty file: exit $rc"

DB="$T/p.db"
"$BIN" --db "$DB" init >/dev/null 2>&1 || fail "init"
out=$("$BIN" --db "$DB" import "$T/vlinder.txt" "$T/empty.txt" "$T/prog.bin" "$T/leeg.txt" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "partial import: exit $rc: $out"
echo "$out" | grep -q "imported 1, updated 0, failed 3" || fail "summary: $out"
echo "$out" | grep -q "placeholder BRIN" || fail "placeholder BRIN not reported: $out"
out=$("$BIN" --db "$DB" import "$T/vlinder.txt" 2>&1); rc=$?
[ $rc -eq 0 ] || fail "re-import: exit $rc: $out"
echo "$out" | grep -q "draft replaced" || fail "re-import did not replace the draft: $out"
"$BIN" --db "$DB" import "$T/empty.txt" >/dev/null 2>&1; rc=$?
[ $rc -eq 4 ] || fail "all failed: exit $rc"
if command -v sqlite3 >/dev/null; then
	n=$(sqlite3 "$DB" "select count(*) from profile")
	[ "$n" = 1 ] || fail "expected one profile, found $n"
fi
# A document that does not name its school: --school / --brin name it
# (one FILE only); a BRIN with its vestiging is read from the text.
cat > "$T/naamloos.txt" <<'DOC'
Ondersteuningsprofiel schooljaar 2025-2026

Ons aanbod

Wij bieden extra begeleiding bij rekenen en ervaring met dyslexie.
DOC
cat > "$T/vestiging.txt" <<'DOC'
Schoolondersteuningsprofiel 2025-2026 van obs De Wilg (33QK-02)
Postadres: Kerkstraat 4, 7311 AB Apeldoorn

Ons aanbod

Wij hebben ervaring met leerlingen met ADHD.
DOC
out=$("$BIN" --db "$DB" import "$T/naamloos.txt" 2>&1); rc=$?
[ $rc -eq 0 ] || fail "nameless document: exit $rc: $out"
echo "$out" | grep -q "Onbekende school (naamloos.txt)" || fail "nameless document: not stored under a placeholder name: $out"
echo "$out" | grep -q -- "--school" || fail "nameless document: no hint about --school: $out"
"$BIN" --db "$DB" import "$T/naamloos.txt" "$T/vlinder.txt" --school "De Linde" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "--school with two files: exit $rc"
"$BIN" --db "$DB" import "$T/naamloos.txt" --brin 1X >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "bad --brin: exit $rc"
out=$("$BIN" --db "$DB" import "$T/naamloos.txt" --school "De Linde" --brin 07ab-01 2>&1); rc=$?
[ $rc -eq 0 ] || fail "--school/--brin import: exit $rc: $out"
echo "$out" | grep -q "De Linde" || fail "--school name not used: $out"
echo "$out" | grep -q "placeholder" && fail "--brin given but placeholder BRIN used: $out"
out=$("$BIN" facts "$T/vestiging.txt") || fail "facts vestiging.txt"
echo "$out" | grep -q '"code":"brin","value":"33QK"' || fail "BRIN with vestiging not read: $out"
echo "$out" | grep -q '"code":"place","value":"Apeldoorn"' || fail "place from the postcode line not read: $out"
out=$("$BIN" --db "$DB" import "$T/vestiging.txt" 2>&1) || fail "import vestiging.txt: $out"
if command -v sqlite3 >/dev/null; then
	v=$(sqlite3 "$DB" "select brin || vestiging || ' ' || name from school where brin in ('07AB','33QK') order by brin")
	echo "$v" | grep -q "^07AB01 De Linde$" || fail "school from --school/--brin: $v"
	echo "$v" | grep -q "^33QK02 " || fail "vestiging from the text: $v"
fi
echo "ok"
