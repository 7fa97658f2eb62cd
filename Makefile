# OneWindow Hub — the two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
NPM_STAMP := frontends/node_modules/.installed
GATEWAY_STAMP := gateway/node_modules/.installed
DIST := frontends/dist/index.html
FRONTEND_SOURCES := $(shell find frontends/src frontends/public -type f 2>/dev/null) \
	frontends/index.html frontends/vite.config.js

.PHONY: run test bench schema frontend venv lint migrate seed clean gateway supergraph run-supergraph

run: venv frontend  ## install, build, migrate, seed and serve on http://127.0.0.1:8000
	$(PY) -m hub migrate
	$(PY) -m hub seed
	$(PY) -m hub.web.banner
	$(PY) -m hub serve

test: venv frontend gateway  ## the whole suite: lint, types, schema drift, pytest (+PostgreSQL, Chromium, Node gateway)
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest
	HUB_TEST_DATABASE=postgres $(PY) -m pytest -m both_databases

bench: venv frontend  ## HTTP figures, the in-process search benchmark, queue latency/memory/throughput, intake cases/s, dashboard over 1,000,000 cases, /healthz under the costliest accepted queries
	$(PY) -m bench.http_bench
	$(PY) -m bench.search_bench
	$(PY) -m bench.queue_bench
	$(PY) -m bench.intake_bench
	$(PY) -m bench.backoffice_bench
	$(PY) -m bench.dashboard_bench
	$(PY) -m bench.cost_bench

schema: venv  ## regenerate schema/schema.graphql (and the 医保 subgraph's SDL)
	$(PY) -m hub export-schema
	$(PY) -m departments.yibao export-schema

supergraph: gateway  ## compose the hub and the 医保 subgraph into gateway/supergraph.graphql
	node gateway/compose.mjs --config gateway/subgraphs.json --out gateway/supergraph.graphql

run-supergraph: venv frontend supergraph  ## hub :8000 + 医保 subgraph :8100 + Hive Gateway on http://127.0.0.1:4000/graphql
	$(PY) -m hub migrate
	$(PY) -m hub seed
	$(PY) -m hub serve & hub=$$!; \
	$(PY) -m departments.yibao serve --port 8100 & yibao=$$!; \
	trap 'kill $$hub $$yibao 2>/dev/null' EXIT INT TERM; \
	node gateway/serve.mjs --supergraph gateway/supergraph.graphql --port 4000

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

gateway: $(GATEWAY_STAMP)  ## install Hive Gateway and the composition library (gateway/package-lock.json)
$(GATEWAY_STAMP): gateway/package.json gateway/package-lock.json
	cd gateway && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check . || true
	$(PY) -m mypy

clean:
	rm -rf frontends/dist data/hub.sqlite3
