#!/usr/bin/env bash
# The Linux packages, checked the way a distribution would (called by
# scripts/test.sh; needs root for dpkg, and DISPLAY):
# 1. builds the .deb and .rpm (one build for both: the release build, or the
#    test build with TESSERA_PACKAGE_BUILD=test) and prints their sizes;
# 2. lintian, rpmlint, desktop-file-validate and appstreamcli validate on
#    them: no error or warning left (what is overridden is explained in
#    packaging/linux/lintian-overrides and tessera.rpmlintrc);
# 3. installs the .deb with dpkg and the .rpm with `rpm -i --nodeps` into a
#    throwaway root, and starts each installed app until its window shows;
# 4. takes a .deb of the test build (the updater's test overrides are in it)
#    and runs the signed-update test on it
#    (tests/e2e/packaged/updates.test.mjs).
# TESSERA_PACKAGE_RELEASE_ONLY=1 skips step 4 (bench/app.sh).
# TESSERA_PACKAGE_BUILD=test (scripts/test.sh's default) packs the test build
# for steps 1-3 (see build_packages.sh), and step 4 reuses its .deb.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
lint="$root/packaging/linux"
say() { echo "[package] $*" >&2; }

cd "$root/src-tauri"
built="$(bash "$root/scripts/lib/build_packages.sh" deb rpm)"
mapfile -t pkgs <<<"$built"
deb="${pkgs[0]}" rpm="${pkgs[1]}"
size() { stat -c %s "$1" | awk '{ printf "%.2f MB", $1 / 1048576 }'; }
say "built $(basename "$deb") ($(size "$deb")) and $(basename "$rpm") ($(size "$rpm"))"

# --- linters ------------------------------------------------------------------
say "lintian $(basename "$deb")"
# --fail-on warning: an error or a warning fails the run; what is left is
# overridden in packaging/linux/lintian-overrides, each with its reason.
lintian --fail-on error,warning --tag-display-limit 0 --profile debian "$deb" >&2
say "rpmlint $(basename "$rpm")"
# rpmlint fails on errors only: a warning left fails the run too.
report="$(rpmlint --rpmlintrc "$lint/tessera.rpmlintrc" "$rpm" 2>&1)" || { echo "$report" >&2; exit 1; }
echo "$report" | grep -E ' (E|W): |packages and' >&2 || true
if echo "$report" | grep -qE ' (E|W): '; then say "rpmlint: problems left"; exit 1; fi

unpacked="$(mktemp -d)"
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$deb" "$unpacked/deb"
desktop-file-validate "$unpacked"/deb/usr/share/applications/*.desktop
say "desktop-file-validate: no problems"
appstreamcli validate --no-net --explain --pedantic "$unpacked"/deb/usr/share/metainfo/*.metainfo.xml >&2
# The .rpm carries the same two files.
rpm -qlp "$rpm" >"$unpacked/rpm-files"
for f in /usr/bin/tessera-app /usr/share/applications/Tessera.desktop \
  /usr/share/metainfo/app.tessera.desktop.metainfo.xml /usr/share/man/man1/tessera-app.1.gz \
  /usr/share/licenses/tessera/LICENSE /usr/share/icons/hicolor/128x128/apps/tessera-app.png; do
  grep -qx "$f" "$unpacked/rpm-files" || { say "the .rpm lacks $f"; exit 1; }
done

# --- install and start ----------------------------------------------------------
# Starts BINARY with a fresh data directory, waits (generously) for a window
# named "Tessera", saves a screenshot as NAME, stops the app.
opens_window() {
  local bin="$1" name="$2" data app found=""
  data="$(mktemp -d)"
  TESSERA_DATA_DIR="$data" TESSERA_PROFILE="installed-$$" "$bin" &
  app=$!
  for _ in $(seq 1 600); do
    if xwininfo -root -tree 2>/dev/null | grep -q '"Tessera"'; then found=1; break; fi
    kill -0 "$app" 2>/dev/null || break
    sleep 0.1
  done
  if [ -n "$found" ]; then
    mkdir -p "$root/tests/artifacts"
    import -window root "$root/tests/artifacts/$name.png" 2>/dev/null || true
  fi
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  rm -rf "$data"
  [ -n "$found" ] || { say "$bin showed no window"; return 1; }
  say "$bin opened its window"
}

dpkg -i "$deb" >/dev/null
trap 'dpkg -r tessera >/dev/null 2>&1 || true; rm -rf "$unpacked"' EXIT
test -x /usr/bin/tessera-app
grep -q '^Name=Tessera' /usr/share/applications/Tessera.desktop
ls /usr/share/icons/hicolor/*/apps/tessera-app.png >/dev/null
man -w tessera-app >/dev/null 2>&1 || test -f /usr/share/man/man1/tessera-app.1.gz
opens_window /usr/bin/tessera-app installed-deb
dpkg -r tessera >/dev/null
test ! -e /usr/bin/tessera-app

rpmroot="$unpacked/rpmroot"
mkdir -p "$rpmroot"
rpm --root "$rpmroot" --initdb
rpm --root "$rpmroot" -i --nodeps --noscripts "$rpm"
rpm --root "$rpmroot" -q tessera >&2
test -x "$rpmroot/usr/bin/tessera-app"
opens_window "$rpmroot/usr/bin/tessera-app" installed-rpm

[ "${TESSERA_PACKAGE_RELEASE_ONLY:-}" = 1 ] && exit 0

# --- signed updates -------------------------------------------------------------
# The debug build test.sh made (same features), bundled without recompiling
# (already bundled above when the test build was packed).
if [ "${TESSERA_PACKAGE_BUILD:-release}" = test ]; then
  debug_deb="$deb"
else
  ../ui/node_modules/.bin/tauri build --debug --features fake-camera --bundles deb --ci >/dev/null
  debug_deb="$(ls -t "$CARGO_TARGET_DIR"/debug/bundle/deb/*.deb | head -n1)"
fi
say "signed updates on $(basename "$debug_deb") (debug)"
# A watchdog far above its usual 80 s (see scripts/test.sh).
(cd "$root/tests/e2e" && TESSERA_TEST_DEB="$debug_deb" timeout --kill-after=30 1200 node --test --test-concurrency=1 ./packaged/updates.test.mjs)
