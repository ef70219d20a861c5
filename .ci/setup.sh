#!/usr/bin/env bash
# Installs every tool that building and testing Chef Galaxy needs, and nothing twice:
# each step checks what is already there first, so a second run takes seconds.
#
# The wasm32 target comes from rustup where it can download; where it cannot (these
# sandboxed machines), Debian's rustc-web is used with a wasm32 std built from its source.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=.ci/env.sh
source "$root/.ci/env.sh"

CARGO_LEPTOS_VERSION=0.3.11
BINARYEN_VERSION=132.0.0
SCHEMATHESIS_VERSION=4.32.5

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  have apt-get || { log "please install with your package manager: ${missing[*]}"; return 1; }
  log "apt-get install ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

debian_wasm_std_installed() {
  ls /usr/lib/rustlib/wasm32-unknown-unknown/lib/libstd-*.rlib >/dev/null 2>&1
}

# Debian's std source compiled once for wasm32 and dropped into Debian's sysroot.
build_debian_wasm_std() {
  apt_install rustc-web cargo-web rust-web-src rust-web-llvm rust-web-clippy lld-22
  debian_wasm_std_installed && return 0
  log "building the wasm32 standard library from Debian's rust source (about a minute)"
  local scratch
  scratch="$(mktemp -d)"
  cp -r /usr/lib/rustlib/src/rust/library "$scratch/"
  (
    cd "$scratch/library"
    # Debian's rustc must compile its own std: rustup's proxies may come first on PATH.
    PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 RUSTFLAGS=-Zforce-unstable-if-unmarked \
      __CARGO_DEFAULT_LIB_METADATA=chef-galaxy-wasm-std CARGO_TARGET_DIR="$scratch/target" \
      /usr/bin/cargo build -q -p sysroot --target wasm32-unknown-unknown --profile dist --locked
  )
  local dest
  dest="$(/usr/bin/rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown/lib"
  mkdir -p "$dest"
  find "$scratch/target/wasm32-unknown-unknown/dist/deps" -name '*.rlib' ! -name 'libsysroot-*' \
    -exec cp {} "$dest/" \;
  rm -rf "$scratch"
}

ensure_wasm_target() {
  if [ "$CHEF_GALAXY_TOOLCHAIN" != none ]; then
    log "wasm32 target: $CHEF_GALAXY_TOOLCHAIN toolchain ($(rustc --version))"
    return 0
  fi
  if have rustup && timeout 30 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
    log "wasm32 target installed with rustup"
  else
    log "rustup cannot download the wasm32 target here; using Debian's rustc-web"
    build_debian_wasm_std
  fi
  source "$root/.ci/env.sh"
  [ "$CHEF_GALAXY_TOOLCHAIN" != none ] || { log "no wasm32 toolchain after setup"; exit 1; }
}

# cargo-leptos 0.3.11's locked dependencies need rustc 1.96: build the tools with Debian's
# toolchain when the project's own is older.
cargo_install() {
  local minor
  minor="$(rustc --version | awk '{split($2, v, "."); print v[2]}')"
  if [ "$minor" -ge 96 ]; then
    cargo install "$@"
  else
    apt_install rustc-web cargo-web
    PATH="/usr/bin:$PATH" cargo install "$@"
  fi
}

ensure_cargo_leptos() {
  if have cargo-leptos && cargo-leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION\$"; then
    return 0
  fi
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (once per machine; ~20 minutes on 2 cores)"
  # no_downloads: it uses the wasm-bindgen and wasm-opt installed below instead of fetching its own.
  cargo_install cargo-leptos --version "=$CARGO_LEPTOS_VERSION" --locked --features no_downloads
}

ensure_wasm_bindgen() {
  local locked
  locked="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
  if have wasm-bindgen && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$locked" ]; then
    return 0
  fi
  log "installing wasm-bindgen-cli $locked (must equal the locked wasm-bindgen)"
  cargo_install wasm-bindgen-cli --version "=$locked" --force
}

# Debian's binaryen 108 silently breaks hydration; npm's current binaryen does not.
ensure_wasm_opt() {
  if have wasm-opt && wasm-opt --version | grep -q "version ${BINARYEN_VERSION%%.*}"; then
    return 0
  fi
  log "installing wasm-opt (npm binaryen@$BINARYEN_VERSION)"
  mkdir -p "$CHEF_GALAXY_TOOLS/binaryen"
  npm install --silent --no-audit --no-fund --prefix "$CHEF_GALAXY_TOOLS/binaryen" "binaryen@$BINARYEN_VERSION"
}

ensure_browser_and_playwright() {
  if [ -z "${CHROMIUM_PATH:-}" ] && ! have chromium && have apt-get; then
    apt_install chromium
  fi
  if [ ! -d "$root/end2end/node_modules/@playwright/test" ] ||
    [ "$root/end2end/package-lock.json" -nt "$root/end2end/node_modules/.package-lock.json" ]; then
    log "installing Playwright (end2end)"
    npm ci --silent --no-audit --no-fund --prefix "$root/end2end"
  fi
  # A machine without Debian's Chromium gets Playwright's own browser.
  if ! have chromium && [ -z "${CHROMIUM_PATH:-}" ]; then
    (cd "$root/end2end" && npx playwright install chromium)
  fi
}

# The API contract fuzzer (end2end/api-contract), pinned, in a virtualenv of its own.
ensure_schemathesis() {
  local venv="$CHEF_GALAXY_TOOLS/schemathesis-venv"
  if [ -x "$venv/bin/st" ] && "$venv/bin/st" --version | grep -q "$SCHEMATHESIS_VERSION"; then
    return 0
  fi
  log "installing schemathesis $SCHEMATHESIS_VERSION"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
}

ensure_wasm_target
ensure_cargo_leptos
ensure_wasm_bindgen
ensure_wasm_opt
ensure_browser_and_playwright
ensure_schemathesis
log "ready: $(rustc --version), cargo-leptos $(cargo-leptos --version | awk '{print $2}'), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | awk '{print $3}')"
