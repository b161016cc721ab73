#!/usr/bin/env bash
# Runs every Tessera check and test on Debian/Ubuntu, installing what is missing
# first: formatting, clippy, Rust unit/integration tests (with real oathtool and a
# real Secret Service), UI type checks and unit tests, and end-to-end tests of the
# real app in WebKit under Xvfb.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

if [ -z "${TESSERA_IN_DBUS:-}" ]; then
  bash "$here/setup.sh" --tests
  export TESSERA_IN_DBUS=1
  # A private session bus for the keychain tests; everything below runs in it.
  exec dbus-run-session -- bash "$0" "$@"
fi

source "$here/env.sh"
source "$here/lib/services.sh"
export TESSERA_REAL_TOOLS=1
step() { printf '\n\033[1;34m== %s\033[0m\n' "$*" >&2; }

start_keyring
start_xvfb

step "UI: type check, unit tests, build"
(cd ui && npm run --silent check && npm test --silent && npm run --silent build)

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests"
cargo test --workspace --locked

step "End-to-end: the real app in WebKit (tauri-driver)"
cargo build -p tessera-app --locked
export TESSERA_APP_BIN="$CARGO_TARGET_DIR/debug/tessera-app"
(cd tests/e2e && node --test --test-concurrency=1 ./*.test.mjs)

step "All checks passed"
