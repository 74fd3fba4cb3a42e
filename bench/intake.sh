#!/usr/bin/env bash
# Intake figures: (a) bytes sent before the landing page and the first questionnaire step are
# usable; (b) submissions through the real server against raw sqlx inserts, on SQLite and, when a
# server answers at 127.0.0.1:5432, PostgreSQL. Release build; prints figures, asserts nothing.
# BUILD=0 measures what the last release build left.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/tools.sh"
cd "$ROOT"
SUBMITTERS="${SUBMITTERS:-200}"
ROUNDS="${ROUNDS:-5}"
if ! command -v wasm-opt >/dev/null; then
  say "Installing wasm-opt (npm package binaryen) under bench/node_modules"
  (cd bench && npm install --no-audit --no-fund --loglevel=error --no-save binaryen@132.0.0)
  export PATH="$ROOT/bench/node_modules/.bin:$PATH"
fi
if [ "${BUILD:-1}" = 1 ]; then
  say "Release build"
  build_site release >/dev/null
  cargo build --release -p loadtest >/dev/null
fi
WORK="$(mktemp -d)"
PORT=3917
BASE="http://127.0.0.1:$PORT"

start() {
  LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT="$ROOT/target/site" DATABASE_URL="$1" INSIEME_BASE_URL="$BASE" \
    INSIEME_DEVELOPMENT=1 INSIEME_DEMO_DATA=0 INSIEME_TRUSTED_PROXIES=127.0.0.1 RUST_LOG=error "$TARGET_DIR/release/server" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 50); do curl -fs "$BASE/" >/dev/null && return; sleep 0.2; done
  echo "server did not start"; cat "$WORK/server.log"; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; }

size() { curl -s -o /dev/null -H 'accept-encoding: br, gzip' -w '%{size_download}' "$BASE$1"; }

start "sqlite://$WORK/bytes.db"
echo
echo "(a) bytes sent, compressed (br), Chromium-like request"
land=$(size /); apply=$(size /apply); css=$(size /pkg/insieme.css)
js=$(size /pkg/applicant.js); wasm=$(size /pkg/applicant_bg.wasm)
staff_js=$(size /pkg/insieme.js); staff_wasm=$(size /pkg/insieme_bg.wasm)
printf '  landing page:        HTML %6d + CSS %6d = %6d bytes\n' "$land" "$css" $((land + css))
printf '  first step (/apply): HTML %6d + CSS %6d = %6d bytes\n' "$apply" "$css" $((apply + css))
printf '  applicant pages: WASM %7d + JS %6d = %7d bytes (the page is usable before they arrive)\n' "$wasm" "$js" $((wasm + js))
printf '  staff pages:     WASM %7d + JS %6d = %7d bytes (the Leptos client, desktops)\n' "$staff_wasm" "$staff_js" $((staff_wasm + staff_js))
stop

run_backend() {
  echo
  echo "(b) $1: $SUBMITTERS submitters x $ROUNDS rounds"
  start "$2"
  "$TARGET_DIR/release/loadtest" "$BASE" "$3" "$SUBMITTERS" "$ROUNDS" | sed 's/^/  /'
  stop
}
run_backend "SQLite" "sqlite://$WORK/server.db" "sqlite://$WORK/raw.db?mode=rwc"
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
  DB="insieme_bench_$$"
  psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE ${DB}_server" -c "CREATE DATABASE ${DB}_raw"
  run_backend "PostgreSQL" "postgres://postgres@127.0.0.1:5432/${DB}_server" "postgres://postgres@127.0.0.1:5432/${DB}_raw"
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE ${DB}_server" -c "DROP DATABASE ${DB}_raw"
else
  echo "(b) PostgreSQL skipped: no server at 127.0.0.1:5432"
fi
rm -rf "$WORK"
