#!/usr/bin/env bash
# Installs target/windows/chitieu-setup.exe silently (/S) under wine, as a
# person without administrator rights would, and checks: the app, the CLI and
# the uninstaller are in %LOCALAPPDATA%\Programs\chitieu; the Start-menu and
# desktop shortcuts carry the app's Vietnamese name; "Apps & features" lists
# it with the workspace's version; the installed CLI keeps its database in
# the per-user data folder; the app, without WebView2 (wine has none), says
# so in Vietnamese; and uninstalling (/S) removes the program and its
# shortcuts but keeps the database and its backups, which still open.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/windows/env.sh"
version=${1:?usage: test-installer.sh VERSION}
setup=$root/target/windows/chitieu-setup.exe
name="Chỉ tiêu Chính phủ số"
passed=0
failed=0
check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "ok   $what"; else failed=$((failed + 1)); echo "FAIL $what"; fi
}
absent() { [ ! -e "$1" ]; }

local_win=$(wine cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')
local_unix=$(winepath -u "$local_win" 2>/dev/null)
programs=$(wine cmd /c 'echo %APPDATA%' 2>/dev/null | tr -d '\r')
start_menu="$(winepath -u "$programs" 2>/dev/null)/Microsoft/Windows/Start Menu/Programs"
desktop=$(winepath -u "$(wine cmd /c 'echo %USERPROFILE%' 2>/dev/null | tr -d '\r')\\Desktop" 2>/dev/null)
inst=$local_unix/Programs/chitieu
data=$local_unix/chitieu/chitieu/data
key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\chitieu'

# A clean slate: no earlier installation or data in the prefix.
rm -rf "$inst" "$local_unix/chitieu" "$start_menu/$name.lnk" "$desktop/$name.lnk"
wine reg delete "$key" /f >/dev/null 2>&1 || true

echo "==> wine chitieu-setup.exe /S"
wine "$setup" /S
wineserver -w
check "the app is installed" test -f "$inst/chitieu-app.exe"
check "WebView2Loader.dll is installed beside it" test -f "$inst/WebView2Loader.dll"
check "the CLI is installed beside it" test -f "$inst/chitieu.exe"
check "the uninstaller is installed" test -f "$inst/uninstall.exe"
check "a Start-menu shortcut named «$name»" test -f "$start_menu/$name.lnk"
check "a desktop shortcut named «$name»" test -f "$desktop/$name.lnk"
check "Apps & features lists version $version" \
    bash -c "wine reg query '$key' /v DisplayVersion 2>/dev/null | tr -d '\r' | grep -q 'REG_SZ *$version\$'"
check "installed per user, under %LOCALAPPDATA%\\Programs" \
    bash -c "wine reg query '$key' /v InstallLocation 2>/dev/null | grep -qi 'AppData.Local.Programs.chitieu'"

# Wine has no WebView2: the installed app must say so, in Vietnamese, and
# end, instead of failing silently (no display: the message box cannot show,
# the same sentence goes to stderr).
echo "==> chitieu-app.exe without WebView2"
app_rc=0
app_out=$(DISPLAY= timeout 120 wine "$inst/chitieu-app.exe" 2>&1) || app_rc=$?
check "the app without WebView2 ends with status 3 (not a crash, not a hang)" test "$app_rc" = 3
export app_out
check "… and says in Vietnamese what is missing and what to do" \
    bash -c 'grep -q "chưa có Microsoft Edge WebView2 Runtime" <<<"$app_out" && grep -q "Evergreen Standalone Installer" <<<"$app_out"'

# The installed CLI, as a person would run it: no --db, no CHITIEU_DB.
cli="$local_win\\Programs\\chitieu\\chitieu.exe"
export CHITIEU_NOW=2024-07-01T03:00:00Z
unset CHITIEU_DB
echo "==> the installed chitieu.exe writes a figure (and takes its daily backup)"
wine "$cli" set --unit THAI-NGUYEN --period 2024-Q2 1.1 "86,97%"
check "the database is in the per-user data folder" test -f "$data/chitieu.db"
check "a backup is beside it" bash -c "ls '$data/backups/' | grep -q ."
db_sum=$(sha256sum "$data/chitieu.db" | cut -d' ' -f1)

echo "==> uninstall.exe /S"
wine "$local_win\\Programs\\chitieu\\uninstall.exe" /S
wineserver -w
# The uninstaller copies itself to a temporary folder and returns at once;
# wait (at most 30 s) for it to finish.
for _ in $(seq 30); do [ -e "$inst/chitieu-app.exe" ] || [ -e "$inst/uninstall.exe" ] || break; sleep 1; done
check "the app is removed" absent "$inst/chitieu-app.exe"
check "WebView2Loader.dll is removed" absent "$inst/WebView2Loader.dll"
check "the CLI is removed" absent "$inst/chitieu.exe"
check "the uninstaller is removed" absent "$inst/uninstall.exe"
check "the Start-menu shortcut is removed" absent "$start_menu/$name.lnk"
check "the desktop shortcut is removed" absent "$desktop/$name.lnk"
check "Apps & features no longer lists it" bash -c "! wine reg query '$key' >/dev/null 2>&1"
check "the database is kept, unchanged" bash -c "[ \"\$(sha256sum '$data/chitieu.db' | cut -d' ' -f1)\" = $db_sum ]"
check "the backups are kept" bash -c "ls '$data/backups/' | grep -q ."
check "the kept database still holds the figure" \
    bash -c "wine '$root/target/windows/chitieu.exe' --db '$data/chitieu.db' show --unit THAI-NGUYEN --period 2024-Q2 2>/dev/null | grep -q '86,97'"

echo "installer: $passed passed, $failed failed"
[ "$failed" = 0 ]
