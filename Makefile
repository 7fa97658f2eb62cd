# OneWindow Hub — the two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
NPM_STAMP := frontends/node_modules/.installed
DIST := frontends/dist/index.html
FRONTEND_SOURCES := $(shell find frontends/src frontends/public -type f 2>/dev/null) \
	frontends/index.html frontends/vite.config.js

.PHONY: run test bench schema frontend venv lint migrate seed clean

run: venv frontend  ## install, build, migrate, seed and serve on http://127.0.0.1:8000
	$(PY) -m hub migrate
	$(PY) -m hub seed
	$(PY) -m hub.banner
	$(PY) -m hub serve

test: venv frontend  ## the whole suite: lint, types, schema drift, pytest (+PostgreSQL, Chromium)
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest
	HUB_TEST_DATABASE=postgres $(PY) -m pytest -m both_databases

bench: venv frontend  ## HTTP figures, the in-process search benchmark, queue latency/memory/throughput
	$(PY) -m bench.http_bench
	$(PY) -m bench.search_bench
	$(PY) -m bench.queue_bench

schema: venv  ## regenerate schema/schema.graphql
	$(PY) -m hub export-schema

venv: $(PY_STAMP)
$(PY_STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

frontend: $(DIST)
$(NPM_STAMP): frontends/package.json frontends/package-lock.json
	cd frontends && npm ci --no-audit --no-fund --loglevel=error
	touch $@
$(DIST): $(NPM_STAMP) $(FRONTEND_SOURCES)
	cd frontends && npm run build

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check . || true
	$(PY) -m mypy

clean:
	rm -rf frontends/dist data/hub.sqlite3
