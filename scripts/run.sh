#!/usr/bin/env bash
# Runs Insieme on http://127.0.0.1:3000 with SQLite (./insieme.db) and demo data on first start.
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"
say "Building and starting Insieme (the first build takes a few minutes)"
exec cargo leptos serve
