#!/bin/sh
# Rebuilds the PDF rendition's fonts from Liberation Serif 2 (Debian
# fonts-liberation2, SIL OFL 1.1) with fonttools: Latin, Vietnamese and the
# punctuation the catalogue, registry and form use, renamed "Chitieu Serif"
# (the OFL reserves the name "Liberation" for the unmodified fonts).
# Usage: sh assets/fonts/make-serif.sh [DIR-OF-LiberationSerif-*.ttf]
set -eu
src=${1:-/usr/share/fonts/truetype/liberation2}
here=$(dirname "$0")
unicodes="U+0020-007E,U+00A0-017F,U+01A0-01A1,U+01AF-01B0,U+0300-0303,U+0309,U+0323,U+1EA0-1EF9,U+2010-2027,U+2030-203A,U+2070-209F,U+20AB,U+20AC,U+2116,U+2190-2193,U+2212,U+2264-2265"
for style in Regular Bold Italic; do
    pyftsubset "$src/LiberationSerif-$style.ttf" --unicodes="$unicodes" \
        --layout-features='' --no-hinting --desubroutinize \
        --name-IDs='*' --output-file="$here/ChitieuSerif-$style.ttf.tmp"
    python3 - "$here/ChitieuSerif-$style.ttf.tmp" "$here/ChitieuSerif-$style.ttf" "$style" <<'PY'
import sys
from fontTools.ttLib import TTFont
src, dst, style = sys.argv[1:]
f = TTFont(src)
for rec in f["name"].names:
    if rec.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
        full = "Chitieu Serif" if style == "Regular" else f"Chitieu Serif {style}"
        text = {1: "Chitieu Serif", 3: f"Chitieu Serif {style} (Liberation Serif 2.1.5 subset)",
                4: full, 6: f"ChitieuSerif-{style}", 16: "Chitieu Serif", 17: style,
                18: full, 21: "Chitieu Serif", 22: style}[rec.nameID]
        rec.string = text
f.save(dst)
PY
    rm "$here/ChitieuSerif-$style.ttf.tmp"
done
