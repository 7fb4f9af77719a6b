#!/usr/bin/env bash
# A SoftHSM2 test token for trying `chitieu sign` and the app's «Ký số» by
# hand (and for the README's screenshot): a throw-away CA, a signer
# certificate for a Thái Nguyên official, its key on a token labelled
# CHITIEU-TEST with PIN 123456. TEST DATA: no real person or key.
#
#   docs/tools/test-token.sh /tmp/token
#   export SOFTHSM2_CONF=/tmp/token/softhsm2.conf
#   CHITIEU_PIN=123456 chitieu sign --pkcs11 /usr/lib/softhsm/libsofthsm2.so X.pdf --out Y.pdf
#
# Needs openssl, softhsm2 and opensc (pkcs11-tool): `make deps-test`.
set -euo pipefail
dir=${1:?usage: $0 DIR}
mkdir -p "$dir/tokens"
cd "$dir"
module=""
for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so; do
  [ -e "$m" ] && module=$m && break
done
[ -n "$module" ] || { echo "softhsm2 is not installed" >&2; exit 1; }
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca.key.pem 2>/dev/null
openssl req -x509 -new -key ca.key.pem -out ca.pem -days 3650 -utf8 \
  -subj "/C=VN/O=CA thử nghiệm chitieu/CN=CA thử nghiệm chitieu" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out signer.key.pem 2>/dev/null
openssl req -new -key signer.key.pem -out signer.csr -utf8 \
  -subj "/C=VN/O=Sở Thông tin và Truyền thông tỉnh Thái Nguyên/CN=Nguyễn Thị Hồng Hạnh"
printf 'keyUsage=critical,digitalSignature,nonRepudiation\nbasicConstraints=CA:FALSE\n' > signer.ext
openssl x509 -req -in signer.csr -CA ca.pem -CAkey ca.key.pem -CAcreateserial -days 365 \
  -extfile signer.ext -out signer.pem 2>/dev/null
openssl x509 -in signer.pem -outform DER -out signer.der
openssl x509 -in ca.pem -outform DER -out ca.der
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$dir/tokens" > softhsm2.conf
export SOFTHSM2_CONF=$dir/softhsm2.conf
softhsm2-util --init-token --free --label CHITIEU-TEST --pin 123456 --so-pin 12345678 >/dev/null
softhsm2-util --import signer.key.pem --token CHITIEU-TEST --label signer --id 01 --pin 123456 >/dev/null
for obj in "signer.der 01 signer" "ca.der 99 ca"; do
  set -- $obj
  pkcs11-tool --module "$module" --token-label CHITIEU-TEST --login --pin 123456 \
    --write-object "$1" --type cert --id "$2" --label "$3" >/dev/null
done
echo "token CHITIEU-TEST (PIN 123456) in $dir; export SOFTHSM2_CONF=$dir/softhsm2.conf; module $module"
