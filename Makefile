# Newsroom: `make run` (set up and serve the demo) and `make test` (set up and test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
export DJANGO_SETTINGS_MODULE := newsroom.settings

.PHONY: install migrate demo run serve test test-browser test-all lint format bench bench-search clean

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

# The search benchmark on a synthetic newsroom in its own PostgreSQL database, built once.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsroom_bench
BENCH_SIZE ?= --articles 200000 --people 10000 --organizations 2000

bench: bench-search

bench-search: install
	@psql "$(dir $(BENCH_DATABASE_URL))postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$(notdir $(BENCH_DATABASE_URL))'" | grep -q 1 \
	  || psql "$(dir $(BENCH_DATABASE_URL))postgres" -qc 'CREATE DATABASE "$(notdir $(BENCH_DATABASE_URL))"'
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=1 $(BIN)/python manage.py build_synthetic $(BENCH_SIZE) --if-empty
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench ALLOWED_HOSTS=localhost \
	  $(BIN)/python bench/search.py $(BENCH_ARGS)
