#!/usr/bin/env bash
# Packages the release build of `make windows` into OUT (default
# target/windows): chitieu-app.exe, WebView2Loader.dll, chitieu.exe, the
# per-user NSIS installer chitieu-setup.exe and the per-machine MSI
# chitieu.msi — signed when CHITIEU_SIGN_* say how (windows/sign.sh), else
# unsigned, said once.
#
#   windows/package.sh VERSION [OUT]
#
# Everything is made in a staging folder and moved into OUT only when all of
# it is built and signed: a wrong password, a missing token or an expired
# certificate stops before anything is built, any later failure leaves OUT
# without an installer, never with a half-signed one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=${1:?usage: windows/package.sh VERSION [OUT]}
out=${2:-$root/target/windows}
rel=${CHITIEU_WIN_RELEASE:-$root/target/windows/cargo/x86_64-pc-windows-gnu/release}
sign=$root/windows/sign.sh
products=(chitieu-app.exe WebView2Loader.dll chitieu.exe chitieu-setup.exe chitieu.msi)

mkdir -p "$out"
for p in "${products[@]}"; do rm -f "$out/$p"; done
stage=$(mktemp -d "$out/.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT

signed=0
if "$sign" --enabled; then
    "$sign" --check "$rel/chitieu.exe"
    signed=1
    echo "==> signing with ${CHITIEU_SIGN_PFX:-the PKCS#11 token}${CHITIEU_SIGN_TIMESTAMP_URL:+, time-stamped by $CHITIEU_SIGN_TIMESTAMP_URL}"
else
    echo "==> UNSIGNED build: set CHITIEU_SIGN_PFX and CHITIEU_SIGN_PASSWORD (or CHITIEU_SIGN_PKCS11_MODULE and CHITIEU_SIGN_PKCS11_KEY) to sign it (docs/WINDOWS.md, \"Signing\")"
fi

cp "$rel/chitieu-app.exe" "$rel/chitieu.exe" "$rel/WebView2Loader.dll" "$stage/"
if [ $signed = 1 ]; then
    "$sign" "$stage/chitieu-app.exe"
    "$sign" "$stage/chitieu.exe"
    # Microsoft's loader, when it comes unsigned (as webview2-com ships it):
    # signed too, so that every file installed carries a signature.
    if ! osslsigncode extract-signature -in "$stage/WebView2Loader.dll" -out "$stage/.sig" >/dev/null 2>&1; then
        "$sign" "$stage/WebView2Loader.dll"
    fi
fi

nsis_sign=()
[ $signed = 0 ] || nsis_sign=(-DSIGN="$sign")
makensis -V2 -DVERSION="$version" -DBIN="$stage" -DICON="$root/src-tauri/icons/icon.ico" \
    -DOUTFILE="$stage/chitieu-setup.exe" "${nsis_sign[@]}" "$root/windows/installer.nsi"

# wixl takes no absolute paths: it runs beside the files, with a copy of the
# source and the icon, removed before the move.
cp "$root/windows/chitieu.wxs" "$root/src-tauri/icons/icon.ico" "$stage/"
(cd "$stage" && wixl -a x64 -D Version="$version" -o chitieu.msi chitieu.wxs)
rm "$stage/chitieu.wxs" "$stage/icon.ico"
[ $signed = 0 ] || "$sign" "$stage/chitieu.msi"

# The exes first, the installers last: an interrupted move leaves no installer.
for p in "${products[@]}"; do mv "$stage/$p" "$out/$p"; done
ls -l "${products[@]/#/$out/}"
