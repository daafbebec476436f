# Terreau — `make demo` runs the demo, `make test` runs the tests. `make help` lists the rest.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# The throwaway cluster lives under /tmp: the postgres user must be able to reach it.
PG_DIR ?= /tmp/terreau-pg-$(PG_PORT)
PG_PORT ?= 54329
PG_BIN ?= $(shell ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

.DEFAULT_GOAL := help
.PHONY: help install demo serve test test-sqlite test-postgres pg-start pg-stop lint format bench

help:  ## List the commands
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/terreau: pyproject.toml
	test -x $(BIN)/python || $$(scripts/find-python) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

terreau/static/vendor/htmx.min.js: node_modules/.package-lock.json scripts/vendor-static
	scripts/vendor-static

install: $(BIN)/terreau terreau/static/vendor/htmx.min.js  ## Install Python and front-end packages
	$(BIN)/terreau migrate --no-input -v0
	$(BIN)/terreau collectstatic --no-input -v0

demo: install  ## Install, load the demo territory and serve it on http://127.0.0.1:8000
	$(BIN)/terreau demo

serve: install  ## Serve the app (and its background worker) on http://127.0.0.1:8000
	$(BIN)/terreau serve

# The two suites run side by side (one core each): the PostgreSQL one writes its output to
# var/test-results/postgres.log, shown once the SQLite one (with the browser tests) is done.
test: install  ## Install and run all tests (SQLite and, when available, PostgreSQL)
	scripts/ensure-chromium
	@mkdir -p var/test-results
	@if [ -n "$(PG_BIN)" ]; then \
	  ( $(MAKE) --no-print-directory test-postgres > var/test-results/postgres.log 2>&1; \
	    echo $$? > var/test-results/postgres.status ) & \
	  $(MAKE) --no-print-directory test-sqlite; sqlite=$$?; wait; \
	  echo; echo "=== Suite PostgreSQL (var/test-results/postgres.log)"; \
	  cat var/test-results/postgres.log; \
	  [ $$sqlite = 0 ] && [ "$$(cat var/test-results/postgres.status)" = 0 ]; \
	elif [ -n "$${CI:-}" ]; then echo "PostgreSQL absent : la CI doit tester PostgreSQL." >&2; exit 1; \
	else $(MAKE) --no-print-directory test-sqlite; \
	  echo "PostgreSQL absent : tests PostgreSQL sautés (apt-get install postgresql)."; fi

# pytest fails (exit status 5) when it collects no test; the JUnit reports let .ci/run count them.
test-sqlite:  ## Run the test suite on SQLite (with the browser tests)
	$(BIN)/ruff check .
	$(BIN)/pytest --junitxml=var/test-results/sqlite.xml

test-postgres:  ## Run the test suite on a throwaway PostgreSQL server
	$(MAKE) pg-start
	DATABASE_URL=postgres://postgres@127.0.0.1:$(PG_PORT)/terreau \
	  $(BIN)/pytest -m "not browser" --junitxml=var/test-results/postgres.xml; \
	  status=$$?; $(MAKE) pg-stop; exit $$status

pg-start: pg-stop
	rm -rf $(PG_DIR) && mkdir -p $(PG_DIR)
	if [ "$$(id -u)" = 0 ]; then chown postgres:postgres $(PG_DIR); RUN="runuser -u postgres --"; fi; \
	  $$RUN $(PG_BIN)/initdb -D $(PG_DIR)/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null && \
	  $$RUN $(PG_BIN)/pg_ctl -D $(PG_DIR)/data -l $(PG_DIR)/log -w -o "-p $(PG_PORT) -k $(PG_DIR) -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null

pg-stop:
	@if [ -f $(PG_DIR)/data/postmaster.pid ]; then \
	  if [ "$$(id -u)" = 0 ]; then RUN="runuser -u postgres --"; fi; \
	  $$RUN $(PG_BIN)/pg_ctl -D $(PG_DIR)/data -m fast stop >/dev/null || true; fi

lint:  ## Check the code with ruff
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format:  ## Format the code with ruff
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

bench: install  ## Run the benchmarks (figures printed)
	$(BIN)/python bench/run.py
