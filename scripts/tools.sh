# Installs what the build needs and a fresh machine lacks, and builds the site. Sourced by run.sh,
# test.sh and the benchmarks. Only Rust (rustup) and Debian's packages are assumed; every step says
# what it does. cargo-leptos is not needed: the browser clients are built with cargo for the wasm
# target and wasm-bindgen (cargo-leptos stays an option for `cargo leptos watch`).
set -euo pipefail

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
# The CLI must be the very version of the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock")"

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  say "Adding the WebAssembly target to Rust"
  rustup target add wasm32-unknown-unknown
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (once, about 4 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Where cargo puts what it builds (CARGO_TARGET_DIR, or ./target).
TARGET_DIR="$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
# What the server serves: the two browser clients, the style sheet and public files. Always under
# the project (target/site), wherever cargo builds.
SITE="$ROOT/target/site"

# One browser client: cargo for the wasm target, then wasm-bindgen (and wasm-opt in release, when
# it is installed). Arguments: package, output name, dev or release.
build_client() {
  local package="$1" name="$2" mode="${3:-dev}" profile=dev out=debug
  if [ "$mode" = release ]; then profile=wasm-release; out=wasm-release; fi
  cargo build -p "$package" --lib --target wasm32-unknown-unknown --profile "$profile"
  mkdir -p "$SITE/pkg"
  wasm-bindgen --target web --no-typescript --out-dir "$SITE/pkg" --out-name "$name" \
    "$TARGET_DIR/wasm32-unknown-unknown/$out/$package.wasm"
  if [ "$mode" = release ] && command -v wasm-opt >/dev/null; then
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$SITE/pkg/${name}_bg.wasm" -o "$SITE/pkg/${name}_bg.wasm"
  fi
}

# The applicant pages' own small client (frontend/applicant). `cargo leptos build` empties the site
# folder, so after it this puts the client back. Argument: dev (default) or release.
build_applicant_client() {
  say "Building the applicant pages' client (${1:-dev})"
  build_client applicant applicant "${1:-dev}"
}

# Everything the server needs: the server itself, the staff and company pages' Leptos client, the
# applicant client, the style sheet and public files. Argument: dev (default) or release.
build_site() {
  local mode="${1:-dev}" release=()
  if [ "$mode" = release ]; then release=(--release); fi
  say "Building the server ($mode)"
  cargo build -p server "${release[@]}"
  say "Building the staff and company pages' client ($mode)"
  build_client frontend insieme "$mode"
  build_applicant_client "$mode"
  cp "$ROOT/style/main.css" "$SITE/pkg/insieme.css"
  cp -R "$ROOT/public/." "$SITE/"
}
