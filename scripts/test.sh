#!/usr/bin/env bash
# Every check, as CI runs them: formatting, clippy (warnings denied), the CloudFormation lint,
# unit tests, and the black-box API tests against a DynamoDB Local started on a free port.
source "$(dirname "$0")/lib.sh"

ensure_python_tools
ensure_dynamodb_local

log "cargo fmt --check"
cargo fmt --all --check
log "cargo clippy (warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings
log "cfn-lint template.yaml"
cfn-lint template.yaml

# The API tests spawn the function binaries; build them first.
log "building the functions"
cargo build --workspace --bins --locked

start_dynamodb_local "$(free_port)" -inMemory
trap stop_dynamodb_local EXIT
log "cargo test"
cargo test --workspace --locked "$@"
