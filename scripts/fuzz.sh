#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ (cargo-fuzz, libFuzzer) for SECONDS each
# (default 60), one after another, starting from the committed seeds
# (fuzz/seeds/<target>) and a working corpus kept in the cache. Prints one
# line per target: seconds, executions, findings. A crash stops the run with
# the crashing input's path (fuzz/artifacts/<target>/): commit it as a
# regression test (crates/tessera-service/tests/fuzz_regressions.rs).
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   TESSERA_FUZZ_JOBS=N   run N targets side by side (default 1)
#
# cargo-fuzz needs nightly-only compiler flags (-Z sanitizer); on a stable
# toolchain RUSTC_BOOTSTRAP=1 lets them through.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$here/env.sh"
cd "$root/fuzz"

seconds="${1:-60}"
shift || true
case "$seconds" in
  '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac

# Installed into the cache the first time (the tests themselves do not need it).
if ! command -v cargo-fuzz >/dev/null; then
  echo "installing cargo-fuzz 0.13 into $TESSERA_CACHE/tools" >&2
  cargo install cargo-fuzz --version '^0.13' --locked --quiet --root "$TESSERA_CACHE/tools" \
    --target-dir "$TESSERA_CACHE/tools-target"
fi

export RUSTC_BOOTSTRAP=1
# Its own target dir: instrumented builds share nothing with the others.
export CARGO_TARGET_DIR="$TESSERA_CACHE/fuzz-target"
corpus_root="$TESSERA_CACHE/fuzz-corpus"

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi

# Build first (debug assertions on, as the runs use), so that a target that
# no longer compiles fails here, loudly. With no name cargo-fuzz builds them all.
if [ "$#" -eq 0 ]; then
  cargo fuzz build --debug-assertions >&2
else
  for t in "${targets[@]}"; do cargo fuzz build --debug-assertions "$t" >&2; done
fi

run_one() {
  local t="$1" corpus="$corpus_root/$1" log
  mkdir -p "$corpus" "artifacts/$t"
  log="$(mktemp)"
  local status=0
  # -max_len: the largest inputs the parsers' caps let through are far
  # larger, but libFuzzer's mutations are most useful on small inputs; the
  # caps themselves are unit-tested. -rss_limit_mb: a parser that allocates
  # without bound is a finding.
  cargo fuzz run --debug-assertions "$t" "$corpus" "seeds/$t" -- \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=30 \
    -print_final_stats=1 -artifact_prefix="artifacts/$t/" >"$log" 2>&1 || status=$?
  local execs
  execs="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo '?')"
  if [ "$status" -eq 0 ]; then
    printf '%-18s %6ss %12s execs  findings: none\n' "$t" "$seconds" "$execs"
  else
    printf '%-18s %6ss %12s execs  FINDING (exit %s):\n' "$t" "$seconds" "$execs" "$status"
    grep -E 'ERROR|panicked|Test unit written|SUMMARY' "$log" | head -n 8
  fi
  rm -f "$log"
  return "$status"
}

jobs="${TESSERA_FUZZ_JOBS:-1}"
failed=0
running=0
for t in "${targets[@]}"; do
  if [ "$jobs" -le 1 ]; then
    run_one "$t" || failed=1
  else
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
      wait -n || failed=1
      running=$((running - 1))
    fi
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
exit "$failed"
