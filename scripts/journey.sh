#!/usr/bin/env bash
# The browser journey of the test suite (tests/browser/journey.mjs) against a running app:
#   scripts/journey.sh http://127.0.0.1:9000
# It registers a new user each run (and deletes the link it makes), so point it at local or
# test stages, not production. It runs in a desktop window and in two phones' (390 and 320 px
# wide); screenshots go to tests/artifacts/browser/<window>/.
source "$(dirname "$0")/lib.sh"
[ $# -eq 1 ] || die "usage: make journey URL=http://127.0.0.1:9000"
ensure_node_tools
ensure_chromium
for window in desktop:1200x900 390px:390x844 320px:320x568; do
  node tests/browser/journey.mjs "$1" "$ROOT/tests/artifacts/browser/${window%%:*}" "${window#*:}"
done
