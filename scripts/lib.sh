# shellcheck shell=bash
# Shared by scripts/setup, scripts/serve, scripts/test and scripts/bundle-size: source it,
# do not run it. It defines where things are and puts the project's tools on PATH.

# Repository root, whatever directory the calling script was started from.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E_DIR="$ROOT/tests/e2e"

# Chromium and its driver come from Debian (scripts/setup installs them).
# shellcheck disable=SC2034 # used by the scripts that source this file
CHROMIUM=/usr/bin/chromium
CHROMEDRIVER_BIN=/usr/bin/chromedriver

# Puts cargo-installed tools (trunk, wasm-bindgen, wasm-bindgen-test-runner) and the npm
# binaryen's wasm-opt (the version Trunk.toml pins) first on PATH, and tells
# wasm-bindgen-test-runner which WebDriver to drive headless Chromium with.
verify_env() {
    export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$E2E_DIR/node_modules/.bin:$PATH"
    export CHROMEDRIVER="$CHROMEDRIVER_BIN"
}

# The exact version of a package pinned in Cargo.lock, e.g. `lock_version wasm-bindgen`.
lock_version() {
    awk -v name="$1" '
        $0 == "name = \"" name "\"" { found = 1; next }
        found && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' "$ROOT/Cargo.lock"
}

# The value of `key = "value"` in Trunk.toml, e.g. `trunk_setting wasm_opt`.
trunk_setting() {
    sed -n "s/^$1 *= *\"\\(.*\\)\"/\\1/p" "$ROOT/Trunk.toml" | head -n 1
}
