# Newsroom: `make run` (set up and serve the demo) and `make test` (set up and test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
export DJANGO_SETTINGS_MODULE := newsroom.settings

.PHONY: install migrate demo run serve test test-browser test-all lint format bench bench-linking clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c "import venv" 2>/dev/null || { \
	  echo "Python's venv module is missing; installing python3-venv"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput

demo: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo

run: demo
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run > /dev/null
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

test-browser: install
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

test-all: test test-browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* .pytest_cache

# Entity linking and archive import speed (issue 6): `make bench-linking BENCH_ARGS=--articles 1000`.
bench-linking: install
	$(BIN)/python bench/linking.py $(BENCH_ARGS)
