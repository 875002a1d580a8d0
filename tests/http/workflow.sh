#!/bin/bash
# End-to-end authoring workflow through `passend http` with session cookies:
# a school editor starts next year's profile from last year, edits it,
# submits it to the MR, the MR records its advice, the board sets it, the
# board publishes it; the public pages, PDFs and the schoolgids chapter show
# it, and every step is in the audit log.
set -u
B=${1:?usage: workflow.sh /path/to/passend}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT; [ -n "${KEEP:-}" ] && trap - EXIT
db=$(bash tests/lib/testdb.sh "$tmp/t.db") # SQLite file, or a fresh PostgreSQL database
fails=0; passes=0
ok() { passes=$((passes+1)); }
bad() { echo "FAIL: $*"; fails=$((fails+1)); }
"$B" -q --db "$db" init >/dev/null 2>&1 && "$B" -q --db "$db" load data/example/swv-kempenrand.json >/dev/null 2>&1 \
  && "$B" -q --db "$db" demo-users >/dev/null || { echo "setup failed"; exit 1; }

session() { "$B" --db "$db" test-session "$1"; }
# req METHOD PATH TOKEN [BODY]
req() {
  local body=${4-}
  if [ -n "$body" ]; then
    printf '%s %s HTTP/1.1\r\nHost: t\r\nCookie: passend_sessie=%s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s' "$1" "$2" "$3" "${#body}" "$body"
  else
    printf '%s %s HTTP/1.1\r\nHost: t\r\nCookie: passend_sessie=%s\r\n\r\n' "$1" "$2" "$3"
  fi | "$B" --db "$db" http
}
status() { head -1 | awk '{print $2}'; }
expect() { # expect STATUS DESCRIPTION (reads response from stdin)
  local got; got=$(status)
  if [ "$got" = "$1" ]; then ok; else bad "$2: expected $1, got $got"; fi
}

read ED EDC < <(session ib@vlinderboom.example)
read MR MRC < <(session mr@vlinderboom.example)
read BO BOC < <(session bestuur@kempenrand.example)
read ST STC < <(session staf@kempenrand.example)

# 1. next school year from the newest one (2027/2028 concept -> 2028/2029)
req POST /beheer/school/31QX00/nieuw-jaar "$ED" "csrf=$EDC&van=2027-2028" | expect 303 "new year"
req GET /beheer/school/31QX00/2028-2029 "$ED" > "$tmp/y.html"
head -1 "$tmp/y.html" | grep -q " 200 " && ok || bad "year page"
grep -q "Professionalisering in schooljaar 2028/2029" "$tmp/y.html" && ok || bad "headings carry the new year"
V=$(grep -o 'name="versie" value="[0-9]*"' "$tmp/y.html" | head -1 | grep -o '[0-9][0-9]*')
[ -n "$V" ] && ok || bad "version id on the year page"

# 2. edit a section (concept: replaced in place) and the summary
req POST /beheer/school/31QX00/2028-2029/bewerken "$ED" "csrf=$EDC&versie=$V&sectie=inleiding&body=Nieuw+schooljaar+2028%2F2029+met+een+nieuwe+inleiding." | expect 303 "save section"
req POST /beheer/school/31QX00/2028-2029/bewerken "$ED" "csrf=$EDC&versie=$V&sectie=_samenvatting&summary=Samenvatting+2028." | expect 303 "save summary"
# a validation error is reported next to the field and nothing is saved
req POST /beheer/school/31QX00/2028-2029/bewerken "$ED" "csrf=$EDC&versie=$V&sectie=expertise&i.specialisten.intern_begeleider=veel" > "$tmp/e.html"
head -1 "$tmp/e.html" | grep -q " 400 " && ok || bad "invalid number refused"
grep -q 'aria-describedby="f-specialisten-intern_begeleider-fout"' "$tmp/e.html" && ok || bad "error tied to the field"
grep -q "Vul een heel getal in" "$tmp/e.html" && ok || bad "Dutch error message"

