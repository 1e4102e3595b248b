# The verbs a developer needs. `make run` and `make test` work on a fresh machine with Python 3.11.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000

.PHONY: run test test-fast lint typecheck migrations-check test-sqlite test-postgres messages demo plan benchmarks clean

$(BIN)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	scripts/icu.sh
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

## Start KeepWarm with demo data on SQLite (var/keepwarm.sqlite3) at http://127.0.0.1:$(PORT)
run: $(BIN)/.installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py demo --if-empty
	@# A task worker beside the server runs imports and the re-planning that settings changes queue; started again
	@# if it stops, so a failed task never leaves the queue unserved; it stops with the server.
	( while :; do DEBUG=1 $(PY) manage.py db_worker --no-reload; echo "task worker stopped: starting it again" >&2; \
	  sleep 2; done ) & trap "pkill -P $$! 2>/dev/null; kill $$! 2>/dev/null" EXIT; \
	  DEBUG=1 $(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

## The whole suite: lint, type check, migrations, tests on SQLite and on PostgreSQL
test: lint typecheck migrations-check test-sqlite test-postgres

## The quick loop: the pure and db tests on SQLite (no browser, no PostgreSQL, no lint)
test-fast: $(BIN)/.installed
	KEEPWARM_DB=sqlite $(BIN)/pytest -m "pure or db"

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/.installed
	$(BIN)/mypy keepwarm config

migrations-check: $(BIN)/.installed
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

test-sqlite: $(BIN)/.installed
	scripts/chromium.sh >/dev/null
	KEEPWARM_DB=sqlite $(BIN)/pytest

test-postgres: $(BIN)/.installed
	scripts/chromium.sh >/dev/null
	DATABASE_URL=$$(scripts/postgres.sh) KEEPWARM_DB=postgres $(BIN)/pytest

## Compile the ru/ro catalogs after editing locale/*/LC_MESSAGES/django.po
messages: $(BIN)/.installed
	DEBUG=1 $(PY) manage.py makemessages -l ru -l ro --no-obsolete --ignore=.venv --ignore=var
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

demo: $(BIN)/.installed
	DEBUG=1 $(PY) manage.py demo

plan: $(BIN)/.installed
	DEBUG=1 $(PY) manage.py plan

benchmarks: $(BIN)/.installed
	for script in benchmarks/*.py; do $(PY) $$script; done

clean:
	rm -rf var/ $(VENV)
