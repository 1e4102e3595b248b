#!/usr/bin/env bash
# Refresh vendored front-end files from npm packages (nothing is loaded from a CDN at run time).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm install --silent --no-audit --no-fund htmx.org@2)
dest=keepwarm/static/vendor/htmx
mkdir -p "$dest"
cp "$tmp/node_modules/htmx.org/dist/htmx.min.js" "$tmp/node_modules/htmx.org/LICENSE" "$dest/"
version=$(node -p "require('$tmp/node_modules/htmx.org/package.json').version")
echo "htmx.org@$version from the npm registry (dist/htmx.min.js). Update: scripts/vendor.sh" > "$dest/VERSION"

# Apache ECharts for the reports: the common build (line, bar, pie: the chart types used) and its ru/ro locales.
(cd "$tmp" && npm install --silent --no-audit --no-fund echarts@6)
dest=keepwarm/static/vendor/echarts
mkdir -p "$dest"
cp "$tmp/node_modules/echarts/dist/echarts.common.min.js" "$tmp/node_modules/echarts/i18n/langRU.js" \
  "$tmp/node_modules/echarts/i18n/langRO.js" "$tmp/node_modules/echarts/LICENSE" "$tmp/node_modules/echarts/NOTICE" "$dest/"
version=$(node -p "require('$tmp/node_modules/echarts/package.json').version")
echo "echarts@$version from the npm registry (dist/echarts.common.min.js: line, bar and pie charts only;" \
  "i18n/langRU.js, i18n/langRO.js). Update: scripts/vendor.sh" > "$dest/VERSION"
