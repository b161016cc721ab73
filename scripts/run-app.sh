#!/usr/bin/env bash
# For developers: installs what is missing, builds Tessera and starts the
# desktop app from the build (users install it with scripts/install.sh).
# Checks first for Rust, Node.js 20+ and a display.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$here/lib/prereqs.sh"
check_prereqs
bash "$here/setup.sh"
source "$here/env.sh"
cd "$root"
(cd ui && npm run --silent build)
cargo run -p tessera-app --release "$@"
