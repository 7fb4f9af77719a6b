# Sourced by the Makefile's Windows targets (and by hand: `. windows/env.sh`):
# the environment of the Windows cross-build. Debian's rustc-web/cargo-web
# (unpacked under target/windows/toolchain, see windows/toolchain.sh) build
# the standard library for x86_64-pc-windows-gnu from rust-web-src
# (-Zbuild-std, allowed on a stable compiler by RUSTC_BOOTSTRAP=1); mingw-w64
# (posix threads) links; wine runs what was built.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tc=$root/target/windows/toolchain/usr
export PATH=$tc/bin:$PATH
export LD_LIBRARY_PATH=$tc/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export RUSTC=$tc/bin/rustc RUSTDOC=$tc/bin/rustdoc
unset RUSTUP_TOOLCHAIN RUSTFLAGS
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR=$root/target/windows/cargo
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc-posix
# Static C runtime: the exes need no mingw DLL beside them.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="-C target-feature=+crt-static"
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc-posix
export CXX_x86_64_pc_windows_gnu=x86_64-w64-mingw32-g++-posix
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
export RC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-windres
export WINEPREFIX=${WINEPREFIX:-$root/target/windows/wine}
export WINEDEBUG=${WINEDEBUG:--all}
# No Mono/Gecko download prompts; no menu entries in the Linux desktop for
# the shortcuts the installer test creates.
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=;winemenubuilder.exe=d}
# `cargo test` runs the Windows test binaries under wine.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
WIN_CARGO_FLAGS="--target x86_64-pc-windows-gnu -Zbuild-std=std,panic_unwind"
