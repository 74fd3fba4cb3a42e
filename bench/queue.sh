#!/usr/bin/env bash
# Secretariat figures: the queue's server function with each filter (p50/p95) at 100 000 and
# 1 000 000 generated applicants, and concurrent booking of one interview slot, on SQLite and, when
# a server answers at 127.0.0.1:5432, PostgreSQL. Release build; prints figures, asserts nothing.
# SIZES="100000 1000000" and REQUESTS=50 change the load.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/tools.sh"
cd "$ROOT"
SIZES="${SIZES:-100000 1000000}"
REQUESTS="${REQUESTS:-50}"
say "Release build"
# The queue is timed through its server function: the browser bundle (and wasm-opt) is not needed.
cargo build --release -p server --bin server >/dev/null
cargo build --release -p loadtest --bin queuebench >/dev/null
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
WORK="$(mktemp -d)"
PORT=3918
BASE="http://127.0.0.1:$PORT"

SERVER=""
# A server left running (a run stopped half-way) would answer in place of the new one.
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

nproc_line="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "machine: $nproc_line"
for n in $SIZES; do
  echo
  echo "SQLite, $n applicants"
  rm -f "$WORK"/q.db*
  start "sqlite://$WORK/q.db"
  "$TARGET_DIR/release/queuebench" "$BASE" "sqlite://$WORK/q.db" "$n" "$REQUESTS" | sed 's/^/  /'
  stop
  if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
    echo
    echo "PostgreSQL, $n applicants"
    DB="insieme_queue_$$_$n"
    psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $DB"
    start "postgres://postgres@127.0.0.1:5432/$DB"
    "$TARGET_DIR/release/queuebench" "$BASE" "postgres://postgres@127.0.0.1:5432/$DB" "$n" "$REQUESTS" | sed 's/^/  /'
    stop
    psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE $DB"
  else
    echo "PostgreSQL skipped: no server at 127.0.0.1:5432"
  fi
done
rm -rf "$WORK"
