# modelmarket — every target installs what it needs (idempotently) from PyPI and npm only.
SHELL := /bin/bash
PYTHON ?= python3.11
ROOT := $(CURDIR)
VENV := $(ROOT)/.venv
STAMPS := $(ROOT)/.stamps
export PATH := $(VENV)/bin:$(ROOT)/node_modules/.bin:$(PATH)
export SOLCX_BINARY_PATH := $(ROOT)/solc-bin
export APE_DATA_FOLDER := $(ROOT)/.ape
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYTHONDONTWRITEBYTECODE := 1
MANIFEST := modelmarket/data/manifest.json
SOURCES := $(shell find contracts interfaces -name '*.sol' -not -path '*/.cache/*' 2>/dev/null)

.PHONY: install compile demo test test-deep bench bench-update lint coverage mutation forge-test clean loadtest

install: $(STAMPS)/python $(STAMPS)/node

$(STAMPS)/node: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@ln -sf ../../node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil $(VENV)/bin/anvil 2>/dev/null || true
	@touch $@

$(STAMPS)/python: pyproject.toml constraints.txt
	@mkdir -p $(STAMPS)
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

# Native anvil/forge from npm; ape-foundry looks for anvil on PATH.
$(STAMPS)/links: $(STAMPS)/python $(STAMPS)/node
	@ln -sf $(ROOT)/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil $(VENV)/bin/anvil
	@ln -sf $(ROOT)/node_modules/@foundry-rs/forge-linux-amd64/bin/forge $(VENV)/bin/forge
	@touch $@

compile: $(MANIFEST)

# Ape lists a project's sources with a walk capped at 500 files; once OpenZeppelin's copy sits in
# contracts/.cache (507 files) a rebuild can miss contracts/mocks, so every build starts without it.
$(MANIFEST): $(STAMPS)/links $(SOURCES) ape-config.yaml
	rm -rf contracts/.cache
	ape compile
	$(VENV)/bin/python -m modelmarket.manifest_export
	@touch $@

demo: compile
	ape run demo

# Two workers (one anvil each); a module's tests stay on one worker (module-scoped scenarios).
PYTEST := $(VENV)/bin/pytest tests -q -p no:cacheprovider -n 2 --dist loadfile --durations=12

# Fixed fuzz seed for `make test` so CI gives the same answer every run; test-deep draws a fresh one.
FUZZ_SEED ?= 0x6d6f64656c6d61726b6574

# Debian's chromium for the dashboard's browser tests (playwright drives /usr/bin/chromium; it never
# downloads a browser of its own).
$(STAMPS)/chromium: tools/apt-install.sh
	@mkdir -p $(STAMPS)
	tools/apt-install.sh chromium
	@touch $@

# pytest (unit, CLI, SDK, e2e, attacks, invariants, gas snapshot), then forge fuzz/invariants (256 runs).
test: compile $(STAMPS)/postgresql $(STAMPS)/chromium
	$(PYTEST)
	forge test --fuzz-seed $(FUZZ_SEED)

# Debian's PostgreSQL for the gateway's shared-book tests (tests start their own server).
$(STAMPS)/postgresql: tools/apt-install.sh
	@mkdir -p $(STAMPS)
	tools/apt-install.sh postgresql
	@touch $@

test-deep: compile $(STAMPS)/postgresql $(STAMPS)/chromium
	MODELMARKET_DEEP=1 $(PYTEST)
	FOUNDRY_PROFILE=deep forge test

forge-test: $(STAMPS)/links
	forge test

# Slither in its own venv (pinned in tools/slither-constraints.txt): in .venv it would drop solc-select's `solc`.
$(STAMPS)/slither: tools/slither-constraints.txt
	@mkdir -p $(STAMPS)
	@test -x $(ROOT)/.venv-slither/bin/python || $(PYTHON) -m venv $(ROOT)/.venv-slither
	$(ROOT)/.venv-slither/bin/pip install --quiet -c tools/slither-constraints.txt slither-analyzer==0.11.6
	@touch $@

# solhint (0 errors) + slither (0 high / 0 medium after the triage in slither.config.json).
lint: $(STAMPS)/links $(STAMPS)/slither
	tools/lint.sh

# forge coverage of contracts/ (mocks excluded); fails under 95 % lines or 90 % branches.
coverage: $(STAMPS)/links
	tools/coverage.sh

# slither-mutate over contracts/ against the forge tests, in a scratch copy of the tree.
# MUTATE="contracts/libraries/BpsMath.sol ..." narrows it to some files (one run per file).
mutation: $(STAMPS)/links $(STAMPS)/slither
	$(ROOT)/.venv-slither/bin/python tools/mutation.py $(MUTATE)

bench: compile
	$(VENV)/bin/python -m benchmarks.run

# Paid vs unpaid requests/s through one gateway on 127.0.0.1, and a kill -9 mid-load (also in `make bench`).
loadtest: compile
	$(VENV)/bin/python -m benchmarks.gateway_load

bench-update: compile
	$(VENV)/bin/python -m benchmarks.run --update-snapshot

clean:
	rm -rf .build out-forge cache-forge contracts/.cache $(MANIFEST)
