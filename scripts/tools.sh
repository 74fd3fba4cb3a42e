# Installs what the build needs and a fresh machine lacks. Sourced by run.sh and test.sh.
# Only Rust (rustup) and Debian's packages are assumed; every step says what it does.
set -euo pipefail

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
LEPTOS_VERSION="0.3.10"
# The CLI must be the very version of the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock")"

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  say "Adding the WebAssembly target to Rust"
  rustup target add wasm32-unknown-unknown
fi
if ! cargo leptos --version 2>/dev/null | grep -q "$LEPTOS_VERSION"; then
  say "Installing cargo-leptos $LEPTOS_VERSION (once, about 10 minutes)"
  cargo install cargo-leptos --version "$LEPTOS_VERSION" --locked
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (once, a few minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Where cargo puts what it builds (CARGO_TARGET_DIR, or ./target).
TARGET_DIR="$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"

# The applicant pages' own small client (frontend/applicant). cargo-leptos empties the site folder
# when it builds, so this runs after `cargo leptos build`. Argument: dev (default) or release.
build_applicant_client() {
  local mode="${1:-dev}" profile=dev out=debug
  if [ "$mode" = release ]; then profile=wasm-release; out=wasm-release; fi
  say "Building the applicant pages' client ($mode)"
  cargo build -p applicant --lib --target wasm32-unknown-unknown --profile "$profile"
  mkdir -p "$ROOT/target/site/pkg"
  wasm-bindgen --target web --no-typescript --out-dir "$ROOT/target/site/pkg" --out-name applicant \
    "$TARGET_DIR/wasm32-unknown-unknown/$out/applicant.wasm"
  if [ "$mode" = release ] && command -v wasm-opt >/dev/null; then
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$ROOT/target/site/pkg/applicant_bg.wasm" -o "$ROOT/target/site/pkg/applicant_bg.wasm"
  fi
}
