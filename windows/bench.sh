#!/usr/bin/env bash
# CLI import and export, the Windows build under wine against the native
# Linux build, on the same machine (BENCHMARKS.md, "Windows build under
# wine"): `chitieu import --dry-run` of tests/fixtures/import/base.xlsx and
# `chitieu export` of that report, RUNS times each, medians and their ratio.
# The wineserver is kept running (as Windows keeps its services), so a run
# measures a process start under wine, not wine's own start.
# Needs `make cli` (target/release/chitieu) and `make windows`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-21}
native=$root/target/release/chitieu
win=$root/target/windows/chitieu.exe
fixture=$root/tests/fixtures/import/base.xlsx
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$root/windows/env.sh"
export CHITIEU_NOW=2024-07-01T03:00:00Z
unset CHITIEU_DB

median_ms() { # median_ms COMMAND... : median wall time of $runs runs, in ms
    local times=() t0 t1
    for _ in $(seq "$runs"); do
        t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

wineserver -p 60
wine "$win" --help >/dev/null # warm: wine's own DLLs in the page cache
for c in native wine; do
    if [ $c = native ]; then run=("$native"); else run=(wine "$win"); fi
    db=$work/$c.db
    "${run[@]}" --db "$db" import "$fixture" >/dev/null
    imp=$(median_ms "${run[@]}" --db "$db" import "$fixture" --dry-run)
    exp=$(median_ms "${run[@]}" --db "$db" export --unit THAI-NGUYEN --period 2024-Q2 --out "$work/$c.xlsx")
    hlp=$(median_ms "${run[@]}" --version)
    eval "${c}_imp=$imp ${c}_exp=$exp ${c}_start=$hlp"
done
wineserver -k || true
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a / b}'; }
echo "| what (median of $runs runs) | native Linux | Windows build under wine | ratio |"
echo "|---|---|---|---|"
echo "| \`chitieu --version\` (process start) | $native_start ms | $wine_start ms | $(ratio "$wine_start" "$native_start")× |"
echo "| \`chitieu import --dry-run\` base.xlsx | $native_imp ms | $wine_imp ms | $(ratio "$wine_imp" "$native_imp")× |"
echo "| \`chitieu export\` (THAI-NGUYEN, 2024-Q2) | $native_exp ms | $wine_exp ms | $(ratio "$wine_exp" "$native_exp")× |"
