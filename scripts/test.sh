#!/usr/bin/env bash
# Runs every test: unit and storage tests (SQLite, and PostgreSQL when a server is reachable),
# then the browser tests in Chromium against the real server.
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"

# PostgreSQL: INSIEME_TEST_POSTGRES names a server (each test creates and drops its own database);
# otherwise the local one is used when it answers.
if [ -z "${INSIEME_TEST_POSTGRES:-}" ]; then
  if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
    export INSIEME_TEST_POSTGRES="postgres://postgres@127.0.0.1:5432"
  fi
fi
if [ -n "${INSIEME_TEST_POSTGRES:-}" ]; then
  say "Storage tests run on SQLite and on PostgreSQL (${INSIEME_TEST_POSTGRES})"
else
  say "SKIPPING the PostgreSQL storage suite: no server at 127.0.0.1:5432 (set INSIEME_TEST_POSTGRES to use one). SQLite runs."
fi

say "Lints (clippy, warnings are errors)"
cargo clippy --workspace --exclude frontend --features app/ssr --all-targets -- -D warnings
cargo clippy -p frontend -p applicant --target wasm32-unknown-unknown -- -D warnings

say "Unit and storage tests"
cargo test --workspace --features app/ssr --exclude frontend --exclude loadtest

build_site dev

export INSIEME_SERVER_BIN="$TARGET_DIR/debug/server"
export LEPTOS_SITE_ROOT="$SITE"

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing Chromium from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is needed for the browser tests: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
say "Browser tests (Chromium)"
cd end2end
npm ci --no-audit --no-fund --loglevel=error
npm test
