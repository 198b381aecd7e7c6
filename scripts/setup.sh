#!/usr/bin/env bash
# Installs what the build and the tests need, at pinned versions, skipping what is already
# there. Only package registries are used (crates.io, npm, Debian): no prebuilt downloads.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen locked in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
BINARYEN_VERSION=123

step() { printf '\n== %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  step "trunk $TRUNK_VERSION (cargo install, a few minutes)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  step "wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo install)"
  # --locked fails for this version (its lockfile names a crate version the registry lacks).
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
  step "chromium and chromedriver (Debian)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium chromium-driver
fi

if [ ! -d node_modules ] || ! node -e "require('./node_modules/binaryen/package.json')" 2>/dev/null \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm dev dependencies (package-lock.json)"
  npm ci --no-audit --no-fund
fi

# wasm-opt from npm's binaryen, on PATH for trunk (Makefile adds node_modules/.bin).
if ! node_modules/.bin/wasm-opt --version | grep -q "version_$BINARYEN_VERSION"; then
  echo "binaryen $BINARYEN_VERSION expected in node_modules" >&2
  exit 1
fi
echo "setup: ok (trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, wasm-opt $BINARYEN_VERSION, $(/usr/bin/chromium --version 2>/dev/null))"
