#!/usr/bin/env bash
# Shared practice vault benchmark (criterion): 200 accounts, 4 desks on one
# folder; prints join-from-snapshot time, one merge pass with 50 new records,
# and the folder's size, then criterion's estimates. In-memory keychain.
# Usage: bench/share.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
cargo bench -p tessera-service --bench share 2>/dev/null
