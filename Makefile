# Soompi CMS. `make run` serves the demo; `make test` runs the suite. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# The address emails and printed links name: the one `make run` serves unless told otherwise.
SITE_URL ?= http://$(HOST)

.PHONY: run test lint e2e bench bench-client quality loadtest faulttest cluster-test install install-dev demo clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(PY) manage.py migrate --noinput
	SITE_URL=$(SITE_URL) $(PY) manage.py loaddemo

run: demo
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST)

test: install-dev
	$(PY) -m pytest -n 2 -m "not e2e" $(PYTEST_ARGS)

e2e: install-dev
	$(PY) -m pytest -m e2e -p no:xdist $(PYTEST_ARGS)

# nginx (deploy/nginx.conf) in front of gunicorn (deploy/gunicorn.conf.py) on PostgreSQL + Redis,
# driven by wrk (bench/run.py); BENCH_SHORT=1 for a quick form. Installs wrk and nginx when missing.
bench: install-dev
	command -v wrk >/dev/null || apt-get install -y wrk || sudo apt-get install -y wrk
	command -v nginx >/dev/null || apt-get install -y nginx || sudo apt-get install -y nginx
	$(PY) -m bench.run

# The older test-client budgets: a fast check of render time, queries and memory per page.
bench-client: install-dev
	$(PY) -m tests.bench

quality: install
	PY=$(CURDIR)/$(PY) tests/quality/run

# Load, fault and cluster tests on private PostgreSQL/Redis/nginx on loopback (SHORT=1 or CI=true: short form).
loadtest: install-dev
	bash scripts/loadtest.sh

faulttest: install-dev
	bash scripts/faulttest.sh

cluster-test: install-dev
	bash scripts/cluster-test.sh

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=. $(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
