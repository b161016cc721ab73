#!/usr/bin/env bash
# Desktop app benchmark (release build, real gnome-keyring, Xvfb): prints
# time from launch to the first codes painted with N accounts, resident
# memory of the app and its WebKit processes after a minute idle, memory
# while hidden in the tray with the webviews released and the time to show
# the window again (a second launch), and the release .deb and .rpm sizes.
# Usage: bench/app.sh [ACCOUNTS] [IDLE_SECONDS]  (default 200, 60)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export TESSERA_BENCH_ACCOUNTS="${1:-200}" TESSERA_BENCH_IDLE="${2:-60}"
source scripts/lib/in_dbus.sh "$0" "$@"
source scripts/env.sh
source scripts/lib/services.sh
unset DISPLAY
start_keyring
start_xvfb

echo "building release app, .deb, .rpm and CLI…" >&2
built="$(bash scripts/lib/build_packages.sh deb rpm)"
mapfile -t pkgs <<<"$built"
deb="${pkgs[0]}" rpm="${pkgs[1]}"
cargo build --release -p tessera-cli --locked
echo "release packages: $(basename "$deb") $(stat -c %s "$deb") bytes, $(basename "$rpm") $(stat -c %s "$rpm") bytes" >&2

data="$(mktemp -d)"
export TESSERA_DATA_DIR="$data" TESSERA_PROFILE="bench$$"
echo "adding $TESSERA_BENCH_ACCOUNTS accounts…" >&2
for i in $(seq 1 "$TESSERA_BENCH_ACCOUNTS"); do
  key="$(head -c 20 /dev/urandom | base32 | tr -d '=')"
  "$CARGO_TARGET_DIR/release/tessera" add --uri "otpauth://totp/Bench$i:user$i@example.com?secret=$key&issuer=Bench$i" >/dev/null
done

export TESSERA_APP_BIN="$CARGO_TARGET_DIR/release/tessera-app"
node bench/app-startup.mjs "$TESSERA_BENCH_ACCOUNTS" "$TESSERA_BENCH_IDLE" "$(stat -c %s "$deb")" "$(stat -c %s "$rpm")"