# 3. submit to the MR; the editor cannot record advice, the MR can
req POST /beheer/school/31QX00/2028-2029/ter-advies "$ED" "csrf=$EDC&versie=$V" | expect 303 "submit to MR"
req POST /beheer/school/31QX00/2028-2029/advies "$ED" "csrf=$EDC&versie=$V&datum=2027-06-01&advies=x" | expect 403 "editor may not advise"
req POST /beheer/school/31QX00/2028-2029/vaststellen "$BO" "csrf=$BOC&versie=$V&datum=2027-06-20" | expect 409 "board cannot set before advice"
req POST /beheer/school/31QX00/2028-2029/advies "$MR" "csrf=$MRC&versie=$V&datum=2027-06-01&advies=" | expect 400 "empty advice refused"
req POST /beheer/school/31QX00/2028-2029/advies "$MR" "csrf=$MRC&versie=$V&datum=2027-06-01&advies=De+MR+adviseert+positief." | expect 303 "MR advice"

# 4. the board sets it, the MR cannot
req POST /beheer/school/31QX00/2028-2029/vaststellen "$MR" "csrf=$MRC&versie=$V&datum=2027-06-20" | expect 403 "MR may not set"
req POST /beheer/school/31QX00/2028-2029/vaststellen "$BO" "csrf=$BOC&versie=$V&datum=2027-06-20" | expect 303 "board sets"
# not public yet
req GET "/school/31QX00?jaar=2028-2029" "" | expect 404 "not public before publication"

# 5. publish
req POST /beheer/school/31QX00/2028-2029/publiceren "$BO" "csrf=$BOC&versie=$V&datum=2027-08-25" | expect 303 "board publishes"

# 6. public pages, PDFs and the schoolgids chapter
req GET "/school/31QX00?jaar=2028-2029" "" > "$tmp/p.html"
head -1 "$tmp/p.html" | grep -q " 200 " && ok || bad "public page"
grep -q "Nieuw schooljaar 2028/2029 met een nieuwe inleiding." "$tmp/p.html" && ok || bad "edited text is public"
req GET /school/31QX00/schoolgids "" > "$tmp/g.html"
grep -q "2028/2029" "$tmp/g.html" && grep -q "<textarea" "$tmp/g.html" && ok || bad "schoolgids chapter"
req GET /school/31QX00/ouders "" | expect 200 "parent page"
req GET /school/31QX00/profiel.pdf "" > "$tmp/p.pdf.http"
head -1 "$tmp/p.pdf.http" | grep -q " 200 " && ok || bad "profile PDF"
if command -v pdftotext >/dev/null; then
  sed '1,/^\r$/d' "$tmp/p.pdf.http" > "$tmp/p.pdf"
  pdftotext "$tmp/p.pdf" - 2>/dev/null | grep -q "nieuwe inleiding" && ok || bad "PDF text"
fi
req GET /school/31QX00/ouders.pdf "" | expect 200 "parent PDF"

# 7. every step is in the audit log (SWV staff can read it)
req GET "/beheer/audit?school=31QX00" "$ST" > "$tmp/a.html"
for a in profile.new_year profile.save profile.submit_mr profile.mr_advice profile.set profile.publish; do
  grep -q "<td>$a</td>" "$tmp/a.html" && ok || bad "audit has $a"
done
# there is no way to change the audit log
req POST /beheer/audit "$ST" "csrf=$STC" | expect 405 "audit log cannot be posted to"

# 8. history kept: editing the published profile makes a new concept version
V2=$(req GET /beheer/school/31QX00/2028-2029/bewerken "$ED" | grep -o 'name="versie" value="[0-9]*"' | head -1 | grep -o '[0-9][0-9]*')
req POST /beheer/school/31QX00/2028-2029/bewerken "$ED" "csrf=$EDC&versie=$V2&sectie=inleiding&body=Versie+twee." | expect 303 "edit after publication"
req GET "/school/31QX00?jaar=2028-2029" "" | grep -q "nieuwe inleiding" && ok || bad "published version stays public"
req GET "/beheer/school/31QX00/verschil" "$ED" > "$tmp/d.html"
grep -q "<ins>Versie twee.</ins>" "$tmp/d.html" && ok || bad "diff shows the change"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
