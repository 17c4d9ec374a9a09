# Kiblat: `make run` serves the platform with demo regencies; `make test` runs the suite.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PYTHON ?= python3
STAMP := $(VENV)/.installed-stamp
CATALOGS := $(wildcard platform/web/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)
PORT ?= 5000
# The suite spreads over the machine's cores; `make test PYTEST_ARGS=...` runs a part serially.
PYTEST_ARGS ?= -n auto --dist loadfile --durations=25

.PHONY: install bytecode run test lint bench loadtest translations extract-messages clean

install: $(STAMP) $(COMPILED) bytecode

# Bytecode of the project's own files, as pip writes it for every installed library: where
# PYTHONDONTWRITEBYTECODE is set (common in containers) Python would otherwise compile what each
# `kiblat` command and each worker imports, every time (~0.3 s of CPU in a `tenants create`).
# Up-to-date files are skipped; an edited file is simply compiled again here.
bytecode: $(STAMP)
	$(PY) -m compileall -q -j0 platform tenants modules migrations provisioning wsgi.py

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip "setuptools>=75" wheel
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# Message catalogs are compiled by the build, never committed.
%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

translations: $(COMPILED)

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l --ignore-dirs="build dist instance node_modules .venv" -o platform/web/translations/messages.pot .
	$(BIN)/pybabel update -i platform/web/translations/messages.pot -d platform/web/translations

# The worker runs background jobs (provisioning from the web, email retries) beside the server.
# Invitation links (written by provisioning, in the worker too) carry the development port.
run: export KIBLAT_PUBLIC_PORT = $(PORT)
run: install
	$(BIN)/kiblat db upgrade --all-tenants
	$(BIN)/kiblat demo setup --port $(PORT)
	$(BIN)/kiblat worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; $(BIN)/kiblat serve --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: install
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache

# Load and fault test (not part of `make test`): two app servers behind nginx, regencies on two
# PostgreSQL servers (5432 and 5433 on loopback), ~60 s of mixed load with a worker, an app server
# killed and a regency moved; checks that no acknowledged write is lost. LOADTEST_ARGS to resize.
LOADTEST_ARGS ?= --tenants 50 --seconds 60 --write-docs
loadtest: install
	$(PY) -m pip install -q 'locust>=2.30'
	$(PY) benchmarks/loadtest/run.py $(LOADTEST_ARGS)
