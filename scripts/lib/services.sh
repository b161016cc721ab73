# Services the tests need, started headless and stopped on exit (sourced).
# start_xvfb: a private X server; start_keyring: gnome-keyring's Secret Service
# on the current D-Bus session bus (run inside dbus-run-session).

_tessera_cleanup=()
tessera_stop_services() {
  local pid
  for pid in "${_tessera_cleanup[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  tessera_stop_orphans
}

# Daemons left running on this private session bus (services D-Bus started
# on demand, such as the accessibility bus, or one a test left behind) would
# keep the output of whoever runs the tests (a CI pipe) open after the run:
# every orphan (parent 1) whose environment names this bus is ended too.
tessera_stop_orphans() {
  local bus="${DBUS_SESSION_BUS_ADDRESS:-}" dir pid
  [ -n "$bus" ] || return 0
  for dir in /proc/[0-9]*; do
    pid="${dir#/proc/}"
    [ "$(awk '/^PPid:/ { print $2 }' "$dir/status" 2>/dev/null)" = 1 ] || continue
    if { tr '\0' '\n' <"$dir/environ"; } 2>/dev/null | grep -qxF "DBUS_SESSION_BUS_ADDRESS=$bus"; then
      kill "$pid" 2>/dev/null || true
    fi
  done
}
trap tessera_stop_services EXIT

start_xvfb() {
  local fdfile
  fdfile="$(mktemp)"
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$fdfile" 2>/dev/null &
  _tessera_cleanup+=("$!")
  for _ in $(seq 1 100); do
    [ -s "$fdfile" ] && break
    sleep 0.1
  done
  [ -s "$fdfile" ] || { echo "Xvfb did not start" >&2; return 1; }
  export DISPLAY=":$(head -n1 "$fdfile")"
  rm -f "$fdfile"
  xdpyinfo >/dev/null 2>&1 || { echo "cannot talk to Xvfb on $DISPLAY" >&2; return 1; }
  echo "[services] Xvfb on $DISPLAY" >&2
}

secret_service_up() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
}

# The password of the throwaway test keyring (tests use it to bring a stopped
# keychain back).
export TESSERA_KEYRING_PASSWORD="tessera-test"

start_keyring() {
  [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || { echo "start_keyring needs a D-Bus session bus" >&2; return 1; }
  # Keyrings live in $XDG_DATA_HOME/keyrings: scripts/test.sh points it at a
  # throwaway directory, so tests never touch the user's real keyrings.
  if [ -z "${TESSERA_TEST_HOME:-}" ]; then
    XDG_DATA_HOME="$(mktemp -d)"
    export XDG_DATA_HOME
  fi
  local out
  out="$(printf '%s' "$TESSERA_KEYRING_PASSWORD" | gnome-keyring-daemon --replace --unlock --components=secrets 2>/dev/null)"
  eval "$(printf '%s\n' "$out" | sed -n 's/^\(GNOME_KEYRING_[A-Z_]*\)=\(.*\)$/export \1="\2"/p')"
  GNOME_KEYRING_PID="$(pgrep -n -f 'gnome-keyring-daemon' || true)"
  _tessera_cleanup+=("${GNOME_KEYRING_PID:-}")
  for _ in $(seq 1 100); do
    secret_service_up && { echo "[services] Secret Service (gnome-keyring) on the session bus" >&2; return 0; }
    sleep 0.05
  done
  echo "gnome-keyring-daemon did not register org.freedesktop.secrets" >&2
  return 1
}

# Syncthing: the shared practice vault test (crates/tessera-cli/tests/
# share_syncthing.rs) starts two daemons itself, each with its own --home,
# GUI/REST and listen addresses on 127.0.0.1, and discovery, relays, NAT
# traversal and usage reporting off; they are killed when the test ends.
# This only checks that the binary runs.
require_syncthing() {
  syncthing --version >/dev/null 2>&1 || {
    echo "syncthing is not installed (scripts/setup.sh --tests installs it)" >&2
    return 1
  }
  echo "[services] $(syncthing --version | head -n1)" >&2
}
