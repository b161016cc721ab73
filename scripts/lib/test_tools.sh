#!/usr/bin/env bash
# Builds the cargo tools the tests use, once, into the cache
# ($TESSERA_CACHE/tools/bin, on PATH through env.sh): tauri-driver (the e2e
# tests), cargo-deny and cargo-machete (the supply-chain checks). Called by
# scripts/setup.sh --tests, and by scripts/test.sh in the background.
# They share one target dir (the crates they have in common are compiled
# once) and are built without their own release profiles' link-time
# optimisation (cargo-deny asks for fat LTO in one codegen unit: minutes on
# one core for a check that runs in seconds either way).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$here/env.sh"
log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

install_cargo_tool() {
  local bin="$1" crate="$2" version="$3"
  command -v "$bin" >/dev/null && return 0
  log "installing $crate $version into $TESSERA_CACHE/tools"
  cargo install "$crate" --version "$version" --locked --quiet --root "$TESSERA_CACHE/tools" \
    --target-dir "$TESSERA_CACHE/tools-target" \
    --config profile.release.lto=false --config profile.release.codegen-units=16 \
    --config profile.release.opt-level=1
}
install_cargo_tool tauri-driver tauri-driver '^2'
install_cargo_tool cargo-deny cargo-deny '^0.20'
install_cargo_tool cargo-machete cargo-machete '^0.9'
