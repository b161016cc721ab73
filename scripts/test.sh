#!/usr/bin/env bash
# Runs every Tessera check and test on Debian/Ubuntu, installing what is missing
# first: formatting, clippy, Rust unit/integration tests (with real oathtool and a
# real Secret Service), UI type checks and unit tests, and end-to-end tests of the
# real app in WebKit under Xvfb. Finally scans every file the tests wrote for the
# test keys.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

if [ -z "${TESSERA_IN_DBUS:-}" ]; then
  export TESSERA_RUN_STARTED="${TESSERA_RUN_STARTED:-$(date +%s)}"
  bash "$here/setup.sh" --tests
  export TESSERA_IN_DBUS=1
  # Throwaway per-user directories for everything the tests start, including
  # a keychain daemon that D-Bus may re-activate: nothing touches the real
  # user's files, and afterwards everything written can be scanned.
  TESSERA_TEST_HOME="$(mktemp -d)"
  export TESSERA_TEST_HOME
  export XDG_DATA_HOME="$TESSERA_TEST_HOME/data" XDG_CONFIG_HOME="$TESSERA_TEST_HOME/config" \
    XDG_CACHE_HOME="$TESSERA_TEST_HOME/cache" TMPDIR="$TESSERA_TEST_HOME/tmp"
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$TMPDIR"
  # A private session bus for the keychain tests; everything below runs in it.
  exec dbus-run-session -- bash "$0" "$@"
fi

source "$here/env.sh"
source "$here/lib/services.sh"
export TESSERA_REAL_TOOLS=1
started="${TESSERA_RUN_STARTED:-$(date +%s)}"
step() {
  local t=$(($(date +%s) - started))
  printf '\n\033[1;34m== %s\033[0m  (at %dm%02ds)\n' "$*" $((t / 60)) $((t % 60)) >&2
}

# No display while the Rust tests run: a keychain unlock prompt must fail at
# once (and be reported), never wait for a click.
unset DISPLAY WAYLAND_DISPLAY
start_keyring
# The X server is started now but only named to the tests that need it
# (the clipboard tests, through TESSERA_TEST_DISPLAY).
start_xvfb
export TESSERA_TEST_DISPLAY="$DISPLAY"
unset DISPLAY

step "UI: type check, unit tests, build"
(cd ui && npm run --silent check && npm test --silent && npm run --silent build)

step "cargo fmt --check"
cargo fmt --all -- --check

step "Supply chain: cargo deny (licences, bans, sources), cargo machete"
# The crates first (a fresh machine has none yet): cargo deny reads their
# licences offline. Advisories are left out: the RustSec database needs the
# network.
cargo fetch --locked
cargo deny --offline --locked check bans licenses sources
cargo machete

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests (real gnome-keyring, real oathtool, real chronyd and two Syncthing daemons on loopback)"
# The shared practice vault test starts its own two Syncthing daemons (own
# homes, 127.0.0.1 only, discovery/relays/NAT/usage reporting off); fail early
# if the binary is missing rather than deep inside cargo test.
require_syncthing
cargo test --workspace --locked

step "End-to-end: the real app in WebKit (tauri-driver)"
# The stand-in camera (image files) exists only in this test build.
cargo build -p tessera-app --locked --features fake-camera
export DISPLAY="$TESSERA_TEST_DISPLAY"
export TESSERA_APP_BIN="$CARGO_TARGET_DIR/debug/tessera-app"
# A watchdog far above the usual 6 minutes: a test that hangs fails the run
# instead of eating CI's whole budget.
(cd tests/e2e && timeout --kill-after=30 2400 node --test --test-concurrency=1 ./*.test.mjs)

step "Packaging: release .deb and .rpm, their linters, installs and windows; signed updates"
bash "$here/lib/package_test.sh"

step "No test key in any file the tests wrote"
bash "$here/lib/scan_secrets.sh" "$TESSERA_TEST_HOME"

step "All checks passed"
