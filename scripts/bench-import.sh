#!/usr/bin/env bash
# bench-import.sh - importer benchmarks:
#   1. analysis throughput on text (MB/s): the seeds concatenated to 8 MB,
#      analysed in one imp_text() call (`passend test-bench-import`);
#   2. wall time of `passend facts` over the whole corpus (seeds + IVO PDFs),
#      including PDF conversion through pdftotext.
# usage: scripts/bench-import.sh [path/to/passend]
# Skips (exit 0) when ../shared is absent.
set -euo pipefail
BIN=${1:-build/passend}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED="$ROOT/../shared"
if [ ! -d "$SHARED/seeds" ]; then
	echo "bench-import: $SHARED is absent; skipping"
	exit 0
fi
echo "== importer: analysis throughput on text"
"$BIN" test-bench-import "$SHARED"/seeds/*.txt ||
	echo "bench-import: 'passend test-bench-import' is not available in this build"
echo "== importer: whole corpus (seeds + IVO PDFs, with PDF conversion)"
files=("$SHARED"/seeds/* "$SHARED"/corpus/ivo/*)
start=$(date +%s.%N)
"$BIN" facts "${files[@]}" >/dev/null 2>&1 || true
end=$(date +%s.%N)
bytes=$(cat "${files[@]}" | wc -c)
awk -v s="$start" -v e="$end" -v n="${#files[@]}" -v b="$bytes" \
	'BEGIN { printf "%d files, %.1f MB in %.2f s wall time (%.0f ms per file)\n", n, b/1048576, e-s, (e-s)*1000/n }'
