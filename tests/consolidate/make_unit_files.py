#!/usr/bin/env python3
"""Writes unit workbooks the way people fill Phụ lục 01 by hand (openpyxl
stands for "saved by Excel"), from a JSON spec:

    python3 make_unit_files.py spec.json

spec: a list of {"path", "unit" (as typed), "period" (as typed),
"rows": [[code, name, figure, status], ...], "mtime": epoch seconds or null}.
A figure is a number or text as typed ("86,97%"); status "Chính thức",
"Ước tính" or "". Zip dates and document properties are fixed, so the same
spec gives the same bytes.
"""
import datetime
import json
import os
import sys
import zipfile

import openpyxl
from openpyxl.styles import Font

FIXED = datetime.datetime(2025, 1, 1, 0, 0, 0)


def write(spec):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục 01"
    ws["A1"] = f"Đơn vị báo cáo: {spec['unit']}"
    ws["A1"].font = Font(bold=True)
    ws["A2"] = "Đơn vị nhận báo cáo: Cục Chuyển đổi số quốc gia"
    ws["A4"] = "BIỂU CUNG CẤP SỐ LIỆU CHỈ TIÊU CHIẾN LƯỢC CHÍNH PHỦ SỐ"
    ws["A5"] = f"Kỳ báo cáo: {spec['period']}"
    header = ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm", "Mục tiêu 2025",
              "Số liệu kỳ báo cáo", "Loại số liệu", "Nguồn số liệu", "Ghi chú"]
    for c, h in enumerate(header, start=1):
        ws.cell(row=7, column=c, value=h).font = Font(bold=True)
    r = 8
    for code, name, figure, status in spec["rows"]:
        ws.cell(row=r, column=1, value=code)
        ws.cell(row=r, column=2, value=name)
        ws.cell(row=r, column=3, value="%")
        if figure is not None:
            ws.cell(row=r, column=6, value=figure)
        if status:
            ws.cell(row=r, column=7, value=status)
        ws.cell(row=r, column=8, value="Hệ thống thông tin giải quyết TTHC")
        r += 1
    ws.cell(row=r + 1, column=2, value="Người lập biểu")
    wb.properties.creator = "Văn thư"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    path = spec["path"]
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    wb.save(path)
    normalize(path)
    if spec.get("mtime") is not None:
        os.utime(path, (spec["mtime"], spec["mtime"]))


def normalize(path):
    """Fixed zip dates: the same spec gives the same bytes."""
    with zipfile.ZipFile(path) as z:
        parts = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        specs = json.load(f)
    for s in specs:
        write(s)


if __name__ == "__main__":
    main()
