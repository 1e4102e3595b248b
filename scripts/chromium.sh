#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the Playwright browser tests (Playwright cannot
# download its own browser here); print its path.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium (Debian package)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium fonts-dejavu-core >&2
fi
echo /usr/bin/chromium
