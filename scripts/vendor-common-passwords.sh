#!/usr/bin/env bash
# Re-creates shared/data/common-passwords.txt from Django's list (BSD-3-Clause, shipped in its
# PyPI wheel): lower-cased, sorted (the accounts code binary-searches it), and limited to the
# passwords long enough to pass the length rule, since shorter ones are refused anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
DJANGO=5.2.19
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pip download --quiet --no-deps --dest "$tmp" "django==$DJANGO"
python3 - "$tmp"/django-"$DJANGO"-py3-none-any.whl <<'PY'
import gzip, sys, zipfile
wheel = zipfile.ZipFile(sys.argv[1])
text = gzip.decompress(wheel.read("django/contrib/auth/common-passwords.txt.gz")).decode()
words = sorted({line.strip().lower() for line in text.splitlines() if len(line.strip()) >= 8})
open("shared/data/common-passwords.txt", "w").write("\n".join(words) + "\n")
licence = next(n for n in wheel.namelist() if n.endswith("dist-info/licenses/LICENSE"))
open("shared/data/common-passwords.LICENSE", "wb").write(wheel.read(licence))
print(f"{len(words)} common passwords from Django {sys.argv[1].split('-')[1]}")
PY
