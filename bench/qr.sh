#!/usr/bin/env bash
# QR benchmark: per-frame decoding cost at 1280×720 and 1920×1080 (criterion,
# plus a p50/p95 table), then the pass counts on ZXing's blackbox photos in all
# four rotations when ../shared/fixtures is present.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
cargo bench -p tessera-core --bench qr_frames 2>/dev/null | grep -v '^$'
if [ -d "$root/../shared/fixtures/qr/zxing-blackbox" ]; then
  echo
  echo "ZXing blackbox photos, decoded by the full cascade:"
  cargo run --release -q -p tessera-core --example qr_passes -- --cascade 2>/dev/null
  echo
  echo "The camera path (finder search, then the rolling cascade on the code's region) on the same photos:"
  cargo run --release -q -p tessera-core --example qr_passes -- --rolling 2>/dev/null
else
  echo "(ZXing blackbox photos not present: pass counts skipped)"
fi
