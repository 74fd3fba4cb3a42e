#!/usr/bin/env bash
# Company-board figures: ranking one position against 100 000 candidates and one candidate against
# 10 000 positions (p50/p95/max), in process through the functions the server functions call, on
# SQLite and, when a server answers at 127.0.0.1:5432, PostgreSQL. Release build; prints figures,
# asserts nothing. CANDIDATES, POSITIONS and RUNS change the load.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/tools.sh"
cd "$ROOT"
CANDIDATES="${CANDIDATES:-100000}"
POSITIONS="${POSITIONS:-10000}"
RUNS="${RUNS:-30}"
say "Release build"
cargo build --release -p loadtest --bin matchbench >/dev/null
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
WORK="$(mktemp -d)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo
echo "SQLite"
"$TARGET_DIR/release/matchbench" "sqlite://$WORK/m.db" "$CANDIDATES" "$POSITIONS" "$RUNS" | sed 's/^/  /'
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
  echo
  echo "PostgreSQL"
  DB="insieme_match_$$"
  psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $DB"
  "$TARGET_DIR/release/matchbench" "postgres://postgres@127.0.0.1:5432/$DB" "$CANDIDATES" "$POSITIONS" "$RUNS" | sed 's/^/  /'
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE $DB"
else
  echo "PostgreSQL skipped: no server at 127.0.0.1:5432"
fi
rm -rf "$WORK"
