#!/usr/bin/env bash
# Builds the .deb, installs it with dpkg, starts the installed binary on the
# current X display and waits for its window, then removes the package.
# Needs root (dpkg) and DISPLAY; called by scripts/test.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root/src-tauri"
# A debug bundle reuses the test build; bench/app.sh measures a release one.
../ui/node_modules/.bin/tauri build --debug --bundles deb --ci >/dev/null
deb="$(ls -t "$CARGO_TARGET_DIR"/debug/bundle/deb/*.deb | head -n1)"
echo "[package] built $(basename "$deb") ($(du -h "$deb" | cut -f1))" >&2

dpkg -i "$deb" >/dev/null
trap 'dpkg -r tessera >/dev/null 2>&1 || true' EXIT
test -x /usr/bin/tessera-app
grep -q '^Name=Tessera' /usr/share/applications/Tessera.desktop
ls /usr/share/icons/hicolor/*/apps/tessera-app.png >/dev/null

data="$(mktemp -d)"
TESSERA_DATA_DIR="$data" TESSERA_PROFILE="installed-$$" /usr/bin/tessera-app &
app=$!
found=""
for _ in $(seq 1 150); do
  if xwininfo -root -tree 2>/dev/null | grep -q '"Tessera"'; then found=1; break; fi
  kill -0 "$app" 2>/dev/null || break
  sleep 0.2
done
if [ -n "$found" ]; then
  sleep 2
  mkdir -p "$root/tests/artifacts"
  import -window root "$root/tests/artifacts/installed-deb.png" 2>/dev/null || true
fi
kill "$app" 2>/dev/null || true
wait "$app" 2>/dev/null || true
[ -n "$found" ] || { echo "the installed app showed no window" >&2; exit 1; }
echo "[package] installed /usr/bin/tessera-app opened its window" >&2
