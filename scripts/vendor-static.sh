#!/usr/bin/env bash
# Re-vendors the front-end packages into static/vendor/ from the npm registry, pinned, cut to
# what the site uses; run it to upgrade, or after a template starts using a class or an icon
# it did not use before (tests/api/static_files.rs fails until then), then commit.
#   - bootstrap-icons: the font subset (fonttools' pyftsubset, PyPI) to the icons named in
#     templates/, static/js/ and shared/src/, and a stylesheet with their rules only;
#   - Bootstrap's CSS: the rules whose selectors name nothing the site uses dropped (PurgeCSS,
#     npm), keeping the classes Bootstrap's script adds (collapse) and every state.
# The app serves them itself (no third-party CDN).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
BOOTSTRAP=5.3.9
ICONS=1.13.2
PURGECSS=8.0.0
FONTTOOLS=4.69.1
BROTLI=1.2.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "bootstrap@$BOOTSTRAP" "bootstrap-icons@$ICONS" >/dev/null)
tar -xzf "$tmp/bootstrap-$BOOTSTRAP.tgz" -C "$tmp" && mv "$tmp/package" "$tmp/bootstrap"
tar -xzf "$tmp/bootstrap-icons-$ICONS.tgz" -C "$tmp" && mv "$tmp/package" "$tmp/icons"
npm install --silent --no-audit --no-fund --prefix "$tmp/purge" "purgecss@$PURGECSS" >/dev/null
pinned_venv fonttools "fonttools==$FONTTOOLS brotli==$BROTLI"

# Where the site names classes and icons.
sources=(templates static/js shared/src)
icons=$(grep -rhoE '\bbi-[a-z0-9-]+' "${sources[@]}" | sort -u)
[ -n "$icons" ] || die "no bi-* icon found in ${sources[*]}"

rm -rf static/vendor
mkdir -p static/vendor/bootstrap static/vendor/bootstrap-icons/fonts
cp "$tmp/bootstrap/dist/js/bootstrap.bundle.min.js" "$tmp/bootstrap/LICENSE" static/vendor/bootstrap/
cp "$tmp/icons/LICENSE" static/vendor/bootstrap-icons/

# Icons: each used name's code point from the package's map, the font cut to them, and the
# package's own rules (@font-face, .bi) with one rule per used icon.
python3 - "$tmp/icons/font/bootstrap-icons.json" "$tmp/icons/font/bootstrap-icons.css" \
  static/vendor/bootstrap-icons/bootstrap-icons.min.css "$tmp/unicodes" $icons <<'PY'
import json, re, sys
codes_path, css_path, out_path, unicodes_path, *icons = sys.argv[1:]
codes = json.load(open(codes_path))
missing = [i for i in icons if i[3:] not in codes]
if missing:
    sys.exit(f"not in bootstrap-icons: {' '.join(missing)}")
css = open(css_path).read()
base = css[: css.index(".bi-123::before")]
base = re.sub(r',\s*url\("\./fonts/bootstrap-icons\.woff\?[^"]*"\) format\("woff"\)', "", base)
base = re.sub(r'url\("\./fonts/bootstrap-icons\.woff2\?[^"]*"\)', 'url("fonts/bootstrap-icons.woff2")', base)
rules = "".join(f'.{i}::before{{content:"\\{codes[i[3:]]:x}"}}' for i in icons)
minified = re.sub(r"\s*([{}:;,])\s*", r"\1", re.sub(r"/\*.*?\*/|\n", "", base, flags=re.S)).strip()
open(out_path, "w").write("/*! Bootstrap Icons v1.13.2, cut to the icons Snip uses (scripts/vendor-static.sh) | MIT */" + minified + rules + "\n")
open(unicodes_path, "w").write(",".join(f"U+{codes[i[3:]]:04X}" for i in icons))
PY
"$TOOLS/fonttools/bin/pyftsubset" "$tmp/icons/font/fonts/bootstrap-icons.woff2" \
  --unicodes="$(cat "$tmp/unicodes")" --flavor=woff2 --layout-features='' --no-hinting \
  --output-file=static/vendor/bootstrap-icons/fonts/bootstrap-icons.woff2
printf '%s\n' $icons > static/vendor/bootstrap-icons/ICONS

# Bootstrap's CSS without the rules no page can match.
node "$tmp/purge/node_modules/purgecss/bin/purgecss.js" \
  --css "$tmp/bootstrap/dist/css/bootstrap.min.css" \
  --content 'templates/**/*.html' 'static/js/*.js' 'shared/src/**/*.rs' \
  --safelist show collapsing collapsed \
  --output "$tmp/purged" >/dev/null
cp "$tmp/purged/bootstrap.min.css" static/vendor/bootstrap/bootstrap.min.css

printf 'bootstrap %s (CSS purged with purgecss %s)\nbootstrap-icons %s (subset with fonttools %s: ICONS)\n' \
  "$BOOTSTRAP" "$PURGECSS" "$ICONS" "$FONTTOOLS" > static/vendor/VERSIONS
echo "vendored bootstrap $BOOTSTRAP and bootstrap-icons $ICONS (cut to the site's use) into static/vendor/"
