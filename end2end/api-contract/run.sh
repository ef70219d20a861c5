#!/usr/bin/env bash
# The fuzzed API contract: a release server on a fresh seeded SQLite file, fuzzed by
# schemathesis anonymously and then signed in as the demo customer. Prints operations,
# cases and failures; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

source end2end/seeded-server.sh

st="${SCHEMATHESIS:-${CHEF_GALAXY_TOOLS:-$HOME/.cache/chef-galaxy}/schemathesis-venv/bin/st}"
config="end2end/api-contract/schemathesis.toml"
work="target/api-contract"
# The fuzzer signs up thousands of people from one address.
export SIGNUPS_PER_ADDRESS_PER_HOUR=1000000
start_seeded_server "$work" "${API_CONTRACT_PORT:-3102}"

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
