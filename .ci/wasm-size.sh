#!/usr/bin/env bash
# Prints the size of the release WASM: the main module every first visit loads, and the pieces
# (split_*, chunk_*) that pages load on navigation; raw, and as sent (the build's brotli copies,
# and gzip -9 for browsers without brotli).
set -euo pipefail
cd target/site/pkg

size() { stat -c %s "$1"; }
kib() { echo $(($1 / 1024)); }

main_module=""
for wasm in *.wasm; do
  case "$wasm" in split_* | chunk_*) ;; *) main_module="$wasm" ;; esac
done
raw=$(size "$main_module")
gz=$(gzip -9 -c "$main_module" | wc -c)
if [ -f "$main_module.br" ]; then
  printf 'WASM main module %s: %d KiB raw, %d KiB brotli, %d KiB gzip\n' \
    "$main_module" "$(kib "$raw")" "$(kib "$(size "$main_module.br")")" "$(kib "$gz")"
else
  printf 'WASM main module %s: %d KiB raw, %d KiB gzip (no brotli copy)\n' "$main_module" "$(kib "$raw")" "$(kib "$gz")"
fi

pieces=0 pieces_raw=0 pieces_br=0
for wasm in split_*.wasm chunk_*.wasm; do
  [ -f "$wasm" ] || continue
  pieces=$((pieces + 1))
  pieces_raw=$((pieces_raw + $(size "$wasm")))
  [ -f "$wasm.br" ] && pieces_br=$((pieces_br + $(size "$wasm.br")))
done
if [ "$pieces" -gt 0 ]; then
  printf 'WASM loaded on navigation: %d pieces, %d KiB raw, %d KiB brotli in all\n' \
    "$pieces" "$(kib "$pieces_raw")" "$(kib "$pieces_br")"
fi
