#!/usr/bin/env bash
# Runs Insieme on http://127.0.0.1:3000 with SQLite (./insieme.db) and demo data on first start.
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"
say "Building Insieme (the first build takes a few minutes)"
cargo leptos build
build_applicant_client dev
say "Starting Insieme"
export LEPTOS_SITE_ROOT="$ROOT/target/site"
exec "$TARGET_DIR/debug/server"
