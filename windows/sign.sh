#!/usr/bin/env bash
# Authenticode signing of the Windows build with osslsigncode (offline, SHA-256).
#
#   windows/sign.sh FILE          signs FILE (an .exe, .dll or .msi) in place
#   windows/sign.sh --check PROBE checks the signing setup once, by signing a
#                                 copy of PROBE (any unsigned PE file), before
#                                 anything is built: a wrong password, a
#                                 missing token or an expired certificate
#                                 stops here with a clear message
#   windows/sign.sh --enabled     exits 0 when signing is configured
#
# Configuration (environment), docs/WINDOWS.md "Signing":
#   CHITIEU_SIGN_PFX + CHITIEU_SIGN_PASSWORD       a key and certificate file (.pfx)
#   CHITIEU_SIGN_PKCS11_MODULE + CHITIEU_SIGN_PKCS11_KEY
#                                                  a hardware token (PKCS#11 module
#                                                  and key URI); CHITIEU_SIGN_PKCS11_CERT
#                                                  (a file or a pkcs11: URI) when the
#                                                  certificate is not found from the key;
#                                                  CHITIEU_SIGN_PASSWORD, if set, is the PIN
#   CHITIEU_SIGN_TIMESTAMP_URL                     an RFC 3161 time-stamping server
# The file is replaced only by a complete signed copy: a failure leaves it
# as it was and exits non-zero.
set -euo pipefail
me="windows/sign.sh"
die() { echo "$me: $*" >&2; exit 1; }

mode=none
if [ -n "${CHITIEU_SIGN_PFX:-}" ]; then
    mode=pfx
elif [ -n "${CHITIEU_SIGN_PKCS11_MODULE:-}" ] || [ -n "${CHITIEU_SIGN_PKCS11_KEY:-}" ]; then
    mode=pkcs11
fi

if [ "${1:-}" = --enabled ]; then
    [ "$mode" != none ]
    exit
fi
[ "$mode" != none ] || die "signing is not configured (set CHITIEU_SIGN_PFX and CHITIEU_SIGN_PASSWORD, or CHITIEU_SIGN_PKCS11_MODULE and CHITIEU_SIGN_PKCS11_KEY)"
command -v osslsigncode >/dev/null || die "osslsigncode is not installed (Debian package osslsigncode)"

# The key arguments, without the secret on the command line (-readpass reads
# it from a file descriptor).
key_args=()
case $mode in
pfx)
    [ -f "$CHITIEU_SIGN_PFX" ] || die "CHITIEU_SIGN_PFX: no such file «$CHITIEU_SIGN_PFX»"
    [ -n "${CHITIEU_SIGN_PASSWORD+set}" ] || die "CHITIEU_SIGN_PASSWORD is not set (the password of «$CHITIEU_SIGN_PFX»)"
    key_args=(-pkcs12 "$CHITIEU_SIGN_PFX")
    ;;
pkcs11)
    [ -n "${CHITIEU_SIGN_PKCS11_MODULE:-}" ] || die "CHITIEU_SIGN_PKCS11_MODULE is not set (the token's PKCS#11 module, e.g. /usr/lib/x86_64-linux-gnu/libeTPkcs11.so)"
    [ -n "${CHITIEU_SIGN_PKCS11_KEY:-}" ] || die "CHITIEU_SIGN_PKCS11_KEY is not set (the key's pkcs11: URI)"
    [ -f "$CHITIEU_SIGN_PKCS11_MODULE" ] || die "CHITIEU_SIGN_PKCS11_MODULE: no such file «$CHITIEU_SIGN_PKCS11_MODULE» (is the token's driver installed?)"
    cert=${CHITIEU_SIGN_PKCS11_CERT:-${CHITIEU_SIGN_PKCS11_KEY/type=private/type=cert}}
    key_args=(-pkcs11module "$CHITIEU_SIGN_PKCS11_MODULE" -key "$CHITIEU_SIGN_PKCS11_KEY")
    if [ -f "$cert" ]; then key_args+=(-certs "$cert"); else key_args+=(-pkcs11cert "$cert"); fi
    ;;
esac

