#!/usr/bin/env bash
# Re-locks the Python tools after a version is raised in scripts/requirements/*.in: each
# `<name>.txt` pins every package of the tree with its hashes, which `pinned_venv` installs
# with `--require-hashes`. Resolved for this machine's kind (Linux x86_64, the Python 3.11 CI
# uses too), by pip-tools at the version below.
source "$(dirname "$0")/lib.sh"
PIP_TOOLS_VERSION=7.7.0
venv="$TOOLS/pip-tools"
[ -x "$venv/bin/pip-compile" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet "pip-tools==$PIP_TOOLS_VERSION"; }
for input in scripts/requirements/*.in; do
  log "locking $input"
  "$venv/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras --no-header \
    --no-emit-find-links --no-emit-index-url --no-emit-trusted-host \
    --output-file "${input%.in}.txt" "$input"
done
