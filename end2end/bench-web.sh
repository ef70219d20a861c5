#!/usr/bin/env bash
# `make bench-web`: the release server on a seeded SQLite file of its own, then the throttled
# browser benchmark against it (end2end/bench-web.mjs). Prints figures; not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
source end2end/seeded-server.sh

start_seeded_server target/bench-web "${BENCH_WEB_PORT:-3300}"
node end2end/bench-web.mjs "$base" "${BENCH_WEB_RUNS:-3}"
