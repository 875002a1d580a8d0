#!/usr/bin/env bash
# Install the Debian packages passend needs, only where something is missing.
# Idempotent: a second run does nothing.  Uses sudo when not root.
#   scripts/deps.sh          build + run dependencies
#   scripts/deps.sh test     ... plus what the test suite needs
#   scripts/deps.sh bench    ... plus benchmark tools
set -euo pipefail

build_pkgs=(build-essential cmake pkg-config
  libmicrohttpd-dev libsqlite3-dev sqlite3 libjansson-dev libsodium-dev libutf8proc-dev
  libstemmer-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core libxml2-dev libzip-dev
  libxlsxwriter-dev libpq-dev poppler-utils)
test_pkgs=(libcmocka-dev clang libclang-rt-14-dev tidy nodejs npm chromium
  postgresql postgresql-contrib curl)
bench_pkgs=(wrk nginx-light hyperfine)

want=("${build_pkgs[@]}")
case "${1:-}" in
  test) want+=("${test_pkgs[@]}") ;;
  bench) want+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
esac

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
# nodejs may come from elsewhere than Debian (a preinstalled toolchain):
# accept a working node + npm on PATH instead of the packages.
if command -v node >/dev/null && command -v npm >/dev/null; then
  tmp=()
  for p in "${missing[@]:-}"; do
    case "$p" in nodejs|npm|"") ;; *) tmp+=("$p") ;; esac
  done
  missing=("${tmp[@]:-}")
  [ -z "${missing[0]:-}" ] && missing=()
fi

[ ${#missing[@]} -eq 0 ] && exit 0

echo "passend: installing missing Debian packages: ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
