#!/usr/bin/env bash
# The fuzzed API contract: a release server on a fresh seeded SQLite file, fuzzed by
# schemathesis anonymously and then signed in as the demo customer. Prints operations,
# cases and failures; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

server="${CARGO_TARGET_DIR:-target}/release/server"
st="${SCHEMATHESIS:-${CHEF_GALAXY_TOOLS:-$HOME/.cache/chef-galaxy}/schemathesis-venv/bin/st}"
port="${API_CONTRACT_PORT:-3102}"
base="http://127.0.0.1:$port"
config="end2end/api-contract/schemathesis.toml"
work="target/api-contract"

rm -rf "$work" && mkdir -p "$work"
export DATABASE_URL="sqlite://$work/chef-galaxy.db?mode=rwc"
export MEDIA_DIR="$work/media" SEARCH_DIR="$work/search"
export LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD
export RUST_LOG="${RUST_LOG:-warn}"
# The fuzzer signs up thousands of people from one address.
export SIGNUPS_PER_ADDRESS_PER_HOUR=1000000

"$server" seed > "$work/seed.log"
"$server" serve > "$work/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "$base/readyz" > /dev/null && break
  sleep 0.2
done

export PYTHONPATH="end2end/api-contract${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=hooks

status=0
echo "== API contract: anonymous"
"$st" --config-file "$config" run "$base/api/v1/openapi.json" || status=1

echo "== API contract: signed in as the demo customer"
cookie=$(curl -fs -c - -o /dev/null -H 'content-type: application/json' \
  -d '{"email":"guest@demo.chefgalaxy.test","password":"taste-the-galaxy-2026"}' \
  "$base/api/v1/auth/login" | awk '$6 == "chef_galaxy_session" { print $7 }')
test -n "$cookie" || { echo "could not log in as the demo customer"; exit 1; }
# Logging out would end the session the run depends on.
"$st" --config-file "$config" run -H "Cookie: chef_galaxy_session=$cookie" \
  --exclude-path /api/v1/auth/logout "$base/api/v1/openapi.json" || status=1

if grep -q "panic" "$work/server.log"; then
  echo "The server panicked during the run:"; grep "panic" "$work/server.log" | head -20
  status=1
fi
exit $status
