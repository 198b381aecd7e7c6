# Encours — `make serve` to run the app, `make test` to run everything.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# Builds live outside the clone so repeated runs on one machine reuse them; nothing depends on it.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/encours-target
export CHROMEDRIVER ?= /usr/bin/chromedriver
PORT ?= 8080

.PHONY: setup build build-pages build-bench bench serve test test-native test-browser test-e2e size bench-core screenshots fmt lint clean

setup:
	@bash scripts/setup.sh

## The app at the site root (for `make serve`).
build: setup
	trunk build --release --public-url / --dist dist
	bash tools/engine.sh dist
	node tools/postbuild.mjs dist

## The GitHub Pages build, served under /encours/ (what the end-to-end tests run against).
build-pages: setup
	trunk build --release --public-url /encours/ --dist dist-pages
	bash tools/engine.sh dist-pages
	node tools/postbuild.mjs dist-pages

## The benchmark page next to the Pages build (dist-pages/bench/); never linked from the app.
build-bench: build-pages
	trunk build bench/index.html --release --public-url /encours/bench/ --dist dist-pages/bench

## In-browser benchmarks (Encours vs Papa Parse, IndexedDB, cold start, 1M rows) → BENCHMARKS.md,
## with every page opened at 100k (longtasks.spec.js: fails the bench above 100 ms per task).
bench: build-bench
	node tools/bench.mjs

serve: build
	node tools/serve.mjs dist / $(PORT)

## Everything: format, lint, native, browser and end-to-end tests, size budget.
test: setup
	@bash scripts/test.sh

test-native:
	cargo test --workspace

test-browser:
	cargo test --target wasm32-unknown-unknown --profile browser-test --test store -- --nocapture

test-e2e: build-pages
	npx playwright test

size:
	@node tools/size.mjs dist-pages

## Every page with the demo data, desktop and 390 px wide → docs/screenshots (shown in README.md).
screenshots: build-pages
	node tools/screenshots.mjs

## Criterion benchmarks of the core; figures go to BENCHMARKS.md ("Native core").
bench-core:
	cargo bench -p encours-core --bench core

fmt:
	cargo fmt --all

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p encours-app --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p encours-engine -p encours-store --all-targets -- -D warnings

clean:
	rm -rf dist dist-pages test-results playwright-report
