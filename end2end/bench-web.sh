#!/usr/bin/env bash
# `make bench-web`: the release server on a seeded SQLite file of its own, then the throttled
# browser benchmark against it (end2end/bench-web.mjs). Prints figures; not a test.
set -euo pipefail
cd "$(dirname "$0")/.."

server="${CARGO_TARGET_DIR:-target}/release/server"
port="${BENCH_WEB_PORT:-3300}"
base="http://127.0.0.1:$port"
work="target/bench-web"

rm -rf "$work" && mkdir -p "$work"
export DATABASE_URL="sqlite://$work/chef-galaxy.db?mode=rwc"
export MEDIA_DIR="$work/media" SEARCH_DIR="$work/search"
export LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD
export RUST_LOG="${RUST_LOG:-warn}"

# The demo data, as `make run` shows it (about a minute).
"$server" seed > "$work/seed.log"
"$server" serve > "$work/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
  curl -fs "$base/readyz" > /dev/null && break
  sleep 0.2
done

node end2end/bench-web.mjs "$base" "${BENCH_WEB_RUNS:-3}"
