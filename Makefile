# Clarion: the front door for every routine job.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run setup test test-postgres lint format bench messages clean scale-demo install

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

messages: $(STAMP)
	$(BIN)/python manage.py compile_catalogues

setup: $(STAMP) messages
	PYTHON=$(BIN)/python bin/setup

run: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" bin/serve

test: $(STAMP) messages
	bin/install-system-deps nginx
	ENVIRONMENT=test $(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres:
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test $(MAKE) test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup
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