# sign_to IN OUT: osslsigncode's own messages go to OUT.log.
sign_to() {
    local args=(sign "${key_args[@]}" -h sha256 -n "Chỉ tiêu Chính phủ số")
    [ -z "${CHITIEU_SIGN_TIMESTAMP_URL:-}" ] || args+=(-ts "$CHITIEU_SIGN_TIMESTAMP_URL")
    if [ -n "${CHITIEU_SIGN_PASSWORD+set}" ]; then
        osslsigncode "${args[@]}" -readpass /dev/fd/3 -in "$1" -out "$2" >"$2.log" 2>&1 3< <(printf %s "$CHITIEU_SIGN_PASSWORD")
    else
        osslsigncode "${args[@]}" -in "$1" -out "$2" >"$2.log" 2>&1
    fi
}

if [ "${1:-}" = --check ]; then
    probe=${2:?usage: $me --check PROBE}
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    if [ "$mode" = pfx ]; then
        # The password first, for a message that says so.
        if ! openssl pkcs12 -in "$CHITIEU_SIGN_PFX" -passin fd:3 -noout 3< <(printf %s "$CHITIEU_SIGN_PASSWORD") 2>/dev/null \
            && ! openssl pkcs12 -legacy -in "$CHITIEU_SIGN_PFX" -passin fd:3 -noout 3< <(printf %s "$CHITIEU_SIGN_PASSWORD") 2>/dev/null; then
            die "CHITIEU_SIGN_PASSWORD does not open «$CHITIEU_SIGN_PFX» (wrong password, or not a PKCS#12 file): nothing was built"
        fi
    fi
    cp "$probe" "$tmp/probe.exe"
    if ! sign_to "$tmp/probe.exe" "$tmp/signed.exe"; then
        detail=$(grep -v '^$' "$tmp/signed.exe.log" | tail -3 | tr '\n' ' ')
        case $mode in
        pkcs11) die "cannot sign with the token (is it plugged in, is the key «$CHITIEU_SIGN_PKCS11_KEY» on it, is the PIN right?): $detail" ;;
        *) die "cannot sign with «$CHITIEU_SIGN_PFX»${CHITIEU_SIGN_TIMESTAMP_URL:+ and the time-stamping server $CHITIEU_SIGN_TIMESTAMP_URL}: $detail" ;;
        esac
    fi
    # Every certificate the signature carries must be valid today: Windows
    # rejects a signature made with an expired certificate (unless
    # time-stamped while it was valid, which a new signature cannot be).
    osslsigncode extract-signature -in "$tmp/signed.exe" -out "$tmp/sig.p7" >/dev/null 2>&1 \
        || die "cannot read back the signature of the probe file"
    openssl pkcs7 -inform DER -in "$tmp/sig.p7" -print_certs 2>/dev/null \
        | awk -v d="$tmp" '/BEGIN CERT/{n++} n{print > (d "/cert" n ".pem")}'
    for c in "$tmp"/cert*.pem; do
        [ -f "$c" ] || die "the signature of the probe file carries no certificate"
        subject=$(openssl x509 -in "$c" -noout -subject -nameopt utf8,sep_comma_plus 2>/dev/null | sed 's/^subject=//')
        end=$(openssl x509 -in "$c" -noout -enddate | sed 's/^notAfter=//')
        start=$(openssl x509 -in "$c" -noout -startdate | sed 's/^notBefore=//')
        openssl x509 -in "$c" -noout -checkend 0 >/dev/null \
            || die "the certificate «$subject» expired on $end: renew it (nothing was built)"
        [ "$(date -d "$start" +%s)" -le "$(date +%s)" ] \
            || die "the certificate «$subject» is valid only from $start (nothing was built)"
    done
    exit 0
fi

file=${1:?usage: $me FILE | --check PROBE | --enabled}
[ -f "$file" ] || die "no such file «$file»"
tmp="$file.signing"
rm -f "$tmp" "$tmp.log"
if ! sign_to "$file" "$tmp"; then
    detail=$(grep -v '^$' "$tmp.log" | tail -3 | tr '\n' ' ')
    rm -f "$tmp" "$tmp.log"
    die "cannot sign «$file»: $detail"
fi
rm -f "$tmp.log"
mv -f "$tmp" "$file"
