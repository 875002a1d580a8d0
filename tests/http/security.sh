#!/bin/bash
# CSRF, session fixation, login lockout and XSS tests through `passend http`.
set -u
B=${1:?usage: security.sh /path/to/passend}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$(bash tests/lib/testdb.sh "$tmp/t.db") # SQLite file, or a fresh PostgreSQL database
"$B" -q --db "$db" init >/dev/null 2>&1 && "$B" -q --db "$db" load data/example/swv-kempenrand.json >/dev/null 2>&1 \
  && "$B" -q --db "$db" demo-users >/dev/null || { echo "setup failed"; exit 1; }
fails=0; passes=0
ok() { passes=$((passes+1)); }
bad() { echo "FAIL: $*"; fails=$((fails+1)); }
post() { # path cookie body
  printf 'POST %s HTTP/1.1\r\nHost: t\r\nCookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s' "$1" "$2" "${#3}" "$3" | "$B" --db "$db" http | tr -d '\000'
}
get() { printf 'GET %s HTTP/1.1\r\nHost: t\r\nCookie: %s\r\n\r\n' "$1" "$2" | "$B" --db "$db" http | tr -d '\000'; }
st() { head -1 | awk '{print $2}'; }

read -r ED EDC < <("$B" --db "$db" test-session ib@vlinderboom.example)
count_versions() { get /beheer/school/31QX00 "passend_sessie=$ED" | grep -c '<td>[0-9]*/[0-9]*</td><td>[0-9]*</td>'; }
n0=$(count_versions)

# CSRF: no token, wrong token -> 403 and nothing changed
[ "$(post /beheer/school/31QX00/nieuw-jaar "passend_sessie=$ED" "van=2027-2028" | st)" = 403 ] && ok || bad "POST without csrf"
[ "$(post /beheer/school/31QX00/nieuw-jaar "passend_sessie=$ED" "csrf=${EDC}x&van=2027-2028" | st)" = 403 ] && ok || bad "POST with wrong csrf"
[ "$(post /beheer/school/31QX00/nieuw-jaar "passend_sessie=$ED" "csrf=&van=2027-2028" | st)" = 403 ] && ok || bad "POST with empty csrf"
read -r OT OTC < <("$B" --db "$db" test-session mr@vlinderboom.example)
[ "$(post /beheer/school/31QX00/nieuw-jaar "passend_sessie=$ED" "csrf=$OTC&van=2027-2028" | st)" = 403 ] && ok || bad "another session's csrf"
[ "$(count_versions)" = "$n0" ] && ok || bad "a refused POST changed something"
# login without the double-submit cookie
[ "$(post /login "" "csrf=abc&email=ib@vlinderboom.example&wachtwoord=passend-demo-2025" | st)" = 403 ] && ok || bad "login without csrf cookie"

