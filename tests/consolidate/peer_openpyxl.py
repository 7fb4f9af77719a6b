#!/usr/bin/env python3
"""The peer of `chitieu consolidate` in BENCHMARKS.md: the plain openpyxl
script a user would write to consolidate a folder of Phụ lục 01 files.
It reads .xlsx only (openpyxl cannot open .xls or .ods), takes the unit and
period from the header lines, the figures from the column «Số liệu kỳ báo
cáo», and prints per indicator count, min, median, max and mean.

    python3 peer_openpyxl.py 2025-Q3 FILE_OR_FOLDER...
"""
import os
import re
import statistics
import sys

import openpyxl

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def files(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                for n in sorted(names):
                    yield os.path.join(root, n)
        else:
            yield p


def period_of(text):
    m = re.search(r"Quý\s+(IV|III|II|I)\s*(?:năm|/)\s*(\d{4})", text)
    if m:
        return f"{m.group(2)}-Q{ROMAN[m.group(1)]}"
    m = re.search(r"Năm\s+(\d{4})", text)
    return m.group(1) if m else None


def main():
    want = sys.argv[1]
    values = {}
    skipped = 0
    for path in files(sys.argv[2:]):
        if not path.endswith(".xlsx"):
            skipped += 1
            continue
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception:
            skipped += 1
            continue
        ws = wb.worksheets[0]
        unit = period = None
        figure_col = None
        for row in ws.iter_rows(values_only=True):
            cells = ["" if c is None else str(c) for c in row]
            line = " ".join(cells)
            if unit is None and "Đơn vị báo cáo" in line:
                unit = line.split(":", 1)[-1].strip()
            if period is None and "Kỳ báo cáo" in line:
                period = period_of(line)
            if figure_col is None:
                for k, c in enumerate(cells):
                    if c.strip() == "Số liệu kỳ báo cáo":
                        figure_col = k
                continue
            if period != want or not cells or not cells[0]:
                continue
            v = row[figure_col] if figure_col < len(row) else None
            if isinstance(v, (int, float)):
                values.setdefault(cells[0], []).append(float(v))
        wb.close()
    for code, v in sorted(values.items()):
        print(code, len(v), min(v), statistics.median(v), max(v), round(statistics.fmean(v), 2))
    print(f"skipped {skipped}", file=sys.stderr)


if __name__ == "__main__":
    main()
