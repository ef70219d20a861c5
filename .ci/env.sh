# Sourced by the Makefile and the CI scripts: puts the toolchain that can build wasm32 first on PATH.
# Sets CHEF_GALAXY_TOOLCHAIN to rustup, debian or none (none: run .ci/setup.sh).
export CHEF_GALAXY_TOOLS="${CHEF_GALAXY_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/chef-galaxy}"
export PATH="$CHEF_GALAXY_TOOLS/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if command -v rustup >/dev/null 2>&1 &&
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  CHEF_GALAXY_TOOLCHAIN=rustup
elif ls /usr/lib/rustlib/wasm32-unknown-unknown/lib/libstd-*.rlib >/dev/null 2>&1; then
  CHEF_GALAXY_TOOLCHAIN=debian
  # Debian's cargo and rustc before rustup's proxies; cargo subcommands still come from ~/.cargo/bin.
  export PATH="/usr/bin:$PATH"
else
  CHEF_GALAXY_TOOLCHAIN=none
fi
export CHEF_GALAXY_TOOLCHAIN
if [ -z "${CHROMIUM_PATH:-}" ] && [ -x /usr/bin/chromium ]; then
  export CHROMIUM_PATH=/usr/bin/chromium
fi
