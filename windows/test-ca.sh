#!/usr/bin/env bash
# A throw-away code-signing CA for `make test` (never for a release), made
# with openssl in DIR (default target/windows/test-ca):
#   ca.pem                the CA's certificate (osslsigncode verify -CAfile)
#   signer.pfx            a code-signing certificate and key signed by it,
#                         password "chitieu-test"
#   expired.pfx           the same, expired in 2021 (the bad-input test)
# Remade when missing or older than this script.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
d=${1:-$root/target/windows/test-ca}
if [ -f "$d/signer.pfx" ] && [ -f "$d/expired.pfx" ] && [ "$d/signer.pfx" -nt "$0" ]; then
    exit 0
fi
echo "==> a throw-away test CA in $d"
rm -rf "$d"
mkdir -p "$d"
cd "$d"
pw=chitieu-test
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 -sha256 \
    -subj "/CN=chitieu TEST CA (not trusted anywhere)" \
    -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
cat > ca.cnf <<EOF
[ca]
default_ca = test
[test]
dir = $d
database = $d/index.txt
new_certs_dir = $d
serial = $d/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
organizationName = optional
[codesign]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
: > index.txt
echo 1000 > serial
# sign NAME START END: a code-signing certificate and its .pfx.
sign() {
    openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" \
        -subj "/O=chitieu/CN=chitieu test signer ($1)" 2>/dev/null
    openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in "$1.csr" -out "$1.pem" \
        -startdate "$2" -enddate "$3" -extensions codesign -notext 2>/dev/null
    openssl pkcs12 -export -inkey "$1.key" -in "$1.pem" -certfile ca.pem -out "$1.pfx" -passout "pass:$pw"
}
sign expired 20200101000000Z 20210101000000Z
sign signer "$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)" "$(date -u -d '+30 days' +%Y%m%d%H%M%SZ)"
rm -f ./*.csr ./*.key.old
