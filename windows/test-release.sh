#!/usr/bin/env bash
# Checks what `make windows` put in target/windows, as a Windows release
# engineer would (part of `make test-windows`):
# - the exes' resources: version resource, icon, manifest (windows/check-pe.py);
# - every signature (the exes, the loader, the installer, the MSI) verifies
#   against CHITIEU_SIGN_CAFILE (`make test`: the throw-away test CA), SHA-256;
#   the uninstaller's is checked by test-installer.sh once it is installed;
# - bad signing input (a wrong password, an expired certificate, a missing
#   token, an unreachable time-stamping server) stops packaging with a clear
#   message and leaves no installer behind;
# - the sizes against the aims of docs/WINDOWS.md (reported, not asserted).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=${1:?usage: test-release.sh VERSION}
win=$root/target/windows
. "$root/windows/test-lib.sh"

echo "==> resources (pefile)"
# Debian's python3 (python3-pefile), not another python3 on PATH.
if /usr/bin/python3 "$root/windows/check-pe.py" "$version" "$win/chitieu-app.exe" "$win/chitieu.exe"; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
fi

echo "==> signatures"
if "$root/windows/sign.sh" --enabled; then
    ca=()
    [ -z "${CHITIEU_SIGN_CAFILE:-}" ] || ca=(-CAfile "$CHITIEU_SIGN_CAFILE")
    # WebView2Loader.dll comes signed by Microsoft (package.sh signs it only
    # when it is not): its chain is Microsoft's, not the test CA's.
    for f in chitieu-app.exe chitieu.exe chitieu-setup.exe chitieu.msi; do
        out=$(osslsigncode verify "${ca[@]}" -in "$win/$f" 2>&1 || true)
        check "$f: the signature verifies" grep -q '^Succeeded' <<<"$out"
        check "$f: SHA-256" grep -qi 'Message digest algorithm *: SHA256' <<<"$out"
    done
else
    echo "note: signing not configured, signatures not checked"
fi

echo "==> bad signing input stops packaging and leaves no installer"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
testca=$win/test-ca
[ -f "$testca/expired.pfx" ] || "$root/windows/test-ca.sh" "$testca" >/dev/null
bad() { # bad DESCRIPTION EXPECTED-MESSAGE VAR=VALUE...
    local what=$1 expect=$2; shift 2
    mkdir -p "$scratch/out"
    touch "$scratch/out/chitieu-setup.exe" "$scratch/out/chitieu.msi"   # an earlier build's
    local rc=0 msg
    msg=$(env -u CHITIEU_SIGN_PFX -u CHITIEU_SIGN_PASSWORD -u CHITIEU_SIGN_PKCS11_MODULE -u CHITIEU_SIGN_PKCS11_KEY \
        -u CHITIEU_SIGN_TIMESTAMP_URL "$@" "$root/windows/package.sh" "$version" "$scratch/out" 2>&1) || rc=$?
    check "$what: stops (status $rc)" test "$rc" != 0
    check "$what: says «$expect»" grep -qF "$expect" <<<"$msg"
    check "$what: no installer, no MSI left" bash -c "[ ! -e '$scratch/out/chitieu-setup.exe' ] && [ ! -e '$scratch/out/chitieu.msi' ] && [ -z \"\$(ls -A '$scratch/out')\" ]"
    rm -rf "$scratch/out"
}
bad "a wrong PFX password" "does not open" CHITIEU_SIGN_PFX="$testca/signer.pfx" CHITIEU_SIGN_PASSWORD=wrong
bad "an expired certificate" "expired on" CHITIEU_SIGN_PFX="$testca/expired.pfx" CHITIEU_SIGN_PASSWORD=chitieu-test
bad "a token whose driver is missing" "is the token's driver installed" \
    CHITIEU_SIGN_PKCS11_MODULE=/nonexistent/libtoken.so CHITIEU_SIGN_PKCS11_KEY="pkcs11:object=chitieu;type=private"
bad "a token that is not there" "cannot sign with the token" \
    CHITIEU_SIGN_PKCS11_MODULE="$win/bcryptprimitives.dll" CHITIEU_SIGN_PKCS11_KEY="pkcs11:object=chitieu;type=private"
bad "an unreachable time-stamping server" "time-stamping server" CHITIEU_SIGN_PFX="$testca/signer.pfx" \
    CHITIEU_SIGN_PASSWORD=chitieu-test CHITIEU_SIGN_TIMESTAMP_URL=http://127.0.0.1:9/

echo "==> sizes (aims: setup <= 7 MiB, app <= 14 MiB, CLI <= 6 MiB)"
for f in chitieu-setup.exe chitieu.msi chitieu-app.exe chitieu.exe; do
    b=$(stat -c %s "$win/$f")
    awk -v f="$f" -v b="$b" 'BEGIN { printf "     %-18s %6.2f MiB (%d B)\n", f, b / 1048576, b }'
done

summary release
