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
  # The cargo tools are built below, in the background.
  TESSERA_TOOLS_LATER=1 bash "$here/setup.sh" --tests
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

# The test tools (tauri-driver, cargo-deny, cargo-machete) are built in the
# background at the lowest priority, into the cache (on a fresh machine only):
# they use what the build and the tests leave idle of the CPU; the end-to-end
# tests wait for tauri-driver, the supply-chain checks (last) for the rest.
tools_log="$TESSERA_TEST_HOME/tools.log"
nice -n 19 bash "$here/lib/test_tools.sh" >"$tools_log" 2>&1 &
tools_pid=$!

step "UI: type check, unit tests, build"
(cd ui && npm run --silent check && npm test --silent && npm run --silent build)

step "cargo fmt --check"
cargo fmt --all -- --check

# The crates first (a fresh machine has none yet): the build and, later,
# cargo deny read them offline.
cargo fetch --locked

step "Rust build, linted by clippy -D warnings as it compiles"
# What `cargo clippy --workspace --all-targets -- -D warnings` checks, done by
# the build the tests need: clippy-driver compiles the workspace's own crates
# (cargo clippy's own mechanism: a workspace wrapper and CLIPPY_ARGS), so the
# dependencies are compiled once, not once more in check mode (about 10 of a
# cold run's minutes on 2 cores). The later builds (the e2e app, packages)
# keep the same wrapper and so reuse these artifacts.
RUSTC_WORKSPACE_WRAPPER="$(rustc --print sysroot)/bin/clippy-driver"
[ -x "$RUSTC_WORKSPACE_WRAPPER" ] || RUSTC_WORKSPACE_WRAPPER="$(command -v clippy-driver)"
export RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
# The app is built here too, with the e2e tests' stand-in camera: the end-to-
# end tests and the packages below use this very binary (a separate
# `cargo build -p tessera-app` would resolve features differently and
# rebuild part of the tree).
# TESSERA_CARGO_TIMINGS=1 keeps cargo's report of where the build's time went
# ($CARGO_TARGET_DIR/cargo-timings/).
cargo test --workspace --all-targets --locked --no-run --features tessera-app/fake-camera \
  ${TESSERA_CARGO_TIMINGS:+--timings}

step "Rust tests (real gnome-keyring, real oathtool, real chronyd and two Syncthing daemons on loopback)"
# The shared practice vault test starts its own two Syncthing daemons (own
# homes, 127.0.0.1 only, discovery/relays/NAT/usage reporting off); fail early
# if the binary is missing rather than deep inside cargo test.
require_syncthing
cargo test --workspace --locked --features tessera-app/fake-camera -- --skip two_hundred_killed_operations_lose_nothing
# The kill -9 test alone, its output shown: how many of its 200 operations
# were really interrupted on this machine.
kill9_out="$TESSERA_TEST_HOME/kill9.out"
kill9_rc=0
cargo test --workspace --locked --features tessera-app/fake-camera --test kill9 -- --nocapture >"$kill9_out" 2>&1 || kill9_rc=$?
grep -E "^(test |200 operations|SKIPPED)|panicked|too few" "$kill9_out" >&2 || true
[ "$kill9_rc" -eq 0 ] || { cat "$kill9_out" >&2; exit "$kill9_rc"; }

# tauri-driver is the first tool built: the end-to-end tests need only it.
while ! command -v tauri-driver >/dev/null && kill -0 "$tools_pid" 2>/dev/null; do sleep 1; done
command -v tauri-driver >/dev/null || { cat "$tools_log" >&2; echo "tauri-driver could not be built" >&2; exit 1; }

step "End-to-end: the real app in WebKit (tauri-driver)"
# The app the test build made (with the stand-in camera, image files, which
# exists only in test builds).
export DISPLAY="$TESSERA_TEST_DISPLAY"
export TESSERA_APP_BIN="$CARGO_TARGET_DIR/debug/tessera-app"
# A watchdog far above the usual 6 minutes: a test that hangs fails the run
# instead of eating CI's whole budget.
(cd tests/e2e && timeout --kill-after=30 2400 node --test --test-concurrency=1 ./*.test.mjs)

# The packages of the test build by default (the same bundler configuration,
# files and metadata; no second build of every dependency): a cold run stays
# well inside CI's budget. TESSERA_RELEASE_PACKAGES=1 checks the release
# packages instead (as bench/app.sh builds them).
if [ "${TESSERA_RELEASE_PACKAGES:-}" = 1 ]; then
  step "Packaging: release .deb and .rpm, their linters, installs and windows; signed updates"
  TESSERA_PACKAGE_BUILD=release bash "$here/lib/package_test.sh"
else
  step "Packaging: .deb and .rpm of the test build, their linters, installs and windows; signed updates"
  TESSERA_PACKAGE_BUILD=test bash "$here/lib/package_test.sh"
fi

step "Supply chain: cargo deny (licences, bans, sources), cargo machete"
wait "$tools_pid" || { cat "$tools_log" >&2; echo "the test tools could not be built" >&2; exit 1; }
grep -h . "$tools_log" >&2 || true
# Advisories are left out: the RustSec database needs the network.
cargo deny --offline --locked check bans licenses sources
cargo machete

step "No test key in any file the tests wrote"
bash "$here/lib/scan_secrets.sh" "$TESSERA_TEST_HOME"

step "All checks passed"
