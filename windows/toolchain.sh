#!/usr/bin/env bash
# Unpacks Debian's Rust toolchain that can build for Windows into
# target/windows/toolchain, without installing it: rustc-web and cargo-web
# (Rust 1.96, newer than the distribution's rustc) conflict with rustup, and
# the machine's own Rust must stay as it is. The standard library for
# x86_64-pc-windows-gnu is then built from rust-web-src by cargo's
# -Zbuild-std (windows/env.sh). No Rust target or toolchain is downloaded.
#
# Idempotent: a stamp file records the package versions unpacked; a second
# run with the same candidates does nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest=$root/target/windows/toolchain
debs=$root/target/windows/debs
# Debian 12 (bookworm, security updates) names; libllvm22 and the
# libstd-rust-web-1.96 follow the compiler's version.
pkgs="rustc-web cargo-web rust-web-src libstd-rust-web-1.96 libstd-rust-web-dev libllvm22"

candidates() { apt-cache policy $pkgs | awk '/^[^ ]/{p=$1} /Candidate:/{print p, $2}'; }
want=$(candidates)
if echo "$want" | grep -q "(none)" || [ "$(echo "$want" | wc -l)" != 6 ]; then
    apt-get update -qq
    want=$(candidates)
fi
if [ -f "$dest/.stamp" ] && [ "$(cat "$dest/.stamp")" = "$want" ] && [ -x "$dest/usr/bin/cargo" ]; then
    exit 0
fi
if echo "$want" | grep -q "(none)"; then
    echo "windows/toolchain.sh: a package is missing from apt's lists (run apt-get update):" >&2
    echo "$want" >&2
    exit 1
fi
echo "==> unpacking Debian's rustc-web toolchain into $dest"
rm -rf "$dest" "$debs"
mkdir -p "$dest" "$debs"
# apt-get download writes into the current folder; _apt must be able to.
chmod 777 "$debs"
# Lists older than the archive name files it no longer has: refresh, retry.
(cd "$debs" && apt-get download -q $pkgs) || { apt-get update -qq && want=$(candidates) && (cd "$debs" && apt-get download -q $pkgs); }
for d in "$debs"/*.deb; do dpkg -x "$d" "$dest"; done
rm -rf "$debs"
echo "$want" > "$dest/.stamp"
LD_LIBRARY_PATH=$dest/usr/lib/x86_64-linux-gnu "$dest/usr/bin/rustc" --version
