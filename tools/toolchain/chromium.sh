#!/bin/sh
# Prints the path of a Chromium for the browser tests: CHROMIUM_PATH, the machine's, or Debian's package installed
# now (as root, through apt). Test tools never download a browser of their own.
set -eu

if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then
  echo "$CHROMIUM_PATH"
  exit 0
fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -x "$candidate" ]; then
    echo "$candidate"
    exit 0
  fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium: installing Debian's chromium package" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2 \
    || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2; }
  echo /usr/bin/chromium
  exit 0
fi
echo "chromium: not found; install Debian's chromium package or set CHROMIUM_PATH" >&2
exit 1
