# Sourced first by the benchmark scripts: installs what is missing, then
# re-runs the calling script inside a private D-Bus session with a throwaway
# XDG_DATA_HOME (so its gnome-keyring never touches the user's keyrings).
# Usage: source scripts/lib/in_dbus.sh "$0" "$@"
if [ -z "${TESSERA_IN_DBUS:-}" ]; then
  bash "$(dirname "${BASH_SOURCE[0]}")/../setup.sh" --tests >/dev/null
  export TESSERA_IN_DBUS=1
  XDG_DATA_HOME="$(mktemp -d)"
  export XDG_DATA_HOME
  exec dbus-run-session -- bash "$@"
fi
