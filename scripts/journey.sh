#!/usr/bin/env bash
# The browser journey of the test suite (tests/browser/journey.mjs) against a running app:
#   scripts/journey.sh http://127.0.0.1:9000
# It registers a new user each run (and deletes the link it makes), so point it at local or
# test stages, not production. Screenshots go to tests/artifacts/browser/.
source "$(dirname "$0")/lib.sh"
[ $# -eq 1 ] || die "usage: make journey URL=http://127.0.0.1:9000"
ensure_node_tools
ensure_chromium
node tests/browser/journey.mjs "$1" "$ROOT/tests/artifacts/browser"
