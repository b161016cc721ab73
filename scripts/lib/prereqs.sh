# Checks what building and running Tessera needs before anything is installed
# (sourced by scripts/install.sh and scripts/run-app.sh). Says everything that
# is missing at once, with how to get it, and returns non-zero then.
#   check_prereqs [--no-display]
check_prereqs() {
  local need_display=1 missing=() major
  [ "${1:-}" = "--no-display" ] && need_display=0
  if ! command -v cargo >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo" ]; then
    missing+=("Rust (cargo): install it from https://rustup.rs, then open a new terminal")
  fi
  if ! command -v node >/dev/null; then
    missing+=("Node.js 20 or newer: https://nodejs.org (or your distribution's nodejs package)")
  else
    major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
    if [ "${major:-0}" -lt 20 ]; then
      missing+=("Node.js 20 or newer (this is $(node --version 2>/dev/null)): https://nodejs.org")
    fi
  fi
  command -v npm >/dev/null || missing+=("npm (comes with Node.js)")
  if [ "$need_display" = 1 ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    missing+=("a display: run this from a terminal in your desktop session")
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Tessera cannot be built here yet. Missing:" >&2
    printf '  - %s\n' "${missing[@]}" >&2
    echo "Nothing was installed." >&2
    return 1
  fi
}
