#!/usr/bin/env bash
# Runs every test and prints the counts: native, browser (wasm-bindgen-test in headless
# Chromium), end-to-end (Playwright against the /encours/ release build), plus the size budget.
set -uo pipefail
cd "$(dirname "$0")/.."
LOG=$(mktemp -d)
fail=0
passed_native=0 failed_native=0 passed_browser=0 failed_browser=0 passed_e2e=0 failed_e2e=0

count() { # FILE -> "passed failed" summed over cargo's "test result:" lines
  awk '/test result:/ { for (i=1;i<=NF;i++) { if ($(i+1) ~ /^passed/) p+=$i; if ($(i+1) ~ /^failed/) f+=$i } } END { print p+0, f+0 }' "$1"
}
run() { echo; echo "== $*"; "$@"; }

run cargo fmt --all -- --check || fail=1
run cargo clippy --workspace --all-targets -- -D warnings || fail=1
run cargo clippy --target wasm32-unknown-unknown -p encours-app --all-targets -- -D warnings || fail=1
run cargo clippy --target wasm32-unknown-unknown -p encours-engine -p encours-store --all-targets -- -D warnings || fail=1

echo; echo "== native tests"
PROPTEST_CASES=${PROPTEST_CASES:-256} FUZZ_CASES=${FUZZ_CASES:-5000} cargo test --workspace 2>&1 | tee "$LOG/native.txt"
[ "${PIPESTATUS[0]}" = 0 ] || fail=1
read -r passed_native failed_native < <(count "$LOG/native.txt")

echo; echo "== browser tests (wasm-bindgen-test, headless Chromium)"
cargo test --target wasm32-unknown-unknown --profile browser-test --test store -- --nocapture 2>&1 | tee "$LOG/browser.txt"
[ "${PIPESTATUS[0]}" = 0 ] || fail=1
read -r passed_browser failed_browser < <(count "$LOG/browser.txt")
grep -h "STORE-TIMINGS" "$LOG/browser.txt" || true

echo; echo "== release build under /encours/"
if make --no-print-directory build-pages; then
  node tools/size.mjs dist-pages || fail=1
  echo; echo "== the sync tests' CouchDB-protocol server (tools/couch.mjs)"
  node tests/sync/couch_smoke.mjs || fail=1
  echo; echo "== end-to-end tests (Playwright, system Chromium)"
  PLAYWRIGHT_JSON_OUTPUT_NAME="$LOG/e2e.json" npx playwright test --reporter=list,json 2>&1 | tee "$LOG/e2e.txt"
  [ "${PIPESTATUS[0]}" = 0 ] || fail=1
  if [ -f "$LOG/e2e.json" ]; then
    read -r passed_e2e failed_e2e < <(node -e 'const s=require(process.argv[1]).stats; console.log(s.expected, s.unexpected + s.flaky)' "$LOG/e2e.json")
  else
    failed_e2e=1
  fi
else
  fail=1
fi

passed=$((passed_native + passed_browser + passed_e2e))
failed=$((failed_native + failed_browser + failed_e2e))
echo
echo "native:  $passed_native passed, $failed_native failed"
echo "browser: $passed_browser passed, $failed_browser failed"
echo "e2e:     $passed_e2e passed, $failed_e2e failed"
if [ "$fail" != 0 ] && [ "$failed" = 0 ]; then failed=1; echo "(format, lint, build or size budget failed)"; fi
echo "$passed passed, $failed failed"
[ "$fail" = 0 ] && [ "$failed" = 0 ]
