#!/usr/bin/env bash
# Vault benchmark against a real, throwaway gnome-keyring: prints a table.
# Usage: bench/vault.sh [ACCOUNTS]   (default 500)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export TESSERA_BENCH_ACCOUNTS="${1:-500}"
source scripts/lib/in_dbus.sh "$0" "$@"
source scripts/env.sh
source scripts/lib/services.sh
unset DISPLAY
start_keyring
cargo bench -p tessera-keychain --bench vault_open --locked 2>/dev/null
