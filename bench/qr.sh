#!/usr/bin/env bash
# QR benchmark, in one run: per-frame decoding cost of the camera path at
# 1280×720 and 1920×1080 (p50/p95 table, then criterion); ZXing's blackbox
# photos decoded per folder and rotation when ../shared/fixtures is present;
# the generated small-code, multi-code and empty-page sets (1920×1080 and
# 3840×2160); the time per still picture over all of them; and the camera
# path on the photos. Pass --rxing to measure with rxing as a second decoder.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
features=()
[ "${1:-}" = "--rxing" ] && features=(--features rxing)
echo "== Camera frames"
cargo bench -q -p tessera-core "${features[@]}" --bench qr_frames 2>/dev/null | grep -v '^$'
echo
echo "== Still pictures"
cargo run --release -q -p tessera-core "${features[@]}" --example qr_passes -- --all 2>/dev/null
