#!/usr/bin/env bash
# Runs Insieme on http://127.0.0.1:3000 with SQLite (./insieme.db): the local demo, in development
# mode (plain-HTTP cookies, the mail page) with demo data loaded into an empty database. With no
# settings at all the server runs in production mode; these two switches are the demo's.
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"
build_site dev
say "Starting Insieme"
export LEPTOS_SITE_ROOT="$SITE"
export INSIEME_DEVELOPMENT="${INSIEME_DEVELOPMENT:-1}"
export INSIEME_DEMO_DATA="${INSIEME_DEMO_DATA:-1}"
exec "$TARGET_DIR/debug/server"
