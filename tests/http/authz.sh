#!/bin/bash
# Authorisation matrix: every route of every route table (from the hidden
# `passend test-routes`) x every role, through `passend http` with a session
# cookie.  Allowed = the router lets the request through (not 401/403 and no
# redirect to /login); denied = 401 or a redirect to /login for anonymous
# visitors, 403 for signed-in users without the role.
set -u
B=${1:?usage: authz.sh /path/to/passend}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$(bash tests/lib/testdb.sh "$tmp/t.db") # SQLite file, or a fresh PostgreSQL database
"$B" -q --db "$db" init >/dev/null 2>&1 && "$B" -q --db "$db" load data/example/swv-kempenrand.json >/dev/null 2>&1 \
  && "$B" -q --db "$db" demo-users >/dev/null || { echo "setup failed"; exit 1; }
fails=0; passes=0

# role -> account (school A = 31QX00, board 41999, SWV PO3099; B = 26LP00)
declare -A ACCOUNT=(
  [editorA]=ib@vlinderboom.example [mrA]=mr@vlinderboom.example [board]=bestuur@kempenrand.example
  [staff]=staf@kempenrand.example [admin]=admin@passend.example [editorB]=ib@hetpalet.example)
ROLES="anon editorA mrA board staff admin editorB"

allowed() { # perm role -> 0 when the role holds perm on school A / SWV PO3099
  local perm=$1 role=$2
  [ "$role" = admin ] && return 0
  case $perm in
    public) return 0 ;;
    login) [ "$role" != anon ] ;;
    school_read) [[ " editorA mrA board staff " == *" $role "* ]] ;;
    school_edit) [ "$role" = editorA ] ;;
    mr_advice) [ "$role" = mrA ] ;;
    board_set) [ "$role" = board ] ;;
    swv_staff) [ "$role" = staff ] ;;
    admin) return 1 ;;
    *) echo "unknown permission $perm"; return 1 ;;
  esac
}

fill() { # pattern -> concrete path
  local p=$1 n=0 out=""
  while [[ "$p" == *"{}"* ]]; do
    local pre=${p%%\{\}*}
    local v
    if [ $n -eq 0 ]; then
      case "$out$pre" in
        */swv/*|*/beheer/swv/*) v=PO3099 ;;
        /static/*) v=style.css ;;
        *) v=31QX00 ;;
      esac
    elif [[ "$out$pre" == *formaat/ ]]; then v=meierij
    else v=2027-2028; fi
    out="$out$pre$v"; p=${p#*\{\}}; n=$((n+1))
  done
  echo "$out$p"
}

while IFS=$'\t' read -r method pattern perm scope; do
  path=$(fill "$pattern")
  for role in $ROLES; do
    if [ "$role" = anon ]; then
      tok=""; csrf=LOGINTOKENLOGINTOKENLOGINTOKENLOGINTOKEN123
      cookie="passend_login=$csrf"
    else
      read -r tok csrf < <("$B" --db "$db" test-session "${ACCOUNT[$role]}")
      cookie="passend_sessie=$tok"
    fi
    if [ "$method" = POST ]; then
      body="csrf=$csrf"
      resp=$(printf 'POST %s HTTP/1.1\r\nHost: t\r\nCookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s' "$path" "$cookie" "${#body}" "$body" | "$B" --db "$db" http | tr -d '\000' | head -c 4000)
    else
      resp=$(printf 'GET %s HTTP/1.1\r\nHost: t\r\nCookie: %s\r\n\r\n' "$path" "$cookie" | "$B" --db "$db" http | tr -d '\000' | head -c 4000)
    fi
    st=$(printf '%s' "$resp" | head -1 | awk '{print $2}')
    loc=$(printf '%s' "$resp" | grep -i '^Location:' | tr -d '\r' | awk '{print $2}')
    denied=0
    if [ "$st" = 401 ] || [ "$st" = 403 ]; then denied=1; fi
    if [ "$st" = 303 ] && [[ "$loc" == /login* ]] && [ "$method" = GET ] && [ "$pattern" != /login ]; then denied=1; fi
    if allowed "$perm" "$role"; then
      if [ $denied -eq 0 ]; then passes=$((passes+1)); else echo "FAIL: $role $method $path ($perm) denied with $st"; fails=$((fails+1)); fi
    else
      if [ $denied -eq 1 ]; then
        # anonymous visitors are asked to log in, others are refused
        if [ "$role" = anon ] && [ "$st" = 403 ]; then echo "FAIL: anon $method $path got 403, expected 401/login"; fails=$((fails+1)); else passes=$((passes+1)); fi
      else echo "FAIL: $role $method $path ($perm) allowed with $st"; fails=$((fails+1)); fi
    fi
  done
done < <("$B" test-routes)

# School B's editor is refused on every school-scoped route of school A, and
# school A's editor on school B.
read -r tokA csrfA < <("$B" --db "$db" test-session ib@vlinderboom.example)
for p in /beheer/school/26LP00 /beheer/school/26LP00/2026-2027 /beheer/school/26LP00/2026-2027/bewerken /beheer/school/26LP00/2026-2027/profiel.pdf; do
  st=$(printf 'GET %s HTTP/1.1\r\nCookie: passend_sessie=%s\r\n\r\n' "$p" "$tokA" | "$B" --db "$db" http | head -1 | awk '{print $2}')
  if [ "$st" = 403 ]; then passes=$((passes+1)); else echo "FAIL: editor A on $p got $st"; fails=$((fails+1)); fi
done
# an unknown school is a 403 for scoped routes (no probing which schools exist)
st=$(printf 'GET /beheer/school/99ZZ00 HTTP/1.1\r\nCookie: passend_sessie=%s\r\n\r\n' "$tokA" | "$B" --db "$db" http | head -1 | awk '{print $2}')
[ "$st" = 403 ] && passes=$((passes+1)) || { echo "FAIL: unknown school got $st"; fails=$((fails+1)); }

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
