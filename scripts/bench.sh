#!/usr/bin/env bash
# Prints the figures of BENCHMARKS.md: binary sizes (x86_64 and the deployed arm64), cold
# starts against a hello-world lambda_runtime binary built in the same run, warm latencies
# against a bare GetItem, and static asset bytes. Takes several minutes (two release builds).
source "$(dirname "$0")/lib.sh"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
PACKAGES=(-p redirect -p links -p accounts -p health -p bench-hello)
# The floor function is only timed, never deployed: no arm64 build.

ensure_python_tools
log "release build, native (for timings)"
cargo build --release --locked "${PACKAGES[@]}" -p bench-read -p xtask
xtask_args=()
if [ "${1:-}" = "--per-request-only" ] || [ "${1:-}" = "--link-page-only" ] || [ "${1:-}" = "--search-only" ] \
  || [ "${1:-}" = "--import-only" ] || [ "${1:-}" = "--weight-only" ] || [ "${1:-}" = "--purge-only" ]; then
  # Part of the figures only: no arm64 build.
  xtask_args=("$1")
elif rustup target add aarch64-unknown-linux-gnu >/dev/null 2>&1; then
  log "release build, arm64 with cargo lambda (the deployed size)"
  cargo lambda build --release --arm64 "${PACKAGES[@]}" --lambda-dir "$TARGET/lambda-arm64"
  xtask_args=(--arm64-dir "$TARGET/lambda-arm64")
else
  log "no aarch64 target available: arm64 sizes skipped"
fi

start_dynamodb_local "$(free_port)" -inMemory
trap stop_dynamodb_local EXIT
"$TARGET/release/xtask" bench --bin-dir "$TARGET/release" "${xtask_args[@]}"
