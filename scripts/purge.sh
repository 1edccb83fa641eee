#!/usr/bin/env bash
# One run of the scheduled purge of deleted accounts' links (`links::purge`), sent to the
# functions `make run` serves, as EventBridge's schedule sends it in AWS.
source "$(dirname "$0")/lib.sh"
ensure_python_tools
cargo lambda invoke links --invoke-address 127.0.0.1 --invoke-port "${PORT:-9000}" \
    --data-file "$ROOT/scripts/events/scheduled.json"
