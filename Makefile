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

# Vite 8 needs ^20.19 || >=22.12; Node >= 22.15 meets every locked package's "engines".
NODE_MIN := 20.19

.PHONY: run test bench bench-pg schema frontend venv lint migrate seed clean gateway supergraph run-supergraph \
	lock node-check bare-install

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
	$(MAKE) --no-print-directory bench-pg

# `make bench-pg OPS=queue DURATION=5`: one operation, short runs (OPS: queue track items item me
# worklist; WORKERS2=0 and WRITES=0 skip the two-worker run and the writes).
OPS ?=
DURATION ?= 10
PGL_STAMP := bench/postgraphile/node_modules/.installed
bench-pg: venv  ## PostgreSQL at 300,000 cases: the hub beside PostGraphile 4.14.1 and an asyncpg floor, --workers 2, writes, plans
	@if $(PY) -c 'import sys; from bench.pg.prepare import reachable; sys.exit(0 if reachable() else 1)'; then \
		$(MAKE) --no-print-directory $(PGL_STAMP) && \
		OPS="$(OPS)" DURATION="$(DURATION)" $(PY) -m bench.pg.run; \
	else echo "bench-pg skipped: PostgreSQL is not reachable (PGHOST/PGPORT or BENCH_PG_URL)"; fi
$(PGL_STAMP): bench/postgraphile/package.json bench/postgraphile/package-lock.json | node-check
	cd bench/postgraphile && npm ci --no-audit --no-fund --loglevel=error
	touch $@

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

venv: $(PY_STAMP)  ## the virtualenv, from the lock (requirements/dev.txt: hashed, every version pinned)
$(PY_STAMP): pyproject.toml requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --require-hashes -r requirements/dev.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

lock: venv  ## re-resolve pyproject.toml's ranges to the newest versions: uv.lock and requirements/*.txt
	$(PY) -m uv lock --upgrade
	$(PY) -m uv export --quiet --frozen --format requirements-txt --no-emit-project --no-dev \
		-o requirements/run.txt
	$(PY) -m uv export --quiet --frozen --format requirements-txt --no-emit-project \
		--extra dev --extra otel -o requirements/dev.txt

bare-install:  ## pip install the package without extras into a fresh venv, migrate, serve, ask /readyz
	.ci/bare-install

node-check:
	@command -v node >/dev/null || { echo "Node.js >= $(NODE_MIN) is needed (with npm) to build the pages: see README, Prerequisites" >&2; exit 1; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); const [x,y]="$(NODE_MIN)".split(".").map(Number); process.exit(a>x||(a===x&&b>=y)?0:1)' \
		|| { echo "Node.js $$(node --version) is too old: Vite 8 needs >= $(NODE_MIN) (Debian 12's nodejs is 18; take Node 22 LTS, see README, Prerequisites)" >&2; exit 1; }

frontend: $(DIST)
$(NPM_STAMP): frontends/package.json frontends/package-lock.json | node-check
	cd frontends && npm ci --no-audit --no-fund --loglevel=error
	touch $@
$(DIST): $(NPM_STAMP) $(FRONTEND_SOURCES) | node-check
	cd frontends && npm run build

gateway: $(GATEWAY_STAMP)  ## install Hive Gateway and the composition library (gateway/package-lock.json)
$(GATEWAY_STAMP): gateway/package.json gateway/package-lock.json | node-check
	cd gateway && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check . || true
	$(PY) -m mypy

clean:
	rm -rf frontends/dist data/hub.sqlite3
