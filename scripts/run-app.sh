#!/usr/bin/env bash
# Installs what is missing, builds Tessera and starts the desktop app.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bash "$here/setup.sh"
source "$here/env.sh"
cd "$root"
(cd ui && npm run --silent build)
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: run this from a desktop session (or under xvfb-run)." >&2
  exit 1
fi
cargo run -p tessera-app --release "$@"
