#!/usr/bin/env bash
# Browser libraries the site serves itself, from npm (frontend/vendor/package.json, locked):
# Leaflet and its marker clustering, copied into public/vendor so that cargo-leptos puts them
# in the site. Run by `make build` before the Rust build; quick when nothing changed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
packages="$root/frontend/vendor"
target="$root/public/vendor"

if [ ! -d "$packages/node_modules/leaflet" ] ||
  [ "$packages/package-lock.json" -nt "$packages/node_modules/.package-lock.json" ]; then
  npm ci --silent --no-audit --no-fund --prefix "$packages"
fi

rm -rf "$target.new"
mkdir -p "$target.new/leaflet/images"
cp "$packages/node_modules/leaflet/dist/leaflet.js" "$packages/node_modules/leaflet/dist/leaflet.css" "$target.new/leaflet/"
cp "$packages/node_modules/leaflet/dist/images/"*.png "$target.new/leaflet/images/"
cp "$packages/node_modules/leaflet.markercluster/dist/leaflet.markercluster.js" \
  "$packages/node_modules/leaflet.markercluster/dist/MarkerCluster.css" \
  "$packages/node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css" "$target.new/leaflet/"
cp "$packages/node_modules/leaflet/LICENSE" "$target.new/leaflet/LICENSE.leaflet"
cp "$packages/node_modules/leaflet.markercluster/MIT-LICENCE.txt" "$target.new/leaflet/LICENSE.markercluster"
rm -rf "$target"
mv "$target.new" "$target"
