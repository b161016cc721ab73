#!/usr/bin/env bash
# Backup sheet benchmark (release build): prints render time and file size of
# the PDF sheet for N accounts with recovery QR codes (default 100).
# Usage: bench/sheet.sh [ACCOUNTS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
TESSERA_BENCH_ACCOUNTS="${1:-100}" cargo bench -p tessera-fonts --bench sheet 2>/dev/null
