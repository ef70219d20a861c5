# Sourced by scripts that need the release server on a fresh, seeded SQLite file of their own:
# `start_seeded_server <work folder> <port>` seeds the demo data (as `make run` shows it, about
# a minute), serves it in the background until the calling script exits, waits until it is
# ready and sets `base` to its address. Run from the repository root.

start_seeded_server() {
  local work="$1" port="$2"
  local server="${CARGO_TARGET_DIR:-target}/release/server"
  base="http://127.0.0.1:$port"

  rm -rf "$work" && mkdir -p "$work"
  export DATABASE_URL="sqlite://$work/chef-galaxy.db?mode=rwc"
  export MEDIA_DIR="$work/media" SEARCH_DIR="$work/search"
  export LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD
  export RUST_LOG="${RUST_LOG:-warn}"

  "$server" seed > "$work/seed.log"
  "$server" serve > "$work/server.log" 2>&1 &
  seeded_server_pid=$!
  trap 'kill $seeded_server_pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 150); do
    curl -fs "$base/readyz" > /dev/null && return 0
    sleep 0.2
  done
  echo "the server did not become ready; its log: $work/server.log" >&2
  return 1
}
