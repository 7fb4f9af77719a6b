#!/usr/bin/env bash
# Prepares the one wine prefix (target/windows/wine) in which the Windows
# build is tested and tried: a fresh 64-bit prefix, its user folders made real
# folders (wine links Desktop, Documents, … to the Linux home, so an installer
# test would leave shortcuts there), and the stand-in bcryptprimitives.dll
# built from windows/bcryptprimitives (wine 8.0 lacks the DLL; programs built
# by Rust >= 1.78 exit with status 53 without it).
# Idempotent: redone only when the stand-in's source is newer than the prefix.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/windows/env.sh"
src=$root/windows/bcryptprimitives
stamp=$WINEPREFIX/.chitieu-ready
if [ -f "$stamp" ] && [ "$stamp" -nt "$src/bcryptprimitives.c" ] && [ "$stamp" -nt "$src/bcryptprimitives.def" ] \
   && [ "$stamp" -nt "$0" ]; then
    exit 0
fi
echo "==> preparing the wine prefix $WINEPREFIX"
mkdir -p "$root/target/windows"
dll=$root/target/windows/bcryptprimitives.dll
x86_64-w64-mingw32-gcc-posix -shared -O2 -s -o "$dll" "$src/bcryptprimitives.c" "$src/bcryptprimitives.def" -ladvapi32
if [ ! -f "$WINEPREFIX/system.reg" ]; then
    wineboot --init >/dev/null 2>&1 || true
    wineserver -w
fi
for user in "$WINEPREFIX"/drive_c/users/*/; do
    for link in "$user"*; do
        if [ -L "$link" ]; then rm "$link"; mkdir -p "$link"; fi
    done
done
cp "$dll" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
touch "$stamp"
