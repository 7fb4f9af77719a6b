#!/usr/bin/env python3
"""Benchmark of `chitieu consolidate` over generated unit files, side by side
with a plain openpyxl script reading the same files (what a user would write
instead). Figures go to BENCHMARKS.md ("Consolidation").

    cargo build --release -p chitieu-cli
    python3 tests/consolidate/bench.py --chitieu target/release/chitieu [--n 1000] [--dir /tmp/chitieu-bench]

The files: every province and ministry valid in each period (2025-Q3 first,
then 2023-Q1 to 2025-Q2 and the years 2023 and 2024), one file each, until N
files; one third stays .xlsx (openpyxl), one third is
converted to .xls (BIFF8) and one third to .ods by LibreOffice headless.
Each file carries the full form (every indicator that applies to the unit).
The consolidation is of 2025-Q3 over the whole folder (the other periods'
files are read and listed as such). Wall time and peak memory (ru_maxrss of
the child, wait4) of each run; the median of three runs on a fresh
consolidation database.
"""
import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_unit_files  # noqa: E402

QUARTER_END = {1: "03-31", 2: "06-30", 3: "09-30", 4: "11-30"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def cli_json(bin_, db, *args):
    out = subprocess.run([bin_, "--db", db, *args, "--json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def periods():
    out = []
    for y in (2023, 2024, 2025):
        for q in (1, 2, 3, 4):
            if (y, q) > (2025, 3):
                break
            out.append((f"Quý {ROMAN[q]} năm {y}", f"{y}-{QUARTER_END[q]}", y))
        if y < 2025:
            out.append((f"Năm {y}", f"{y}-12-14", y))
    # 2025-Q3 first, so that it is complete whatever N.
    out.sort(key=lambda p: p[0] != "Quý III năm 2025")
    return out


def generate(bin_, n, folder):
    rnd = random.Random(12)
    scratch = tempfile.mkdtemp()
    db = os.path.join(scratch, "gen.db")
    items = [i for i in cli_json(bin_, db, "catalogue", "--year", "2025")["items"] if i["kind"] in ("share", "rate", "rank")]
    specs = []
    for label, day, _year in periods():
        units = [u for u in cli_json(bin_, db, "units", "--on", day)["units"] if u["type"] in ("province", "ministry")]
        for u in units:
            key = "provinces" if u["type"] == "province" else "ministries"
            rows = []
            for i in items:
                if not i["applies_to"].get(key):
                    continue
                if i["kind"] == "rank":
                    v = rnd.randint(20, 90)
                elif i["kind"] == "rate":
                    v = round(rnd.uniform(-5, 30), 2)
                else:
                    v = round(rnd.uniform(40, 100), 2)
                rows.append([i["code"], i["name"], v, rnd.choice(["Chính thức", "Chính thức", "Ước tính"])])
            if not rows:
                continue
            specs.append({"path": "", "unit": u["name"], "period": label, "rows": rows, "mtime": None})
            if len(specs) >= n:
                break
        if len(specs) >= n:
            break
    os.makedirs(folder, exist_ok=True)
    staging = os.path.join(scratch, "xlsx")
    os.makedirs(staging)
    kinds = []
    for k, s in enumerate(specs):
        kind = ("xlsx", "xls", "ods")[k % 3]
        s["path"] = os.path.join(folder if kind == "xlsx" else staging, f"{k:04d}.xlsx")
        make_unit_files.write(s)
        kinds.append(kind)
    for kind in ("xls", "ods"):
        batch = [os.path.join(staging, f"{k:04d}.xlsx") for k, x in enumerate(kinds) if x == kind]
        profile = "file://" + os.path.join(scratch, "lo-profile")
        for chunk in range(0, len(batch), 200):
            subprocess.run(
                ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", kind, "--outdir", folder, *batch[chunk:chunk + 200]],
                check=True, capture_output=True,
            )
    shutil.rmtree(scratch)
    return len(specs)


def run(cmd):
    """Wall time (s), peak RSS (MiB) and CPU time (s, user + system) of a child."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{cmd[:3]} failed: {err}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def median_of(runs):
    return tuple(statistics.median(r[k] for r in runs) for k in range(3))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chitieu", required=True)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "chitieu-bench-consolidate"))
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    files_dir = os.path.join(a.dir, "files")
    if not os.path.isdir(files_dir) or len(os.listdir(files_dir)) < a.n:
        shutil.rmtree(files_dir, ignore_errors=True)
        t0 = time.perf_counter()
        made = generate(a.chitieu, a.n, files_dir)
        print(f"generated {made} files in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    names = sorted(os.listdir(files_dir))
    by_ext = {e: sum(1 for f in names if f.endswith("." + e)) for e in ("xlsx", "xls", "ods")}
    xlsx = [os.path.join(files_dir, f) for f in names if f.endswith(".xlsx")]
    size = sum(os.path.getsize(os.path.join(files_dir, f)) for f in names)
    peer = os.path.join(HERE, "peer_openpyxl.py")

    def chitieu(paths, warm=False):
        runs = []
        for r in range(a.runs):
            work = tempfile.mkdtemp()
            db = os.path.join(work, "nhan.db")
            cmd = [a.chitieu, "--db", db, "consolidate", "--period", "2025-Q3", "--json", "--out", os.path.join(work, "tong-hop.xlsx"), *paths]
            if warm:
                run(cmd)
            runs.append(run(cmd))
            shutil.rmtree(work)
        return median_of(runs)

    cold = chitieu([files_dir])
    warm = chitieu([files_dir], warm=True)
    sub = chitieu(xlsx)
    peer_all = median_of([run([sys.executable, peer, "2025-Q3", files_dir]) for _ in range(a.runs)])
    peer_sub = median_of([run([sys.executable, peer, "2025-Q3", *xlsx]) for _ in range(a.runs)])
    print(f"files: {len(names)} ({by_ext['xlsx']} .xlsx, {by_ext['xls']} .xls, {by_ext['ods']} .ods), {size / 1048576:.1f} MiB; cores: {os.cpu_count()}")
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    print(f"load average (1 min) at the end: {load}")
    print("| run | files read | wall time | CPU time (user + system) | peak memory |")
    print("|---|---|---|---|---|")
    print(f"| chitieu consolidate, all files, fresh database | {len(names)} | {cold[0]:.2f} s | {cold[2]:.2f} s | {cold[1]:.0f} MiB |")
    print(f"| chitieu consolidate, all files again (all known) | {len(names)} | {warm[0]:.2f} s | {warm[2]:.2f} s | {warm[1]:.0f} MiB |")
    print(f"| openpyxl script, all files (reads the .xlsx only) | {by_ext['xlsx']} | {peer_all[0]:.2f} s | {peer_all[2]:.2f} s | {peer_all[1]:.0f} MiB |")
    print(f"| chitieu consolidate, the .xlsx only | {len(xlsx)} | {sub[0]:.2f} s | {sub[2]:.2f} s | {sub[1]:.0f} MiB |")
    print(f"| openpyxl script, the .xlsx only | {len(xlsx)} | {peer_sub[0]:.2f} s | {peer_sub[2]:.2f} s | {peer_sub[1]:.0f} MiB |")
    print(f"ratio openpyxl / chitieu on the same .xlsx files: wall time {peer_sub[0] / sub[0]:.1f}×, CPU time {peer_sub[2] / sub[2]:.1f}×, memory {peer_sub[1] / sub[1]:.1f}×")
    print(f"ratio openpyxl (.xlsx only) / chitieu (all 1000 files): wall time {peer_all[0] / cold[0]:.1f}×, CPU time {peer_all[2] / cold[2]:.1f}×")


if __name__ == "__main__":
    main()