# Session fixation: a planted cookie is replaced at login
L=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
planted=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
resp=$(post /login "passend_login=$L; passend_sessie=$planted" "csrf=$L&email=ib@vlinderboom.example&wachtwoord=passend-demo-2025&next=/beheer")
[ "$(printf '%s' "$resp" | st)" = 303 ] && ok || bad "login failed"
new=$(printf '%s' "$resp" | grep -i '^Set-Cookie: passend_sessie=' | grep -v 'Max-Age=0' | tail -1 | sed 's/^[^=]*=//; s/;.*//')
[ -n "$new" ] && [ "$new" != "$planted" ] && ok || bad "session id not renewed at login"
printf '%s' "$resp" | grep -i '^Set-Cookie: passend_sessie=' | grep -q 'HttpOnly' && ok || bad "HttpOnly"
printf '%s' "$resp" | grep -i '^Set-Cookie: passend_sessie=' | grep -q 'SameSite=Lax' && ok || bad "SameSite"
[ "$(get /beheer "passend_sessie=$new" | st)" = 200 ] && ok || bad "new session works"
[ "$(get /beheer "passend_sessie=$planted" | st)" = 303 ] && ok || bad "planted session is not signed in"
# logout everywhere ends the new session
NC=$(get /beheer "passend_sessie=$new" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"//')
[ "$(post /uitloggen-overal "passend_sessie=$new" "csrf=$NC" | st)" = 303 ] && ok || bad "logout everywhere"
[ "$(get /beheer "passend_sessie=$new" | st)" = 303 ] && ok || bad "session gone after logout everywhere"
[ "$(get /beheer "passend_sessie=$ED" | st)" = 303 ] && ok || bad "other sessions gone after logout everywhere"

# Lockout: 5 failures lock the account, even the right password is refused
for i in 1 2 3 4 5; do post /login "passend_login=$L" "csrf=$L&email=mr@vlinderboom.example&wachtwoord=fout-wachtwoord" >/dev/null; done
[ "$(post /login "passend_login=$L" "csrf=$L&email=mr@vlinderboom.example&wachtwoord=passend-demo-2025" | st)" = 403 ] && ok || bad "locked account"
"$B" --db "$db" user list | grep -q "^mr@vlinderboom.example.*locked" && ok || bad "user list shows the lock"
# passwords and tokens never reach the audit log
read -r AD ADC < <("$B" --db "$db" test-session admin@passend.example)
get "/beheer/audit" "passend_sessie=$AD" > "$tmp/audit.html"
grep -q "passend-demo-2025\|fout-wachtwoord\|$new" "$tmp/audit.html" && bad "secret in audit log" || ok
# failed logins of an existing account, the lock and the refusal are audited
grep -q "login.failed" "$tmp/audit.html" && ok || bad "failed login not in the audit log"
grep -q "login.locked" "$tmp/audit.html" && ok || bad "lock not in the audit log"
grep -q "login.refused_locked" "$tmp/audit.html" && ok || bad "refused login of a locked account not in the audit log"

# XSS: hostile text in every kind of editable field comes back escaped
read -r ED EDC < <("$B" --db "$db" test-session ib@vlinderboom.example)
X1='<script>alert(1)</script>'
X2='"><img src=x onerror=alert(1)>'
enc() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$1"; }
E1=$(enc "$X1"); E2=$(enc "$X2")
V=$(get /beheer/school/31QX00/2027-2028/bewerken "passend_sessie=$ED" | grep -o 'name="versie" value="[0-9]*"' | grep -o '[0-9][0-9]*')
post /beheer/school/31QX00/2027-2028/bewerken "passend_sessie=$ED" "csrf=$EDC&versie=$V&sectie=_samenvatting&summary=$E1$E2" >/dev/null
post /beheer/school/31QX00/2027-2028/bewerken "passend_sessie=$ED" "csrf=$EDC&versie=$V&sectie=grenzen&body=$E1&i.partners=$E2" >/dev/null
post /beheer/school/31QX00/2027-2028/bewerken "passend_sessie=$ED" "csrf=$EDC&versie=$V&sectie=expertise&i.expertise_tabel=$E2%7C$E1&i.specialisten.intern_begeleider=$E2" > "$tmp/x.html"
for p in /beheer/school/31QX00/2027-2028 "/beheer/school/31QX00/2027-2028/bewerken?sectie=_samenvatting" "/beheer/school/31QX00/2027-2028/bewerken?sectie=grenzen" "/beheer/school/31QX00/2027-2028/bewerken?sectie=expertise" /beheer/school/31QX00/2027-2028/feiten /beheer/school/31QX00/verschil; do
  get "$p" "passend_sessie=$ED" > "$tmp/p.html"
  if grep -q '<script>alert\|<img src=x' "$tmp/p.html"; then bad "unescaped hostile text on $p"; else ok; fi
done
grep -q '<img src=x' "$tmp/x.html" && bad "unescaped in the error page" || ok
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' <(get "/beheer/school/31QX00/2027-2028/bewerken?sectie=grenzen" "passend_sessie=$ED") && ok || bad "hostile text not shown escaped"
if command -v pdftotext >/dev/null; then
  get /beheer/school/31QX00/2027-2028/profiel.pdf "passend_sessie=$ED" | sed '1,/^\r$/d' > "$tmp/x.pdf"
  pdftotext "$tmp/x.pdf" - 2>/dev/null | tr -d '\n' | grep -qF '<script>alert(1)</script>' && ok || bad "hostile text not literal in PDF"
fi
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
