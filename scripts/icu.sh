#!/usr/bin/env bash
# Make sure ICU's headers and a C++ compiler are there: PyICU (the name collations, LANG-1) builds against the
# system's ICU, the same library PostgreSQL sorts with, so both databases order names alike.
set -euo pipefail
if ! pkg-config --exists icu-i18n 2>/dev/null || ! command -v g++ >/dev/null; then
  echo "Installing ICU headers and a C++ compiler (Debian packages)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq libicu-dev pkg-config g++ >&2
fi
