#!/usr/bin/env bash
# Fills the fuzz corpora from the committed fixtures (run from anywhere).
#
#   fuzz/corpus/import/        every fixture workbook, hostile file and fuzz
#                              regression, byte for byte (the zip bombs are
#                              left out: 420 KB seeds that each take ~1 s to
#                              refuse only slow the fuzzer down; the stable
#                              harness and tests/import_fixtures.rs run them);
#   fuzz/corpus/verify/        the PDFs of tests/fixtures/pdf (signed by
#                              chitieu, by pyHanko, unsigned; made by hand
#                              and by LibreOffice);
#   fuzz/corpus/import_parts/  each zip fixture re-encoded as
#                              `@@@ <part name>\n<bytes>` records (see
#                              fuzz/src/lib.rs), so mutations reach the XML.
#
# The corpora are not committed (.gitignore); what the fuzzer adds stays there
# between runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out_raw="$root/fuzz/corpus/import"
out_parts="$root/fuzz/corpus/import_parts"
mkdir -p "$out_raw" "$out_parts" "$root/fuzz/corpus/verify"
shopt -s nullglob
for f in "$root"/tests/fixtures/pdf/*.pdf; do
    cp "$f" "$root/fuzz/corpus/verify/"
done
for f in "$root"/tests/fixtures/import/* "$root"/tests/fixtures/hostile/* "$root"/tests/fixtures/fuzz/*; do
    case "$f" in *.toml|*.md|*.py) continue ;; esac
    [ -f "$f" ] || continue
    [ "$(stat -c %s "$f")" -le 200000 ] || continue
    # Prefixed by folder: the same name may appear in two of them.
    cp "$f" "$out_raw/$(basename "$(dirname "$f")")-$(basename "$f")"
done
if ! command -v python3 >/dev/null; then
    echo "python3 not found: fuzz/corpus/import_parts gets no seeds" >&2
    echo "corpus: $(ls "$out_raw" | wc -l) raw seeds"
    exit 0
fi
python3 - "$root" "$out_parts" <<'PY'
import os, sys, zipfile
root, out = sys.argv[1], sys.argv[2]
for d in ("import", "hostile", "fuzz"):
    folder = os.path.join(root, "tests", "fixtures", d)
    if not os.path.isdir(folder):
        continue
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.endswith((".toml", ".md", ".py")) or os.path.getsize(path) > 200000:
            continue
        try:
            z = zipfile.ZipFile(path)
            parts = [(i.filename, z.read(i)) for i in z.infolist()]
        except Exception:
            continue  # not a zip, or a broken one: the raw corpus has it
        # Drop parts the importer never reads (themes, document properties,
        # thumbnails, VBA, printer settings).
        parts = [(n, b) for n, b in parts if not n.endswith((".bin", ".png", ".jpeg", ".emf", ".wmf")) and not n.startswith(("xl/theme/", "docProps/", "Thumbnails/", "Configurations2/"))]
        data = b"\n".join(b"@@@ " + n.encode() + b"\n" + b for n, b in parts)
        with open(os.path.join(out, f"{d}-{name}.parts"), "wb") as f:
            f.write(data)
PY
echo "corpus: $(ls "$out_raw" | wc -l) raw seeds, $(ls "$out_parts" | wc -l) parts seeds"
