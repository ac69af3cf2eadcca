# SEND Board. `make run` to try it, `make test` to test it. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run demo test check migrations-check bench lock clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(INSTALLED): requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(TEST_INSTALLED): requirements.txt requirements-test.txt | $(PY)
	$(PIP) install --quiet -r requirements-test.txt
	touch $@ $(INSTALLED)

## run: install, migrate, load the demo on the first start only and serve http://$(HOST):$(PORT) (SQLite; Celery in-process)
# The demo loads with DEBUG off: with DEBUG on, Django keeps the SQL of each
# of its thousands of queries (on SQLite quoting their parameters with a query
# of their own), which made the first start about a sixth slower.
run: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	DEBUG=false $(PY) manage.py load_demo --first-start --host $(HOST) --port $(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

## demo: reload the demo on purpose: deletes the demo areas and what was entered in them (says what), no other area
demo: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	DEBUG=false $(PY) manage.py load_demo --host $(HOST) --port $(PORT)

## test: install what the tests need and run them all, on two workers, keeping the test database between runs
# -n 2 --dist loadfile: two pytest-xdist workers, each with its own test
# database (test_<name>_gw0, _gw1); a module's tests stay on one worker (its
# module fixtures load once). --no-loadscope-reorder: modules are handed out
# longest first, as tests/conftest.py orders them, not by their number of
# tests. --reuse-db: the test databases outlive the run, and the next run
# only applies the migrations they lack; after editing a migration that ran,
# `make test PYTEST_ARGS=--create-db` rebuilds them. CI (.ci/run) always does.
TEST_ARGS ?= -n 2 --dist loadfile --no-loadscope-reorder --reuse-db
test: $(TEST_INSTALLED)
	$(PY) -m pytest $(TEST_ARGS) $(PYTEST_ARGS)

## check: lint, formatting, types (mypy, pyproject.toml) and look for model changes without a migration
check: $(TEST_INSTALLED) migrations-check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

migrations-check: $(INSTALLED)
	$(PY) manage.py makemigrations --check --dry-run

## bench: run every script under bench/ and print their figures as one table
bench: $(TEST_INSTALLED)
	$(PY) bench/run.py

## lock: after changing requirements*.in, write the locked requirements*.txt (every package, pinned, with hashes)
LOCK := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: $(TEST_INSTALLED)
	$(LOCK) -o requirements.txt requirements.in
	$(LOCK) -o requirements-test.txt requirements-test.in

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
