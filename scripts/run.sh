#!/usr/bin/env bash
# Runs the app locally at http://127.0.0.1:9000 with the production paths: DynamoDB Local
# (data kept in .local/dynamodb) and `cargo lambda watch`, which rebuilds on change.
source "$(dirname "$0")/lib.sh"

PORT="${PORT:-9000}"
DYNAMODB_PORT="${DYNAMODB_PORT:-8000}"
export TABLE_NAME="${TABLE_NAME:-snip-local}"
export RUST_LOG="${RUST_LOG:-info}"
# Email as files, at the root whatever directory a function runs in (README, "Two commands").
export EMAIL_OUTBOX="${EMAIL_OUTBOX:-$ROOT/.local/outbox}"
# Plain http locally: cookies cannot be Secure (production keeps the default, true).
export SECURE_COOKIES=false
# Short links shown on pages point here.
export PUBLIC_URL="${PUBLIC_URL:-http://127.0.0.1:$PORT}"
# A signing key of this checkout, made once (production's comes from Secrets Manager).
mkdir -p .local
[ -s .local/secret-key ] || python3 -c 'import secrets; print(secrets.token_hex(32))' > .local/secret-key
SECRET_KEY="$(cat .local/secret-key)"
export SECRET_KEY

ensure_python_tools
mkdir -p .local/dynamodb
start_dynamodb_local "$DYNAMODB_PORT" -dbPath "$ROOT/.local/dynamodb"
trap stop_dynamodb_local EXIT
cargo xtask create-table "$TABLE_NAME"

log "serving http://127.0.0.1:$PORT (functions build on their first request)"
# No CORS headers: API Gateway sends none either (the app is same-origin only).
cargo lambda watch --disable-cors -A 127.0.0.1 -P "$PORT"
