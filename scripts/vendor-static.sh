#!/usr/bin/env bash
# Re-vendors the front-end packages into static/vendor/ from the npm registry, pinned.
# The app serves them itself (no third-party CDN); run this only to upgrade, then commit.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.9
ICONS=1.13.2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "bootstrap@$BOOTSTRAP" "bootstrap-icons@$ICONS" >/dev/null)
tar -xzf "$tmp/bootstrap-$BOOTSTRAP.tgz" -C "$tmp" && mv "$tmp/package" "$tmp/bootstrap"
tar -xzf "$tmp/bootstrap-icons-$ICONS.tgz" -C "$tmp" && mv "$tmp/package" "$tmp/icons"
rm -rf static/vendor
mkdir -p static/vendor/bootstrap static/vendor/bootstrap-icons/fonts
cp "$tmp/bootstrap/dist/css/bootstrap.min.css" "$tmp/bootstrap/dist/js/bootstrap.bundle.min.js" \
   "$tmp/bootstrap/LICENSE" static/vendor/bootstrap/
cp "$tmp/icons/font/bootstrap-icons.min.css" "$tmp/icons/LICENSE" static/vendor/bootstrap-icons/
cp "$tmp/icons/font/fonts/bootstrap-icons.woff2" "$tmp/icons/font/fonts/bootstrap-icons.woff" \
   static/vendor/bootstrap-icons/fonts/
printf 'bootstrap %s\nbootstrap-icons %s\n' "$BOOTSTRAP" "$ICONS" > static/vendor/VERSIONS
echo "vendored bootstrap $BOOTSTRAP and bootstrap-icons $ICONS into static/vendor/"
