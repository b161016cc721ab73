#!/usr/bin/env bash
# Builds Tessera's release package and installs it with the system's package
# manager, so that Tessera is on the applications menu (and `tessera-app` on
# PATH): a .deb with apt on Debian and Ubuntu, an .rpm with dnf on Fedora.
# Checks first for Rust, Node.js 20+ and a display, and says what is missing
# before installing anything. Usage: scripts/install.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$here/lib/prereqs.sh"
check_prereqs
source "$here/env.sh"

sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
. /etc/os-release 2>/dev/null || true
family="${ID:-} ${ID_LIKE:-}"

case "$family" in
  *fedora* | *rhel* | *centos*)
    kind=rpm
    # Fedora's names for what scripts/setup.sh installs on Debian.
    echo "[install] installing the build tools and libraries with dnf…" >&2
    $sudo_cmd dnf install -y -q gcc gcc-c++ make pkgconf-pkg-config openssl-devel \
      webkit2gtk4.1-devel libayatana-appindicator-gtk3-devel librsvg2-devel libxdo-devel \
      dbus-devel pipewire-devel clang-devel mesa-libgbm-devel mesa-libEGL-devel \
      wayland-devel libxcb-devel libv4l-devel file
    (cd "$root/ui" && npm ci --no-audit --no-fund --loglevel=error)
    ;;
  *debian* | *ubuntu*)
    kind=deb
    bash "$here/setup.sh"
    ;;
  *)
    echo "This script knows Debian, Ubuntu and Fedora; on ${PRETTY_NAME:-this system}, build with" >&2
    echo "  (cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb,rpm)" >&2
    echo "and install the package from $CARGO_TARGET_DIR/release/bundle/ with your package manager." >&2
    exit 1
    ;;
esac

echo "[install] building the release .$kind (a few minutes the first time)…" >&2
pkg="$(bash "$here/lib/build_packages.sh" "$kind")"

echo "[install] installing $(basename "$pkg")…" >&2
if [ "$kind" = deb ]; then
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y "$pkg"
else
  $sudo_cmd dnf install -y "$pkg"
fi
echo "Tessera is installed: open it from the applications menu, or run tessera-app." >&2
