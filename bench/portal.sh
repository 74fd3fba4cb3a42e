#!/usr/bin/env bash
# Company area figures: bytes sent before its pages are usable (compressed HTML + CSS; they work
# without their small client, which comes after), against the 30 KB budget of applicant pages, and
# what the small client and the staff client weigh. The company contact signs in as a phone would:
# a one-time link from the development mail page. Demo data, development mode.
# MODE=release measures a release build (wasm-opt'd clients); BUILD=0 measures what is built.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/tools.sh"
cd "$ROOT"
MODE="${MODE:-dev}"
OUT=debug
[ "$MODE" = release ] && OUT=release
if [ "${BUILD:-1}" = 1 ]; then
  say "Building ($MODE)"
  build_site "$MODE" >/dev/null
fi
WORK="$(mktemp -d)"
PORT=3918
BASE="http://127.0.0.1:$PORT"
LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT="$SITE" DATABASE_URL="sqlite://$WORK/portal.db" \
  INSIEME_BASE_URL="$BASE" INSIEME_DEVELOPMENT=1 INSIEME_DEMO_DATA=1 RUST_LOG=error \
  "$TARGET_DIR/$OUT/server" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do curl -fs "$BASE/" >/dev/null && break; sleep 0.2; done

JAR="$WORK/jar"
post() { curl -s -o /dev/null -b "$JAR" -c "$JAR" -H "origin: $BASE" -H 'accept: text/html' -X POST "$@"; }
size() { curl -s -o /dev/null -b "$JAR" -H 'accept-encoding: br, gzip' -w '%{size_download}' "$BASE$1"; }
usable() { # path: prints HTML + CSS = total
  local html css
  html=$(size "$1"); css=$(size /pkg/insieme.css)
  printf '%6d + %6d = %6d bytes' "$html" "$css" $((html + css))
}

echo
echo "Company area, bytes sent compressed (br) before usable: HTML + CSS (budget 30 720)"
printf '  sign-in form (/company/login): %s\n' "$(usable /company/login)"
post --data 'email=azienda@insieme.demo' "$BASE/api/request_company_link"
LINK=$(curl -s "$BASE/dev/mail" | grep -o "$BASE/company/link/[0-9a-f]*" | head -1)
[ -n "$LINK" ] || { echo "no sign-in link on /dev/mail"; cat "$WORK/server.log"; exit 1; }
curl -s -o /dev/null -b "$JAR" -c "$JAR" "$LINK"
printf '  sign-in button (/company/signin): %s\n' "$(usable /company/signin)"
post "$BASE/api/company_sign_in"
grep -q insieme_staff "$JAR" || { echo "not signed in"; cat "$WORK/server.log"; exit 1; }
printf '  portal, signed in (/company):     %s\n' "$(usable /company)"
if curl -s -b "$JAR" "$BASE/company" | grep -q 'insieme_bg.wasm\|/pkg/insieme.js'; then
  echo "  the portal refers to the staff client: it should not"
  exit 1
fi
js=$(size /pkg/applicant.js); wasm=$(size /pkg/applicant_bg.wasm)
staff_js=$(size /pkg/insieme.js); staff_wasm=$(size /pkg/insieme_bg.wasm)
printf '  after usable, the small client: WASM %7d + JS %6d = %7d bytes\n' "$wasm" "$js" $((wasm + js))
printf '  (not loaded) the staff client:  WASM %7d + JS %6d = %7d bytes\n' "$staff_wasm" "$staff_js" $((staff_wasm + staff_js))
