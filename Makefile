# Clarion: the front door for every routine job.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run setup test test-postgres lint format bench messages clean scale-demo install locks

# The site's dependencies (requirements.lock) and, for tests, lint and
# benchmarks, the development tools too (requirements-dev.lock): exact pins
# with hashes, made from pyproject.toml by `make locks` (uv).
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $(DEV_STAMP)

# After changing a dependency in pyproject.toml: new locks (other pins kept).
locks: $(DEV_STAMP)
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11.7 --quiet \
	  -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev -c requirements.lock --generate-hashes \
	  --python-version 3.11.7 --quiet -o requirements-dev.lock

messages: $(STAMP)
	$(BIN)/python manage.py compile_catalogues

setup: $(STAMP) messages
	PYTHON=$(BIN)/python bin/setup

run: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" bin/serve

test: $(DEV_STAMP) messages
	bin/install-system-deps nginx
	ENVIRONMENT=test $(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres:
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test $(MAKE) test

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(DEV_STAMP) setup
	bin/install-system-deps wrk nginx libnginx-mod-http-brotli-static
	$(BIN)/python bench/run.py

# nginx → two web nodes → PostgreSQL + Redis, two task workers; Ctrl-C stops all.
scale-demo: $(STAMP) messages
	bin/install-system-deps nginx libnginx-mod-http-brotli-static
	$(BIN)/python bin/scale-demo

# Production on one server: systemd units, migrations once (see README, "Running it for a campaign").
install:
	bin/install $(PREFIX)

clean:
	rm -rf $(VENV) staticfiles
