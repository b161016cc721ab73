#!/usr/bin/env bash
# Imports, restores and backups against a real, throwaway gnome-keyring:
# prints a table. Usage: bench/transfer.sh [ACCOUNTS]   (default 500)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export TESSERA_BENCH_ACCOUNTS="${1:-500}"
source scripts/lib/in_dbus.sh "$0" "$@"
source scripts/env.sh
source scripts/lib/services.sh
unset DISPLAY
start_keyring
cargo bench -p tessera-service --bench transfer --locked 2>/dev/null
