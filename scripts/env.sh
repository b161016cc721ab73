# Shared environment for Tessera's scripts (sourced, not run).
# One cargo target dir outside the clone, reused across clones and CI runs.
export TESSERA_CACHE="${TESSERA_CACHE:-$HOME/.cache/tessera}"
# Cargo names a workspace crate's build by its path inside the workspace, so
# two clones (git worktrees) sharing a target dir overwrite each other's
# builds and can take each other's artifacts as fresh: a linked worktree gets
# a target dir of its own.
if [ -z "${CARGO_TARGET_DIR:-}" ] && [ -f "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.git" ]; then
  export CARGO_TARGET_DIR="$TESSERA_CACHE/target-$(basename "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)")"
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$TESSERA_CACHE/target}"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
