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

.PHONY: install compile demo test test-deep bench bench-update lint coverage mutation forge-test clean

install: $(STAMPS)/python $(STAMPS)/node

$(STAMPS)/node: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@ln -sf ../../node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil $(VENV)/bin/anvil 2>/dev/null || true
	@touch $@

$(STAMPS)/python: pyproject.toml constraints.txt
	@mkdir -p $(STAMPS)
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet -c constraints.txt -e .
	@touch $@

# Native anvil/forge from npm; ape-foundry looks for anvil on PATH.
$(STAMPS)/links: $(STAMPS)/python $(STAMPS)/node
	@ln -sf $(ROOT)/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil $(VENV)/bin/anvil
	@ln -sf $(ROOT)/node_modules/@foundry-rs/forge-linux-amd64/bin/forge $(VENV)/bin/forge
	@touch $@

compile: $(MANIFEST)

$(MANIFEST): $(STAMPS)/links $(SOURCES) ape-config.yaml
	ape compile
	$(VENV)/bin/python -m modelmarket.manifest_export
	@touch $@

demo: compile
	ape run demo

test: compile
	$(VENV)/bin/pytest tests -q -p no:cacheprovider

test-deep: compile
	MODELMARKET_DEEP=1 $(VENV)/bin/pytest tests -q -p no:cacheprovider
	FOUNDRY_PROFILE=deep forge test

forge-test: $(STAMPS)/links
	forge test

coverage: $(STAMPS)/links
	forge coverage --report summary

bench: compile
	$(VENV)/bin/python -m benchmarks.run

bench-update: compile
	$(VENV)/bin/python -m benchmarks.run --update-snapshot

clean:
	rm -rf .build out-forge cache-forge contracts/.cache $(MANIFEST)
