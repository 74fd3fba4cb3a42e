#!/usr/bin/env bash
# Tutor figures: (a) bytes sent before the tutor's "today" page is usable (compressed HTML + CSS; it
# works without its client, which comes after) against the 30 KB budget of the applicant pages;
# (b) p50/p95 of that page and of its server function through the real server with TRAINEESHIPS
# (default 100 000) traineeships in the database; (c) 500 notes queued offline sent at once, then
# all again (the answers lost): stored, duplicates, lost. SQLite and, when a server answers at
# 127.0.0.1:5432, PostgreSQL. Release build of the server; the page's style sheet is the one in
# target/site. Prints figures, asserts nothing. BUILD=0 reuses the last release build.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/tools.sh"
cd "$ROOT"
TRAINEESHIPS="${TRAINEESHIPS:-100000}"
REQUESTS="${REQUESTS:-200}"
if [ "${BUILD:-1}" = 1 ]; then
  say "Release build"
  cargo build --release -p server --bin server >/dev/null
  cargo build --release -p loadtest --bin tutorbench >/dev/null
fi
[ -f "$ROOT/target/site/pkg/insieme.css" ] || build_site dev >/dev/null
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
WORK="$(mktemp -d)"
PORT=3919
BASE="http://127.0.0.1:$PORT"
TOKEN="bench-tutor-session-token-0123456789abcdef"
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
if curl -fs "$BASE/" >/dev/null; then echo "port $PORT is taken: stop what runs there first"; exit 1; fi

start() {
  LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT="$ROOT/target/site" DATABASE_URL="$1" INSIEME_BASE_URL="$BASE" \
    INSIEME_DEVELOPMENT=1 INSIEME_DEMO_DATA=0 INSIEME_TRUSTED_PROXIES=127.0.0.1 RUST_LOG=error "$TARGET_DIR/release/server" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do
    kill -0 "$SERVER" 2>/dev/null || { echo "server exited"; cat "$WORK/server.log"; exit 1; }
    curl -fs "$BASE/" >/dev/null && return
    sleep 0.2
  done
  echo "server did not start"; cat "$WORK/server.log"; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
size() { curl -s -o /dev/null -H 'accept-encoding: br, gzip' -H "cookie: insieme_staff=$TOKEN" -w '%{size_download}' "$BASE$1"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo
echo "SQLite, $TRAINEESHIPS traineeships"
start "sqlite://$WORK/t.db"
"$TARGET_DIR/release/tutorbench" "$BASE" "sqlite://$WORK/t.db" "$TRAINEESHIPS" "$REQUESTS" | sed 's/^/  /'
page=$(size /staff/tutor); css=$(size /pkg/insieme.css)
js=$(size /pkg/insieme.js); wasm=$(size /pkg/insieme_bg.wasm)
echo "  bytes before usable (br): page $page + style sheet $css = $((page + css)) (budget 30 720)"
echo "  after, for the offline queue: staff client JS $js + WASM $wasm (as built in target/site; bench/intake.sh measures the release client)"
stop
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
  echo
  echo "PostgreSQL, $TRAINEESHIPS traineeships"
  DB="insieme_tutor_$$"
  psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $DB"
  start "postgres://postgres@127.0.0.1:5432/$DB"
  "$TARGET_DIR/release/tutorbench" "$BASE" "postgres://postgres@127.0.0.1:5432/$DB" "$TRAINEESHIPS" "$REQUESTS" | sed 's/^/  /'
  stop
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE $DB"
else
  echo "PostgreSQL skipped: no server at 127.0.0.1:5432"
fi
