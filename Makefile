# Newsroom: `make run` (set up and serve the demo) and `make test` (set up and test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
export DJANGO_SETTINGS_MODULE := newsroom.settings

.PHONY: install migrate demo run serve backup restore test test-browser test-all lint format bench bench-search bench-linking bench-pages soak clean

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

# Production mode on this machine: DEBUG off, hashed static files, gunicorn (README "Deployment").
# The environment wins over these defaults; the secret key is generated once into var/.
SECRET_KEY_FILE ?= var/secret_key
PROD_ENV = export DJANGO_DEBUG=0 DJANGO_HTTPS=$${DJANGO_HTTPS:-0} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	DJANGO_SECRET_KEY_FILE=$${DJANGO_SECRET_KEY_FILE:-$(SECRET_KEY_FILE)} HOST=$(HOST) PORT=$(PORT)

$(SECRET_KEY_FILE):
	@mkdir -p $(dir $@)
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@echo "Generated a secret key in $@: keep it, sessions and password resets depend on it."

serve: install $(SECRET_KEY_FILE)
	@$(PROD_ENV); \
	$(BIN)/python manage.py collectstatic --noinput -v0 && \
	$(BIN)/python manage.py migrate --noinput && \
	exec $(BIN)/gunicorn -c newsroom/gunicorn.conf.py

# make backup [BACKUP_DIR=var/backups]; make restore BACKUP=var/backups/newsroom-....tar.gz
backup: install $(SECRET_KEY_FILE)
	@$(PROD_ENV); $(BIN)/python manage.py backup $(if $(BACKUP_DIR),--output-dir $(BACKUP_DIR))

restore: install $(SECRET_KEY_FILE)
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=path/to/backup.tar.gz"; exit 2; }
	@$(PROD_ENV); $(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py restore "$(BACKUP)"

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

# Load and faults on loopback (issue 7): readers and editors, PostgreSQL stopped halfway.
# make soak [SOAK_SECONDS=60] [SOAK_CONNECTIONS=32] [SOAK_EDITORS=2] [SOAK_POSTGRES=private|main]
soak: install
	$(BIN)/python bench/soak.py $(if $(SOAK_SECONDS),--seconds $(SOAK_SECONDS)) \
	  $(if $(SOAK_CONNECTIONS),--connections $(SOAK_CONNECTIONS)) \
	  $(if $(SOAK_EDITORS),--editors $(SOAK_EDITORS)) $(if $(SOAK_POSTGRES),--postgres $(SOAK_POSTGRES))

# Public pages against the framework's floor (issue 4): a synthetic newsroom in PostgreSQL
# (newsroom_pagebench, built once), gunicorn and wrk on loopback. Under 10 minutes once built.
# `make bench-pages BENCH_PAGES_ARGS="--duration 5 --modes uncached"`; `--profile` for hot spots.
bench-pages: install
	@command -v wrk >/dev/null || { echo "wrk is missing; installing it"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(BIN)/python bench/pages.py $(BENCH_PAGES_ARGS)


# The search benchmark on a synthetic newsroom in its own PostgreSQL database, built once.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsroom_bench
BENCH_SIZE ?= --articles 200000 --people 10000 --organizations 2000

bench-search: install
	@psql "$(dir $(BENCH_DATABASE_URL))postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$(notdir $(BENCH_DATABASE_URL))'" | grep -q 1 \
	  || psql "$(dir $(BENCH_DATABASE_URL))postgres" -qc 'CREATE DATABASE "$(notdir $(BENCH_DATABASE_URL))"'
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=1 $(BIN)/python manage.py build_synthetic $(BENCH_SIZE) --if-empty
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=0 ALLOWED_HOSTS=localhost \
	  DJANGO_SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
	  $(BIN)/python bench/search.py $(BENCH_ARGS)

# Every benchmark, one after the other.
bench: bench-linking bench-search bench-pages
