#!/usr/bin/env bash
# `sam build`: the four functions as arm64 `bootstrap` binaries in .aws-sam/build, ready for
# `sam deploy`. cargo-lambda cross-compiles with zig, so no Docker is needed. One cargo
# target directory serves all four functions, so the AWS SDK is compiled once, not four times.
source "$(dirname "$0")/lib.sh"

ensure_python_tools
rustup target add aarch64-unknown-linux-gnu >/dev/null 2>&1 \
  || die "the aarch64-unknown-linux-gnu Rust target is required (rustup target add aarch64-unknown-linux-gnu)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
sam build "$@"
