# fideliza: two commands do everything.
#   make serve   install what is missing, build and serve the app at http://127.0.0.1:8080
#   make test    install what is missing, then run every check (what CI runs)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CHROMIUM ?= /usr/bin/chromium
# The second engine: Firefox ESR through geckodriver (for the browser tests and the
# Firefox end-to-end test). Not exported as GECKODRIVER, which would make
# wasm-bindgen-test-runner pick Firefox for the Chromium run too.
export FIREFOX ?= /usr/bin/firefox-esr
export GECKODRIVER_BIN ?= $(shell command -v geckodriver 2>/dev/null || echo $(HOME)/.cargo/bin/geckodriver)
# Browser tests: wasm-bindgen-test-runner drives headless Chromium through chromedriver,
# with the capabilities in webdriver.json.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner

WASM := --target wasm32-unknown-unknown

.PHONY: serve test setup setup-test fmt-check clippy test-host test-browser build-release size e2e bench bench-browser

serve: setup
	@echo "fideliza: serving at http://127.0.0.1:8080/ (Ctrl-C stops)"
	trunk serve --offline

test: setup-test fmt-check clippy test-host test-browser build-release size e2e
	@echo "fideliza: every check passed"

setup:
	scripts/setup.sh build

setup-test:
	scripts/setup.sh test

fmt-check:
	cargo fmt --all --check

clippy:
	cargo clippy --all-targets -- -D warnings
	cargo clippy $(WASM) --lib --bins --test web -- -D warnings

test-host:
	cargo test --release

test-browser:
	cargo test $(WASM) --test web
	GECKODRIVER="$(GECKODRIVER_BIN)" GECKODRIVER_ARGS="--binary $(FIREFOX)" cargo test $(WASM) --test web

build-release:
	trunk build --release --offline

size:
	@for wasm in dist/*.wasm; do \
		echo "fideliza: release wasm $$(basename $$wasm): $$(stat -c %s $$wasm) bytes, $$(gzip -9 -c $$wasm | wc -c) bytes gzipped"; \
	done

# The release build, served under /fideliza/ as GitHub Pages serves a project site, in
# Chromium (playwright-core) and Firefox (W3C WebDriver through geckodriver).
e2e:
	GECKODRIVER="$(GECKODRIVER_BIN)" node --test tests/e2e/

bench-browser: build-release
	node tests/e2e/bench.mjs

bench:
	cargo run --release --bin fideliza -- bench
