#!/usr/bin/env bash
# The engine's worker (crates/engine) next to Trunk's build of the page: compiled for speed
# (the `engine` profile, opt-level 3, then wasm-opt -O3), bound by wasm-bindgen for a classic
# worker (no-modules), its files named by their content's hash, and the page told where its
# loader is (the `encours-engine` meta of index.html). Run before tools/postbuild.mjs, which
# lists these files in the service worker's cache.
# Usage: bash tools/engine.sh DIST
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:?usage: tools/engine.sh DIST}
target=${CARGO_TARGET_DIR:-target}
# SIMD (simd128) is not enabled: measured no better (2026-12-03, 100k aging + KPIs in the worker,
# three alternating rounds: medians 16 / 9.6 / 9.5 ms without, 9.6 / 16 / 13 ms with; the host's noise).
cargo build --profile engine --target wasm32-unknown-unknown -p encours-engine
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target no-modules --no-typescript --out-dir "$tmp" --out-name engine \
  "$target/wasm32-unknown-unknown/engine/encours_engine.wasm"
wasm-opt -O3 "$tmp/engine_bg.wasm" -o "$tmp/engine_bg.wasm"
hash=$(cat "$tmp/engine.js" "$tmp/engine_bg.wasm" | sha256sum | cut -c1-16)
rm -f "$dist"/engine-*.js "$dist"/engine-*_bg.wasm
cp "$tmp/engine.js" "$dist/engine-$hash.js"
cp "$tmp/engine_bg.wasm" "$dist/engine-${hash}_bg.wasm"
page="$dist/index.html"
meta='name="encours-engine" content="\(__ENGINE_WORKER__\|engine-worker-[0-9a-f]*\.js\)"'
grep -q "$meta" "$page" || { echo "engine meta missing in $page" >&2; exit 1; }
sed -i "s/$meta/name=\"encours-engine\" content=\"engine-worker-$hash.js\"/" "$page"
sed -e "s/__ENGINE__/engine-$hash/g" public/engine-worker.js > "$dist/engine-worker-$hash.js"
echo "engine: engine-worker-$hash.js, $(stat -c %s "$dist/engine-${hash}_bg.wasm") bytes of wasm"
