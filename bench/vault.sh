#!/usr/bin/env bash
# Vault benchmark against a real, throwaway gnome-keyring: prints a table.
# Usage: bench/vault.sh [ACCOUNTS]   (default 500)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ -z "${TESSERA_IN_DBUS:-}" ]; then
  bash scripts/setup.sh --tests >/dev/null
  export TESSERA_IN_DBUS=1 TESSERA_BENCH_ACCOUNTS="${1:-500}"
  XDG_DATA_HOME="$(mktemp -d)"
  export XDG_DATA_HOME
  exec dbus-run-session -- bash "$0" "$@"
fi
source scripts/env.sh
source scripts/lib/services.sh
unset DISPLAY
start_keyring
cargo bench -p tessera-keychain --bench vault_open --locked 2>/dev/null
