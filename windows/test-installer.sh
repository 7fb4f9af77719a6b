#!/usr/bin/env bash
# Installs target/windows/chitieu-setup.exe silently (/S) under wine, as a
# person without administrator rights would, and checks: the app, the CLI and
# the uninstaller are in %LOCALAPPDATA%\Programs\chitieu; the Start-menu and
# desktop shortcuts carry the app's Vietnamese name; "Apps & features" lists
# it with the workspace's version; the installed CLI keeps its database in
# the per-user data folder; the app, without WebView2 (wine has none), says
# so in Vietnamese; and uninstalling (/S) removes the program and its
# shortcuts but keeps the database and its backups, which still open.
# Upgrades and uninstalls are safe: a running app is closed (and if the
# program cannot be closed, nothing is changed, exit 4); a newer installed
# version is not overwritten (exit 3); the uninstaller refuses while the app
# runs (exit 4); on a Windows older than 10 nothing is installed (exit 5).
# The running app is windows/test-sleeper.c under the app's name (the real
# app ends at once under wine, which has no WebView2).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/windows/env.sh"
version=${1:?usage: test-installer.sh VERSION}
setup=$root/target/windows/chitieu-setup.exe
name="Chỉ tiêu Chính phủ số"
. "$root/windows/test-lib.sh"

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

echo "==> on Windows 7 (wine's version): refused"
wine reg add 'HKCU\Software\Wine' /v Version /t REG_SZ /d win7 /f >/dev/null 2>&1
rc=0; wine "$setup" /S || rc=$?
# Back to Windows 10 explicitly: wine also rewrote HKLM's CurrentVersion, which
# it reads when the value is missing.
wine reg add 'HKCU\Software\Wine' /v Version /t REG_SZ /d win10 /f >/dev/null 2>&1
check "a Windows older than 10 is refused (exit 5, got $rc)" test "$rc" = 5
check "… and nothing is installed" absent "$inst"

echo "==> wine chitieu-setup.exe /S"
rc=0; wine "$setup" /S || rc=$?
wineserver -w
check "the installer exits 0 (got $rc)" test "$rc" = 0
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

if "$root/windows/sign.sh" --enabled; then
    ca=()
    [ -z "${CHITIEU_SIGN_CAFILE:-}" ] || ca=(-CAfile "$CHITIEU_SIGN_CAFILE")
    check "the installed uninstaller is signed (!uninstfinalize)" \
        bash -c '"$@" 2>&1 | grep -q "^Succeeded"' _ osslsigncode verify "${ca[@]}" -in "$inst/uninstall.exe"
fi

# Running apps, upgrades, downgrades. "Nothing changed" = the same files
# (hashes) and the same registry entry.
sleeper=$root/target/windows/test-sleeper.exe
x86_64-w64-mingw32-gcc-posix -O2 -s -o "$sleeper" "$root/windows/test-sleeper.c"
state() { (cd "$inst" && sha256sum chitieu-app.exe chitieu.exe; wine reg query "$key" /v DisplayVersion 2>/dev/null | tr -d '\r' | grep DisplayVersion) ; }
running() { # running EXE: starts the stand-in as $inst/EXE and waits until Windows holds it
    cp "$sleeper" "$inst/$1"
    wine "$local_win\\Programs\\chitieu\\$1" >/dev/null 2>&1 &
    for _ in $(seq 40); do sleep 0.5; alive "$1" && return 0; done
    return 0
}
# Wine 8's tasklist lists nothing: the Linux process list shows wine's
# processes by their Windows path.
alive() { pgrep -f "Programs.chitieu.$1" >/dev/null; }
gone() { ! alive "$1"; }

echo "==> an upgrade while the app runs: the app is closed, then replaced"
running chitieu-app.exe
check "(the stand-in app runs)" alive chitieu-app.exe
wine reg add "$key" /v DisplayVersion /t REG_SZ /d 0.0.1 /f >/dev/null 2>&1
rc=0; wine "$setup" /S || rc=$?
wineserver -w
check "the upgrade exits 0 (got $rc)" test "$rc" = 0
check "the running app was closed" gone chitieu-app.exe
check "the new app replaced the old one" cmp -s "$inst/chitieu-app.exe" "$root/target/windows/chitieu-app.exe"
check "Apps & features shows $version again" \
    bash -c "wine reg query '$key' /v DisplayVersion 2>/dev/null | tr -d '\r' | grep -q 'REG_SZ *$version\$'"

echo "==> a program that cannot be closed (the CLI at work): nothing changes"
running chitieu.exe
before=$(state)
rc=0; wine "$setup" /S || rc=$?
check "the installer exits 4 (got $rc)" test "$rc" = 4
check "… and changed nothing" test "$(state)" = "$before"
wine taskkill /F /IM chitieu.exe >/dev/null 2>&1 || true
wineserver -w
cp "$root/target/windows/chitieu.exe" "$inst/chitieu.exe"

echo "==> a downgrade: refused"
wine reg add "$key" /v DisplayVersion /t REG_SZ /d 99.0.0 /f >/dev/null 2>&1
before=$(state)
rc=0; wine "$setup" /S || rc=$?
check "an older installer over a newer install exits 3 (got $rc)" test "$rc" = 3
check "… and changed nothing" test "$(state)" = "$before"
wine reg add "$key" /v DisplayVersion /t REG_SZ /d "$version" /f >/dev/null 2>&1

echo "==> uninstall while the app runs: refused"
running chitieu-app.exe
before=$(state)
rc=0; wine "$local_win\\Programs\\chitieu\\uninstall.exe" /S "_?=$local_win\\Programs\\chitieu" || rc=$?
check "the uninstaller exits 4 (got $rc)" test "$rc" = 4
after=$(state)
check "… and removed nothing" test "$after" = "$before"
check "… nor its shortcuts" test -f "$start_menu/$name.lnk"
wine taskkill /F /IM chitieu-app.exe >/dev/null 2>&1 || true
wineserver -w
cp "$root/target/windows/chitieu-app.exe" "$inst/chitieu-app.exe"

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

summary installer
