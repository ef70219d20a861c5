#!/usr/bin/env bash
# Prints the size of the release WASM bundle as served: raw and gzip -9.
set -euo pipefail
wasm="$(ls target/site/pkg/*.wasm | head -n 1)"
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
printf 'WASM bundle %s: %d KiB raw, %d KiB gzip\n' "$wasm" $((raw / 1024)) $((gz / 1024))
