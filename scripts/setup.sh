#!/usr/bin/env bash
# Installs what building, serving and testing fideliza need, skipping whatever is
# already present at the right version. Only package registries are used: crates.io
# (cargo install), Debian's archive (apt-get) and the npm registry (npm ci).
#
#   scripts/setup.sh build   wasm32 target, trunk, wasm-bindgen-cli, wasm-opt (binaryen,
#                            from the npm registry into tools/node_modules)
#   scripts/setup.sh test    the above, plus Chromium, ChromeDriver, Firefox ESR, geckodriver
#                            and the e2e packages (playwright-core, axe-core)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
# geckodriver (crates.io) drives Debian's Firefox ESR for the second-engine tests.
GECKODRIVER_VERSION=0.37.1
# The CLI must match the wasm-bindgen crate exactly: read the pin from Cargo.toml.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "setup: no exact wasm-bindgen pin in Cargo.toml" >&2; exit 1; }

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# cargo install, first with the crate's own lock file; the registry mirror can lag
# behind a lock file's newest versions, so fall back to a fresh resolution.
cargo_install() {
    cargo install --locked "$@" || cargo install "$@"
}

ensure_wasm_target() {
    if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "wasm32-unknown-unknown target present"
    else
        say "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
}

ensure_trunk() {
    if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
        say "trunk $TRUNK_VERSION present"
    else
        say "installing trunk $TRUNK_VERSION (about 15 minutes on 2 cores)"
        cargo_install "trunk@$TRUNK_VERSION"
    fi
}

ensure_wasm_bindgen() {
    if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] \
        && command -v wasm-bindgen-test-runner >/dev/null; then
        say "wasm-bindgen-cli $WASM_BINDGEN_VERSION present"
    else
        say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 8 minutes on 2 cores)"
        cargo_install "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
    fi
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=no
apt_install() {
    if [ "$apt_updated" = no ]; then
        as_root apt-get update -qq
        apt_updated=yes
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_chromium() {
    # CHROMIUM / CHROMEDRIVER may point at another Chromium build (e.g. on a hosted CI runner).
    if [ -x "${CHROMIUM:-/usr/bin/chromium}" ] && [ -x "${CHROMEDRIVER:-/usr/bin/chromedriver}" ]; then
        say "chromium and chromedriver present"
    else
        say "installing Debian's chromium and chromium-driver"
        apt_install chromium chromium-driver
    fi
}

ensure_firefox() {
    # FIREFOX may point at another Firefox build (e.g. on a hosted CI runner).
    if [ -x "${FIREFOX:-/usr/bin/firefox-esr}" ]; then
        say "firefox present"
    else
        say "installing Debian's firefox-esr"
        apt_install firefox-esr
    fi
}

ensure_geckodriver() {
    if [ -n "${GECKODRIVER_BIN:-}" ] && [ -x "$GECKODRIVER_BIN" ]; then
        say "geckodriver present at $GECKODRIVER_BIN"
    elif [ "$(geckodriver --version 2>/dev/null | head -n 1 | cut -d' ' -f1-2)" = "geckodriver $GECKODRIVER_VERSION" ]; then
        say "geckodriver $GECKODRIVER_VERSION present"
    else
        say "installing geckodriver $GECKODRIVER_VERSION (about 3 minutes on 2 cores)"
        cargo_install "geckodriver@$GECKODRIVER_VERSION"
    fi
}

ensure_npm() {
    if ! command -v npm >/dev/null; then
        say "installing Debian's nodejs and npm"
        apt_install nodejs npm
    fi
}

# wasm-opt for release builds: binaryen from the npm registry (Debian's binaryen is too
# old for this rustc's output), pinned in tools/package-lock.json. Trunk --offline only
# looks for wasm-opt on PATH: the Makefile puts tools/node_modules/.bin there.
ensure_wasm_opt() {
    ensure_npm
    local stamp=tools/node_modules/.package-lock.json
    if [ -f "$stamp" ] && [ ! tools/package-lock.json -nt "$stamp" ] \
        && [ -x tools/node_modules/.bin/wasm-opt ]; then
        say "wasm-opt (binaryen $(sed -n 's/.*"binaryen": "\(.*\)".*/\1/p' tools/package.json)) present"
    else
        say "installing wasm-opt (binaryen) from the npm registry"
        (cd tools && npm ci --no-audit --no-fund)
    fi
}

ensure_node_packages() {
    ensure_npm
    local stamp=tests/e2e/node_modules/.package-lock.json
    if [ -f "$stamp" ] && [ ! tests/e2e/package-lock.json -nt "$stamp" ]; then
        say "end-to-end test packages present"
    else
        say "installing the end-to-end test packages from the npm registry"
        (cd tests/e2e && npm ci --no-audit --no-fund)
    fi
}

case "${1:-build}" in
    build)
        ensure_wasm_target
        ensure_wasm_bindgen
        ensure_trunk
        ensure_wasm_opt
        ;;
    test)
        ensure_wasm_target
        ensure_wasm_bindgen
        ensure_trunk
        ensure_wasm_opt
        ensure_chromium
        ensure_firefox
        ensure_geckodriver
        ensure_node_packages
        ;;
    *)
        echo "usage: scripts/setup.sh [build|test]" >&2
        exit 2
        ;;
esac
