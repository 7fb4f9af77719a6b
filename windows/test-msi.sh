#!/usr/bin/env bash
# The MSI under wine, as Group Policy or Intune would run it (part of
# `make test-windows`): `msiexec /i chitieu.msi /qn` installs per machine
# under Program Files with a Start-menu shortcut for all users and an
# "Apps & features" entry with the workspace's version; the installed CLI
# works and keeps its data in the user's folder; a newer MSI (same
# UpgradeCode, built here with version 99.0.0) replaces it; the older one is
# then refused; `msiexec /x … /qn` removes the program and leaves the
# user's database as it was.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/windows/env.sh"
version=${1:?usage: test-msi.sh VERSION}
win=$root/target/windows
msi=$win/chitieu.msi
# wixl 0.101 cannot write letters outside Latin-1 (windows/chitieu.wxs).
name="Chi tieu Chinh phu so"
. "$root/windows/test-lib.sh"
winenv() { wine cmd /c "echo %$1%" 2>/dev/null | tr -d '\r'; }
product_code() { msiinfo export "$1" Property | tr -d '\r' | awk -F'\t' '$1 == "ProductCode" {print $2}'; }
uninst_key() { echo "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$1"; }
registered() { wine reg query "$(uninst_key "$1")" >/dev/null 2>&1; }

pf_win="$(winenv ProgramFiles)\\chitieu"
pf=$(winepath -u "$pf_win" 2>/dev/null)
# The all-users Start menu; wine 8's msiexec puts a per-machine package's
# shortcut in the installing user's instead (either is accepted).
menu="$(winepath -u "$(winenv ProgramData)" 2>/dev/null)/Microsoft/Windows/Start Menu/Programs"
user_menu="$(winepath -u "$(winenv APPDATA)" 2>/dev/null)/Microsoft/Windows/Start Menu/Programs"
shortcut() { [ -f "$menu/$name.lnk" ] || [ -f "$user_menu/$name.lnk" ]; }
no_shortcut() { ! shortcut; }
local_unix=$(winepath -u "$(winenv LOCALAPPDATA)" 2>/dev/null)
data=$local_unix/chitieu/chitieu/data
code=$(product_code "$msi")

check "the MSI has the UpgradeCode of every release" \
    bash -c "msiinfo export '$msi' Property | grep -q '^UpgradeCode.{8DF044DF-53A3-4174-954B-DE0AF56DE8C4}'"
check "ProductVersion $version" bash -c "msiinfo export '$msi' Property | tr -d '\r' | grep -qx 'ProductVersion.$version'"
check "Manufacturer and ProductName «$name»" \
    bash -c "msiinfo export '$msi' Property | tr -d '\r' | grep -qx 'Manufacturer.chitieu' && msiinfo export '$msi' Property | tr -d '\r' | grep -qx 'ProductName.$name'"

echo "==> msiexec /i chitieu.msi /qn"
rc=0; wine msiexec /i "$(winepath -w "$msi")" /qn || rc=$?
wineserver -w
check "msiexec /i exits 0 (got $rc)" test "$rc" = 0
for f in chitieu-app.exe WebView2Loader.dll chitieu.exe; do
    check "$f is in Program Files\\chitieu" cmp -s "$pf/$f" "$win/$f"
done
check "a Start-menu shortcut «$name»" shortcut
check "Apps & features lists version $version" \
    bash -c "wine reg query '$(uninst_key "$code")' /v DisplayVersion 2>/dev/null | tr -d '\r' | grep -q 'REG_SZ *$version\$'"

export CHITIEU_NOW=2024-07-01T03:00:00Z
rm -rf "$local_unix/chitieu"
unset CHITIEU_DB
wine "$pf_win\\chitieu.exe" set --unit THAI-NGUYEN --period 2024-Q2 1.1 "86,97%"
check "the installed CLI keeps its database in the user's folder" test -f "$data/chitieu.db"
db_sum=$(sha256sum "$data/chitieu.db" | cut -d' ' -f1)

echo "==> a newer MSI (99.0.0) replaces it"
newer=$win/chitieu-99.msi
tmp=$(mktemp -d)
cp "$win/chitieu-app.exe" "$win/chitieu.exe" "$win/WebView2Loader.dll" "$root/src-tauri/icons/icon.ico" "$root/windows/chitieu.wxs" "$tmp/"
(cd "$tmp" && wixl -a x64 -D Version=99.0.0 -o chitieu.msi chitieu.wxs)
mv "$tmp/chitieu.msi" "$newer"
rm -rf "$tmp"
newer_code=$(product_code "$newer")
rc=0; wine msiexec /i "$(winepath -w "$newer")" /qn || rc=$?
wineserver -w
check "msiexec /i newer exits 0 (got $rc)" test "$rc" = 0
check "the older product is gone from Apps & features" bash -c "! wine reg query '$(uninst_key "$code")' >/dev/null 2>&1"
check "the newer one is listed" registered "$newer_code"
check "the program is still installed" test -f "$pf/chitieu-app.exe"

echo "==> the older MSI over the newer: refused"
rc=0; wine msiexec /i "$(winepath -w "$msi")" /qn || rc=$?
wineserver -w
check "msiexec /i older fails (got $rc)" test "$rc" != 0
check "… and the newer stays" registered "$newer_code"
check "… alone" bash -c "! wine reg query '$(uninst_key "$code")' >/dev/null 2>&1"

echo "==> msiexec /x /qn"
rc=0; wine msiexec /x "$(winepath -w "$newer")" /qn || rc=$?
wineserver -w
check "msiexec /x exits 0 (got $rc)" test "$rc" = 0
for f in chitieu-app.exe WebView2Loader.dll chitieu.exe; do check "$f is removed" absent "$pf/$f"; done
check "the shortcut is removed" no_shortcut
check "Apps & features no longer lists it" bash -c "! wine reg query '$(uninst_key "$newer_code")' >/dev/null 2>&1"
check "the user's database is kept, unchanged" bash -c "[ \"\$(sha256sum '$data/chitieu.db' | cut -d' ' -f1)\" = $db_sum ]"
rm -f "$newer"

summary msi
