#!/usr/bin/env bash
# Prints the size of the release WASM bundle: raw, and as sent (the build's brotli copy, and
# gzip -9 for browsers without brotli).
set -euo pipefail
wasm="$(ls target/site/pkg/*.wasm | head -n 1)"
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
if [ -f "$wasm.br" ]; then
  br=$(stat -c %s "$wasm.br")
  printf 'WASM bundle %s: %d KiB raw, %d KiB brotli, %d KiB gzip\n' "$wasm" $((raw / 1024)) $((br / 1024)) $((gz / 1024))
else
  printf 'WASM bundle %s: %d KiB raw, %d KiB gzip (no brotli copy)\n' "$wasm" $((raw / 1024)) $((gz / 1024))
fi
