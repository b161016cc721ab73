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
  openbox procps psmisc faketime syncthing sway swayimg
  at-spi2-core python3-pyatspi orca
  lintian rpmlint rpm desktop-file-utils appstream man-db)

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

# --- chrony, for the clock check's tests ---------------------------------------
# The tests start chronyd themselves: a free loopback port, their own config,
# pid and drift files, and no control of the system clock (chronyd -x). The
# package must not become this machine's time service on the way: its postinst
# starts chronyd through the init system (and fails the whole install where
# that start fails, e.g. as root in a container with no systemd), and it
# conflicts with systemd-timesyncd, ntpsec and openntpd, which apt would
# remove. So where another time service is installed, chronyd is unpacked from
# the package into the cache ($TESSERA_CACHE/chrony; the tests look there) and
# nothing on the system changes; elsewhere the package is installed with
# service starts refused (a policy-rc.d, unless one is already in place).
install_chrony() {
  if command -v chronyd >/dev/null || [ -x /usr/sbin/chronyd ] ||
    [ -x "$TESSERA_CACHE/chrony/usr/sbin/chronyd" ]; then
    return 0
  fi
  local sudo_cmd="" other="" p
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  for p in systemd-timesyncd ntpsec ntp openntpd; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      other="$p"
    fi
  done
  if [ -n "$other" ]; then
    log "unpacking chronyd into $TESSERA_CACHE/chrony (installing chrony would remove $other)"
    local tmp
    tmp="$(mktemp -d)"
    if ! (cd "$tmp" && apt-get download chrony >/dev/null 2>&1); then
      $sudo_cmd apt-get update -qq
      (cd "$tmp" && apt-get download chrony >/dev/null)
    fi
    mkdir -p "$TESSERA_CACHE/chrony"
    dpkg-deb -x "$tmp"/chrony_*.deb "$TESSERA_CACHE/chrony"
    rm -rf "$tmp"
    "$TESSERA_CACHE/chrony/usr/sbin/chronyd" -v >/dev/null
  else
    log "installing chrony (its service is not started)"
    local policy=/usr/sbin/policy-rc.d ours=0
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\n# Tessera setup: no service starts while chrony installs.\nexit 101\n' |
        $sudo_cmd tee "$policy" >/dev/null
      $sudo_cmd chmod 755 "$policy"
      ours=1
    fi
    local status=0
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chrony >/dev/null || status=$?
    [ "$ours" = 1 ] && $sudo_cmd rm -f "$policy"
    return "$status"
  fi
}
[ "$want_tests" = 1 ] && install_chrony

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

# --- cargo tools for the tests ----------------------------------------------
# scripts/test.sh builds them itself, in the background while the workspace
# builds and its tests run (TESSERA_TOOLS_LATER=1): on a fresh machine they
# are minutes of compiling that nothing needs before the supply-chain checks.
if [ "$want_tests" = 1 ] && [ -z "${TESSERA_TOOLS_LATER:-}" ]; then
  bash "$here/lib/test_tools.sh"
fi
# cargo-fuzz (nightly flags, its own instrumented build) is installed by
# scripts/fuzz.sh when it first runs: the tests do not need it.
log "set-up complete"
