#!/usr/bin/python3
"""Reads the Windows resources of the shipped exes with pefile (Debian's
python3-pefile) and checks what Windows shows and obeys: the version resource
(version, CompanyName, FileDescription, ProductName, LegalCopyright), an icon,
and the manifest (Common Controls v6, long paths; per-monitor-v2 DPI awareness
for the app). Prints one line per check; exits 1 if any fails.

    windows/check-pe.py VERSION chitieu-app.exe chitieu.exe
"""
import sys

import pefile

NAME = "Chỉ tiêu Chính phủ số"
failed = 0


def check(what, ok):
    global failed
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failed += 1


def strings(pe):
    out = {}
    for info in getattr(pe, "FileInfo", None) or []:
        for entry in info:
            for table in getattr(entry, "StringTable", []):
                for k, v in table.entries.items():
                    out[k.decode("utf-8", "replace")] = v.decode("utf-8", "replace")
    return out


def resources(pe):
    """{type id: [data bytes, ...]}"""
    out = {}
    root = getattr(pe, "DIRECTORY_ENTRY_RESOURCE", None)
    for t in root.entries if root else []:
        for name in t.directory.entries:
            for lang in name.directory.entries:
                d = lang.data.struct
                out.setdefault(t.id, []).append(pe.get_data(d.OffsetToData, d.Size))
    return out


def main():
    version, app, cli = sys.argv[1], sys.argv[2], sys.argv[3]
    for path, label, description in (
        (app, "chitieu-app.exe", lambda d: d == NAME),
        (cli, "chitieu.exe", lambda d: d.startswith(NAME)),
    ):
        pe = pefile.PE(path, fast_load=False)
        s = strings(pe)
        check(f"{label}: FileVersion {version}", s.get("FileVersion") == version)
        check(f"{label}: ProductVersion {version}", s.get("ProductVersion") == version)
        check(f"{label}: CompanyName", bool(s.get("CompanyName")))
        check(f"{label}: FileDescription in Vietnamese «{s.get('FileDescription')}»", description(s.get("FileDescription", "")))
        check(f"{label}: ProductName «{NAME}»", s.get("ProductName") == NAME)
        check(f"{label}: LegalCopyright", bool(s.get("LegalCopyright")))
        fixed = pe.VS_FIXEDFILEINFO[0] if getattr(pe, "VS_FIXEDFILEINFO", None) else None
        want = [int(p) for p in version.split("-")[0].split(".")[:3]]
        got = [fixed.FileVersionMS >> 16, fixed.FileVersionMS & 0xFFFF, fixed.FileVersionLS >> 16] if fixed else None
        check(f"{label}: numeric file version {want}", got == want)
        res = resources(pe)
        check(f"{label}: an icon", bool(res.get(pefile.RESOURCE_TYPE["RT_GROUP_ICON"])) and bool(res.get(pefile.RESOURCE_TYPE["RT_ICON"])))
        manifests = res.get(pefile.RESOURCE_TYPE["RT_MANIFEST"], [])
        check(f"{label}: one manifest", len(manifests) == 1)
        m = manifests[0].decode("utf-8", "replace") if manifests else ""
        check(f"{label}: manifest keeps Common Controls v6", "Microsoft.Windows.Common-Controls" in m and 'version="6.0.0.0"' in m)
        check(f"{label}: manifest is longPathAware", ">true</longPathAware>" in m)
        if label == "chitieu-app.exe":
            check(f"{label}: manifest declares per-monitor-v2 DPI awareness", ">PerMonitorV2" in m)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
