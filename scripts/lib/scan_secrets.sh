#!/usr/bin/env bash
# Fails if any file under DIR contains a key used by the tests, in base32
# (either case), hex, or base64 form. Keychain files are included: under a
# PIN, and in gnome-keyring's encrypted file, no key may appear in the clear.
set -euo pipefail
dir="$1"
keys=(
  GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ   # RFC 4226/6238 seed "12345678901234567890"
  JBSWY3DPEHPK3PXP
  HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ
)
needles=()
for k in "${keys[@]}"; do
  needles+=("$k" "$(printf '%s' "$k" | tr 'A-Z' 'a-z')")
done
needles+=(3132333435363738393031323334353637383930 MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=)
found=0
for n in "${needles[@]}"; do
  if hits="$(grep -rIl --binary-files=text -F -- "$n" "$dir" 2>/dev/null)"; then
    echo "key material ($n) found in:" >&2
    printf '  %s\n' "$hits" >&2
    found=1
  fi
done
count="$(find "$dir" -type f | wc -l)"
if [ "$found" = 1 ]; then
  echo "FAILED: test keys were written to disk" >&2
  exit 1
fi
echo "scanned $count files under $dir: no test key found"
