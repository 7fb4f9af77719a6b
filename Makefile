# chitieu — the two commands a newcomer needs:
#   make run    install what is missing, build, start the desktop app
#   make test   every test (installs what it needs first)
#
# Everything is installed only when missing, so a second run is quick.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages: to build the desktop app, and to test it.
APT_BUILD := pkg-config libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libsoup-3.0-dev
APT_TEST := xvfb xauth webkit2gtk-driver fonts-dejavu-core libreoffice-calc-nogui poppler-utils
# PDF signatures (tests/sign.rs): a software token, its tool, and Python for pyHanko.
APT_TEST += softhsm2 opensc python3-venv
# pyHanko, the independent signer and validator of tests/sign.rs, in a venv.
PYHANKO := target/pyhanko/bin/python3

# apt_ensure(packages): installs those not yet installed.
define apt_ensure
	@missing=""; for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "==> apt-get install$$missing"; \
		$(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

.PHONY: run test check-style deps-core deps-windows windows test-windows bench-windows deps-build deps-test deps-pyhanko cli test-core test-cli check-gui-free check-bindings \
        bindings test-app test-e2e bench app walkthrough

## ---- dependencies --------------------------------------------------------

deps-core:
	$(call apt_ensure,pkg-config)

deps-build:
	$(call apt_ensure,$(APT_BUILD))

deps-test: deps-build
	$(call apt_ensure,$(APT_TEST))

## ---- build and run ---------------------------------------------------------

cli: deps-core
	$(CARGO) build --release --bin chitieu

# A CLI walk-through on a scratch database (the desktop app is `make run`).
walkthrough: cli
	@db=$$(mktemp -d)/walkthrough.db; c="target/release/chitieu --db $$db"; \
	set -x; $$c periods --year 2024; \
	$$c set --unit THAI-NGUYEN --period 2024-Q2 1.1 "86,97%"; \
	$$c show --unit THAI-NGUYEN --period 2024-Q2; \
	$$c validate --unit THAI-NGUYEN --period 2024-Q2 | tail -3 || true

run: app

## ---- tests -------------------------------------------------------------------

test: check-style test-core test-cli check-gui-free check-bindings test-app test-e2e test-windows

test-core: deps-core
	$(call apt_ensure,python3-openpyxl)
	$(CARGO) test -p chitieu-core --features ts
	# The benchmarks run once each, as tests, so they keep working.
	$(CARGO) test -p chitieu-core --benches

test-cli: deps-test deps-pyhanko
	$(call apt_ensure,python3-openpyxl)
	$(CARGO) build -p chitieu-cli
	CHITIEU_PYTHON=$(CURDIR)/$(PYHANKO) $(CARGO) test -p chitieu-cli -p chitieu-sign -p chitieu-tests

# pyHanko (PyPI) in target/pyhanko, installed only when missing.
deps-pyhanko: deps-test
	@$(PYHANKO) -c 'import pyhanko' 2>/dev/null || { echo "==> pip install pyhanko (target/pyhanko)"; \
		python3 -m venv target/pyhanko && $(PYHANKO) -m pip install --quiet 'pyhanko[pkcs11]'; }

# The habits: rustfmt-clean, and clippy with every warning an error, on every
# target (the workspace's [lints] in Cargo.toml, clippy.toml, and each crate
# root's ban on unwrap/expect outside tests).
check-style: deps-build ui-build
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# The core and the CLI must not depend on any GUI crate.
check-gui-free: deps-core
	@for p in chitieu-core chitieu-sign chitieu-cli; do \
		bad=$$($(CARGO) tree -p $$p -e normal,build --prefix none --format '{p}' | grep -E '^(tauri|wry|tao|gtk|gdk|webkit2gtk|javascriptcore)[-_ ]' || true); \
		if [ -n "$$bad" ]; then echo "$$p depends on GUI crates:"; echo "$$bad"; exit 1; fi; \
		echo "$$p: no GUI crate in its dependency tree"; \
	done

# The TypeScript types of the UI are generated from the core's Rust types.
bindings:
	rm -rf ui/src/bindings
	TS_RS_EXPORT_DIR=$(CURDIR)/ui/src/bindings $(CARGO) test -q -p chitieu-core --features ts --lib export_bindings >/dev/null
	# The UI tests' canned answers (ui/test/fixtures), made by the core.
	UPDATE_UI_FIXTURES=1 $(CARGO) test -q -p chitieu-core --features ts --test ui_fixtures >/dev/null

check-bindings: deps-core
	@tmp=$$(mktemp -d); TS_RS_EXPORT_DIR=$$tmp $(CARGO) test -q -p chitieu-core --features ts --lib export_bindings >/dev/null; \
	if [ -d ui/src/bindings ]; then diff -r $$tmp ui/src/bindings && echo "TypeScript bindings are up to date" \
	  || { echo "ui/src/bindings is stale: run 'make bindings'"; exit 1; }; fi
	@$(CARGO) test -q -p chitieu-core --features ts --test ui_fixtures >/dev/null 2>&1 && echo "UI test fixtures are up to date" \
	  || { echo "ui/test/fixtures is stale: run 'make bindings'"; exit 1; }

bench: cli
	$(CARGO) bench -p chitieu-core --bench core

## ---- fuzzing (not part of `make test`) --------------------------------------

# libFuzzer over the whole import path (fuzz/; docs/RELIABILITY.md, "Fuzzing
# the importer"): FUZZ_SECONDS of one job at low priority, each input answered
# within 5 s and under 300 MB. Runs on stable Rust (RUSTC_BOOTSTRAP=1).
# Findings land in fuzz/artifacts/FUZZ_TARGET/. FUZZ_TARGET: import (raw bytes),
# import_parts (zip parts mutated one by one) or verify (the PDF signature
# verifier of crates/chitieu-sign, 1 s per input).
FUZZ_SECONDS ?= 600
FUZZ_TARGET ?= import

.PHONY: fuzz
fuzz: deps-core
	@command -v cargo-fuzz >/dev/null || [ -x "$${CARGO_HOME:-$$HOME/.cargo}/bin/cargo-fuzz" ] || $(CARGO) install cargo-fuzz --locked
	fuzz/run.sh $(FUZZ_TARGET) $(FUZZ_SECONDS)

## ---- desktop app (src-tauri, ui) -------------------------------------------

.PHONY: deps-node ui-deps ui-build app-build deps-e2e bench-app bundle
XVFB := xvfb-run -a -s "-screen 0 1366x800x24"

# Node and npm (Debian's when the machine has none).
deps-node:
	@if ! command -v npm >/dev/null; then echo "==> apt-get install nodejs npm"; $(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends nodejs npm; fi

# ui/node_modules from the lock file, when missing or older than it.
# `npm install --no-save` installs what the lock says and leaves it as it is;
# `npm ci` would refuse here, because the registry mirror this project builds
# against omits other platforms' optional packages from the lock.
ui/node_modules/.package-lock.json: ui/package.json ui/package-lock.json
	cd ui && npm install --no-save --no-audit --no-fund --loglevel=error
	@touch $@

ui-deps: deps-node ui/node_modules/.package-lock.json

ui-build: ui-deps
	cd ui && npm run --silent build

# One debug build serves `make run`, the command tests and the e2e suite.
app-build: deps-build ui-build
	$(CARGO) build -p chitieu-desktop

app: app-build
	./target/debug/chitieu-app

# Commands on Tauri's mock runtime (and the shell's bindings), then the UI's
# type check and unit tests (vitest, jsdom, mock backend).
test-app: deps-build ui-build
	$(CARGO) test -p chitieu-desktop
	cd ui && npx --no-install vitest run

deps-e2e: deps-test
	$(call apt_ensure,xclip dbus)
	@command -v tauri-driver >/dev/null || [ -x "$${CARGO_HOME:-$$HOME/.cargo}/bin/tauri-driver" ] || $(CARGO) install tauri-driver --version '^2' --locked

# The real app in its real webview over WebDriver, under Xvfb; screenshots
# land in target/screenshots/, or refresh docs/screenshots/ (what the README
# shows) with `UPDATE_SCREENSHOTS=1 make test-e2e`.
# Each suite file in its own X display (its own session bus): a suite run
# after another on one display sometimes reached what the previous app left
# (a picked file answered nowhere); alone, each passes. tests/e2e/run.sh runs
# a failed suite once more and reports it as FLAKY or FAILED, logs in
# target/e2e/.
test-e2e: deps-e2e app-build
	$(CARGO) build -p chitieu-cli
	tests/e2e/run.sh

# Launch time and idle memory of the app and its WebKit processes.
bench-app: deps-test app-build
	$(CARGO) build -p chitieu-cli
	$(XVFB) node tests/e2e/bench.mjs

# Installers (not part of `make test`): .deb and .rpm, with their sizes.
bundle: deps-build ui-build
	./ui/node_modules/.bin/tauri build --bundles deb,rpm
	@ls -l target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm

## ---- Windows: cross-built here, tested under wine (docs/WINDOWS.md) -------

# mingw-w64 links, wine runs, makensis packs the installer, wixl the MSI,
# osslsigncode signs; libgit2 is what Debian's cargo-web needs at run time;
# pefile reads the exes' resources in the test. The Rust toolchain itself is
# unpacked, not installed (windows/toolchain.sh), and cached under target/windows.
APT_WINDOWS := gcc-mingw-w64-x86-64-posix g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 wine wine64 nsis libgit2-1.5 \
	wixl msitools osslsigncode openssl python3-pefile
WIN := target/windows
WIN_ENV := . windows/env.sh &&
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)

# `make test` signs with a throw-away test CA (windows/test-ca.sh) unless a
# real certificate is configured (or CHITIEU_SIGN_TEST_CA=0: an unsigned
# build, as the release workflow without its secrets), and verifies every
# signature against it.
ifneq ($(filter test test-windows,$(MAKECMDGOALS)),)
ifeq ($(CHITIEU_SIGN_PFX)$(CHITIEU_SIGN_PKCS11_MODULE)$(filter 0,$(CHITIEU_SIGN_TEST_CA)),)
export CHITIEU_SIGN_PFX := $(CURDIR)/$(WIN)/test-ca/signer.pfx
export CHITIEU_SIGN_PASSWORD := chitieu-test
export CHITIEU_SIGN_CAFILE := $(CURDIR)/$(WIN)/test-ca/ca.pem
WIN_TEST_CA := windows-test-ca
endif
endif

.PHONY: windows-test-ca
windows-test-ca:
	windows/test-ca.sh

deps-windows:
	$(call apt_ensure,$(APT_WINDOWS))
	windows/toolchain.sh
	windows/prefix.sh

# The desktop app and the CLI for Windows x64 (one release build: size
# profile, std built from source for x86_64-pc-windows-gnu, Tauri's mock
# runtime left out), then windows/package.sh: the exes, the per-user NSIS
# installer and the per-machine MSI in target/windows, signed when
# CHITIEU_SIGN_* are set (docs/WINDOWS.md, "Signing").
# Try the CLI: WINEPREFIX=$$PWD/target/windows/wine wine target/windows/chitieu.exe --help
windows: deps-windows ui-build $(WIN_TEST_CA)
	$(WIN_ENV) nice -n 10 cargo build --release $$WIN_CARGO_FLAGS --no-default-features -p chitieu-cli -p chitieu-desktop
	windows/package.sh $(VERSION)

# Under wine: the core's tests (profile wintest: no LTO), the CLI end-to-end
# suites against the shipped (release, signed) chitieu.exe (faults.rs and
# libreoffice.rs are Linux-only: docs/WINDOWS.md), the exes' resources and
# signatures, then the installer (install, upgrade over a running app,
# downgrade, uninstall) and the MSI.
# Three tests fill a workbook with python3/openpyxl, a Linux program a
# Windows process cannot start: skipped here, run natively by test-core.
WIN_SKIP := --skip the_template_comes_back_once_filled --skip an_export_edited_after_the_fact_is_read_from_its_cells \
	--skip a_dash_in_an_imported_file_clears_the_figure
# The test binaries have their own target folder, so that they can be built
# while `make windows` builds (make -j) and never wait on its lock.
WIN_TEST_ENV := $(WIN_ENV) export CARGO_TARGET_DIR=$(CURDIR)/$(WIN)/cargo-test &&
test-windows: windows
	$(WIN_TEST_ENV) nice -n 10 cargo test --profile wintest $$WIN_CARGO_FLAGS -p chitieu-core -- $(WIN_SKIP)
	$(WIN_TEST_ENV) CHITIEU_BIN=$(CURDIR)/$(WIN)/chitieu.exe CHITIEU_CRASH_KILLS=20 nice -n 10 cargo test --profile wintest $$WIN_CARGO_FLAGS \
		-p chitieu-tests --test cli --test paths --test import_fixtures --test crash
	windows/test-release.sh $(VERSION)
	windows/test-installer.sh $(VERSION)
	windows/test-msi.sh $(VERSION)

# CLI import/export: the Windows build under wine against the native one
# (not part of `make test`; BENCHMARKS.md).
bench-windows: cli windows
	windows/bench.sh
