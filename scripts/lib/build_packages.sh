#!/usr/bin/env bash
# Builds Tessera's release Linux packages (one release build for all):
#   scripts/lib/build_packages.sh [deb] [rpm]    (default: both)
# then recompresses the .deb's files with xz (the bundler writes gzip; xz
# makes it about 30% smaller, and dpkg has read it since Debian 6). The .rpm
# is xz-compressed by the bundler itself (bundle.linux.rpm.compression).
# Prints the package paths, one a line. Needs CARGO_TARGET_DIR (scripts/env.sh).
#
# TESSERA_PACKAGE_BUILD=test packs the test build instead: the app binary
# scripts/test.sh built (debug profile, the stand-in camera) and the end-to-
# end tests ran, stripped (debug info and symbol table, as the release
# package has neither),
# bundled as it is: the same bundler configuration, files and metadata,
# without a second build of every dependency (the release build takes about
# 15 minutes on 2 cores). Its packages are compressed fast (xz level 1: the
# same formats, a minute less per package than level 9 on 2 cores); their
# sizes are not the release's (bench/app.sh prints those).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
kinds=("$@")
[ "${#kinds[@]}" -gt 0 ] || kinds=(deb rpm)
bundles="$(IFS=,; echo "${kinds[*]}")"
if [ "${TESSERA_PACKAGE_BUILD:-release}" = test ]; then
  out="$CARGO_TARGET_DIR/debug"
  [ -x "$out/tessera-app" ] || { echo "no test build at $out/tessera-app (scripts/test.sh makes it)" >&2; exit 1; }
  strip "$out/tessera-app"
  level=1
  (cd "$root/src-tauri" && ../ui/node_modules/.bin/tauri bundle --debug --features fake-camera --bundles "$bundles" --ci \
    --config '{"bundle":{"linux":{"rpm":{"compression":{"type":"xz","level":1}}}}}' >/dev/null)
else
  level=9
  out="$CARGO_TARGET_DIR/release"
  (cd "$root/src-tauri" && ../ui/node_modules/.bin/tauri build --bundles "$bundles" --ci >/dev/null)
fi
for kind in "${kinds[@]}"; do
  pkg="$(ls -t "$out/bundle/$kind"/*."$kind" | head -n1)"
  if [ "$kind" = deb ]; then
    tree="$(mktemp -d)"
    dpkg-deb -R "$pkg" "$tree/pkg"
    dpkg-deb --root-owner-group -Zxz "-z$level" -b "$tree/pkg" "$pkg.new" >/dev/null
    mv "$pkg.new" "$pkg"
    rm -rf "$tree"
  elif command -v rpm >/dev/null; then
    # The bundler names the file after the product (Tessera-…); RPM's
    # convention is the package's own name (tessera-…).
    name="$(rpm -qp --qf '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}.rpm' "$pkg")"
    if [ "$(basename "$pkg")" != "$name" ]; then
      mv "$pkg" "$(dirname "$pkg")/$name"
      pkg="$(dirname "$pkg")/$name"
    fi
  fi
  echo "$pkg"
done
