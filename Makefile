# Set-up, run and test targets. `make run` and `make test` are the only commands a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
BENCH_SIZES ?= 1000 100000

# Without DATABASE_URL the project runs its own PostGIS cluster under .pg/.
# Evaluated for each command, so a port that `db` had to move to is the one used after it.
ifeq ($(strip $(DATABASE_URL)),)
LOCAL_DB := 1
export DATABASE_URL = $(shell scripts/local-db.sh url)
endif
# A cluster first created by these is throwaway (no fsync) until `make run` makes it durable.
test bench: export LOCAL_PG_THROWAWAY := 1

.PHONY: help messages setup system-deps venv bytecode db run test lint format bench soak backup restore clean

help:
	@echo "make run    set everything up, load demo data and serve http://127.0.0.1:$(PORT)"
	@echo "make test   set everything up and run lint and the whole test suite"
	@echo "make lint   ruff, djLint and the import floors;  make bench   benchmarks;  make soak   load and fault run"

system-deps:
	@scripts/system-deps.sh

# uv.lock pins every package, direct or not, with its hashes; --locked refuses a lock that no
# longer matches pyproject.toml, and the sync removes what the lock does not list. Packages are
# compiled to bytecode as they are installed: a process that starts (a worker, a command) then
# reads .pyc files instead of compiling 1,400 modules (~1.5 s), even where the environment sets
# PYTHONDONTWRITEBYTECODE.
UV_VERSION := 0.13.9
$(VENV)/.synced: uv.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q "uv==$(UV_VERSION)"
	@UV_PROJECT_ENVIRONMENT=$(VENV) $(VENV)/bin/uv sync -q --locked --compile-bytecode \
		--no-install-project --python $(PY)
	@touch $@

# The project's own modules, compiled too (compileall skips those already up to date).
APPS := config core jurisdictions resources maps pages corrections demo bench
bytecode: $(VENV)/.synced
	@$(PY) -m compileall -q -j 0 $(APPS) manage.py > /dev/null

venv: system-deps $(VENV)/.synced bytecode

db: system-deps
ifdef LOCAL_DB
	@scripts/local-db.sh start
endif
	@scripts/redis.sh

setup: venv db

messages: venv
	@if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
		$(PY) manage.py compilemessages -v 0 --ignore=.venv --ignore=node_modules; fi

run: setup messages
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py load_boundaries
	@$(PY) manage.py load_demo_data
	@$(PY) manage.py collectstatic --noinput -v 0
	@$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: venv
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/djlint templates --lint
	@$(VENV)/bin/lint-imports --no-cache --no-logo

format: venv
	@$(VENV)/bin/ruff check --fix .
	@$(VENV)/bin/ruff format .

test: setup lint messages
	@$(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	@$(PY) -m bench $(BENCH_SIZES)

soak: setup
	@$(PY) -m bench.soak

# make backup  ->  backups/<UTC timestamp>/{database.dump,media.tar.gz}
backup: venv db
	@scripts/backup.sh $(BACKUP)

# make restore BACKUP=backups/<timestamp>  (replaces the database and the media folder)
restore: venv db
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<timestamp>"; exit 1; }
	@scripts/restore.sh $(BACKUP)

clean:
	@scripts/local-db.sh stop
	@if [ -f .pg/home ]; then rm -rf "$$(cat .pg/home)"; fi
	rm -rf .pg $(VENV) staticfiles media
