# Channel Desk: `make run` sets up and launches the app; `make test` sets up and runs every test.
# Both install only what is missing, on Debian 12 or Ubuntu 22.04 and later.

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

APT_PACKAGES := build-essential curl libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev \
	libayatana-appindicator3-dev libssl-dev pkg-config xvfb xauth webkit2gtk-driver \
	poppler-utils python3 python3-venv dbus
# Tools the tests use live in target/, named by absolute paths: nothing is taken from PATH or
# the home folder that a newcomer's machine may lack.
PYTHON := $(CURDIR)/target/py/bin/python3
TOOLS := $(CURDIR)/target/tools
TAURI_DRIVER := $(TOOLS)/bin/tauri-driver

.PHONY: run test demo setup system rust ui tools

run: setup
	cargo run -p channel-desk -- $(if $(DB),--db "$(DB)")

test: setup tools
	npm run --silent check:ui
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	CHANNEL_DESK_PYTHON=$(PYTHON) CHANNEL_DESK_TAURI_DRIVER=$(TAURI_DRIVER) \
		xvfb-run -a -s "-screen 0 1280x800x24" cargo test --workspace --no-fail-fast

# A database of synthetic people at target/demo.db (replaced each time).
demo: system rust
	cargo build -p channel-desk-cli
	rm -f target/demo.db target/demo.db.keys target/demo.db.attempts target/demo.db-wal target/demo.db-shm
	echo "demo passphrase 1" | target/debug/channel-desk-cli demo --db target/demo.db --cases 60 --username chair --passphrase-stdin >/dev/null
	@echo "Demo database: target/demo.db. Open it with: make run DB=target/demo.db (username chair, passphrase: demo passphrase 1)"

setup: system rust ui

system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done; \
		command -v npm >/dev/null || echo "nodejs npm"); \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi

rust:
	@command -v cargo >/dev/null || \
		(curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt,clippy)
	@(cargo fmt --version && cargo clippy --version) >/dev/null 2>&1 || rustup component add rustfmt clippy

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

ui/vendor/app.css: node_modules/.installed $(wildcard ui/styles/*.scss)
	mkdir -p ui/vendor
	npm run --silent build:css

ui: ui/vendor/app.css

# tauri-driver for the end-to-end tests; an independent SQLCipher 4 client for interop tests,
# in a virtual environment of Debian's own Python (installed above), not whatever is on PATH.
tools:
	@[ -x $(TAURI_DRIVER) ] || cargo install tauri-driver --locked --version '^2' --root $(TOOLS)
	@[ -x $(PYTHON) ] || /usr/bin/python3 -m venv target/py
	@$(PYTHON) -c "import sqlcipher3" 2>/dev/null || $(PYTHON) -m pip install --quiet sqlcipher3-wheels
