#!/usr/bin/env bash
# Installs everything Tessera needs to build, run and test on Debian/Ubuntu.
# Idempotent: each step checks first and only installs what is missing.
# Usage: scripts/setup.sh [--tests]   (--tests also installs the test tools)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$here/env.sh"

want_tests=0
[ "${1:-}" = "--tests" ] && want_tests=1

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

# --- Debian packages ---------------------------------------------------------
build_pkgs=(build-essential curl wget file pkg-config libssl-dev
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  libdbus-1-dev
  libpipewire-0.3-dev libclang-dev libgbm-dev libegl-dev libwayland-dev
  libxcb1-dev libxcb-randr0-dev libxcb-shm0-dev libv4l-dev)
test_pkgs=(xvfb xauth x11-utils imagemagick webkit2gtk-driver gnome-keyring
  libsecret-tools poppler-utils qpdf zbar-tools oathtool xclip dbus dbus-x11
  fonts-ipafont-gothic xdotool
  openbox procps psmisc faketime
  sway swayimg)

pkgs=("${build_pkgs[@]}")
[ "$want_tests" = 1 ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  log "installing Debian packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Rust toolchain components -----------------------------------------------
if ! command -v cargo >/dev/null; then
  echo "cargo not found: install Rust from rustup (https://rustup.rs) first" >&2
  exit 1
fi
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt

# --- npm packages for the UI -------------------------------------------------
if [ ! -d "$root/ui/node_modules" ] || [ "$root/ui/package-lock.json" -nt "$root/ui/node_modules/.package-lock.json" ]; then
  log "installing npm packages for ui/"
  (cd "$root/ui" && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "$want_tests" = 1 ] && { [ ! -d "$root/tests/e2e/node_modules" ] || [ "$root/tests/e2e/package-lock.json" -nt "$root/tests/e2e/node_modules/.package-lock.json" ]; }; then
  log "installing npm packages for tests/e2e/"
  (cd "$root/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- cargo tools for the end-to-end tests -------------------------------------
if [ "$want_tests" = 1 ] && ! command -v tauri-driver >/dev/null; then
  log "installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet
fi
log "set-up complete"
