#!/usr/bin/env bash
# Runs a fuzz target for a while, with the limits the importer must hold:
# any file answered within 5 s (in practice well under one), peak memory
# under 300 MB. One job, at low priority.
#
#   fuzz/run.sh [TARGET] [SECONDS]        # TARGET: import (default), import_parts or verify
#
# verify: the PDF signature verifier (crates/chitieu-sign), each input
# answered within 1 s; its seeds are sample PDFs, signed and not.
#
# Environment: FUZZ_SANITIZER (default none: the memory limit is about the
# real build, and ASan's shadow memory alone is ~240 MB; "address" works with
# a higher FUZZ_RSS_MB), FUZZ_RSS_MB (300), FUZZ_MAX_LEN (65536 for import,
# 131072 for import_parts). Needs cargo-fuzz (`cargo install cargo-fuzz
# --locked`); runs on stable Rust through RUSTC_BOOTSTRAP=1.
#
# A finding stops the run and is written to fuzz/artifacts/TARGET/; minimise
# it with `RUSTC_BOOTSTRAP=1 cargo fuzz tmin -O -a -s none TARGET FILE`, fix
# the importer, and commit the input under tests/fixtures/fuzz/ (the stable
# harness, crates/chitieu-core/tests/import_fuzz.rs, runs every file there).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-import}
seconds=${2:-600}
sanitizer=${FUZZ_SANITIZER:-none}
rss=${FUZZ_RSS_MB:-300}
case "$target" in
    import) max_len=${FUZZ_MAX_LEN:-65536} ;;
    import_parts) max_len=${FUZZ_MAX_LEN:-131072} ;;
    verify) max_len=${FUZZ_MAX_LEN:-65536} ;;
    *) echo "unknown target $target (import, import_parts, verify)" >&2; exit 2 ;;
esac
dict=fuzz/import.dict
timeout=5
if [ "$target" = verify ]; then dict=fuzz/pdf.dict; timeout=1; fi
"$root/fuzz/seed.sh"
cd "$root"
mkdir -p "fuzz/artifacts/$target"
export RUSTC_BOOTSTRAP=1
exec nice -n 10 cargo fuzz run -O -a -s "$sanitizer" "$target" "fuzz/corpus/$target" -- \
    -dict="$dict" \
    -rss_limit_mb="$rss" -malloc_limit_mb="$rss" -timeout="$timeout" \
    -max_len="$max_len" -max_total_time="$seconds" \
    -print_final_stats=1
