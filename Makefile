# Chef Galaxy. `make run` to use the app, `make test` to check everything.
# Every target sets up what it needs first (.ci/setup.sh skips what is already installed).

SHELL := /bin/bash
TOOLCHAIN := source .ci/env.sh &&
RELEASE_SERVER := $(or $(CARGO_TARGET_DIR),target)/release/server

.PHONY: setup build run test test-rust test-e2e test-api lint fmt bench-web

setup:
	@bash .ci/setup.sh

## Release build: the server binary and the size-optimised WASM bundle with brotli and gzip
## copies of every site file (served as they are), then the bundle's size.
build: setup
	bash .ci/vendor.sh
	$(TOOLCHAIN) cargo leptos build --release --precompress --split
	@bash .ci/wasm-size.sh

## Builds, migrates, seeds demo data and serves http://127.0.0.1:3000 on a SQLite file in ./data.
run: build
	$(RELEASE_SERVER) migrate
	$(RELEASE_SERVER) seed
	LEPTOS_ENV=PROD $(RELEASE_SERVER) serve

## Every test: formatting and lints, unit and integration tests (SQLite and PostgreSQL),
## then the browser tests in Chromium and the fuzzed API contract against a release build.
test: setup lint test-rust build test-e2e test-api

lint:
	$(TOOLCHAIN) cargo fmt --all --check
	$(TOOLCHAIN) cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
	$(TOOLCHAIN) cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

test-rust:
	$(TOOLCHAIN) cargo test --workspace --exclude frontend

test-e2e:
	$(TOOLCHAIN) cd end2end && npx playwright test

## schemathesis against the OpenAPI document of a seeded release server (end2end/api-contract).
test-api:
	$(TOOLCHAIN) bash end2end/api-contract/run.sh

## Not a test: the home page, a search and a chef page loaded cold and warm in Chromium with a
## 4x slower CPU and a 1.6 Mbit/s, 150 ms link; prints bytes transferred and time to interactive.
bench-web: build
	$(TOOLCHAIN) bash end2end/bench-web.sh

fmt:
	$(TOOLCHAIN) cargo fmt --all
