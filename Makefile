# Värn: `make run` serves the demo with its background worker, `make test` runs every check and test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup run serve worker test test-sqlite test-postgres test-e2e check check-deploy bench load lock clean eval eval-documents report-pages

$(PY):
	@python=$$(scripts/find-python) && $$python -m venv $(VENV)
	@$(VENV)/bin/pip install -q --disable-pip-version-check uv==0.13.8

$(VENV)/.synced: $(PY) uv.lock pyproject.toml
	@$(UV) sync --frozen --all-groups --no-install-project --quiet
	@touch $@

$(VENV)/.system: scripts/install-system-deps
	@scripts/install-system-deps
	@touch $@

node_modules/.installed: package.json package-lock.json
	@npm ci --silent --no-audit --no-fund
	@touch $@

setup: $(VENV)/.synced $(VENV)/.system node_modules/.installed
	@$(PY) manage.py migrate --noinput -v 0 && $(PY) manage.py compilemessages -v 0 --ignore=.venv --ignore=node_modules

# The development server and the background worker together (Procfile, honcho): one Ctrl-C stops both.
# `DEMO_STAGE=proposal make run` loads the demo afresh as it stood before KSAU 2025-10-22 § 170.
run: setup
	@$(PY) manage.py load_demo $(if $(DEMO_STAGE),--reset --stage $(DEMO_STAGE))
	@VARN_PORT=$(PORT) exec $(VENV)/bin/honcho start -f Procfile

# Production settings on this machine: a generated secret key unless one is given, plain HTTP on loopback.
serve: setup
	@test -s $(VENV)/secret_key || head -c 48 /dev/urandom | base64 > $(VENV)/secret_key
	@export DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(VENV)/secret_key)}" \
	  DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	  DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-0}"; \
	$(PY) manage.py collectstatic --noinput -v 0 && \
	VARN_WEB_BIND=127.0.0.1:$(PORT) exec $(VENV)/bin/gunicorn -c config/gunicorn.conf.py config.wsgi

# The background worker alone, for production beside `make serve` (a systemd unit: docs/operations.md).
worker: setup
	@exec $(PY) manage.py varn_worker

check: $(VENV)/.synced
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

test: setup check test-sqlite test-postgres

# The programme document importer scored against the hand-annotated headings of corpus/programmes/.
eval-documents: $(VENV)/.synced
	@$(PY) -m varn.reading.evaluate_documents

test-sqlite:
	$(VENV)/bin/pytest -n auto

# The browser tests alone (they also run in test-sqlite and test-postgres); screenshots in screenshots/.
test-e2e: setup
	$(VENV)/bin/pytest -m browser tests/e2e

# On PostgreSQL when DATABASE_URL names one, or when a server answers on 127.0.0.1:5432.
test-postgres:
	@url="$${DATABASE_URL:-}"; \
	if [ -z "$$url" ] && $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then \
	  url="postgres://postgres@127.0.0.1:5432/varn"; fi; \
	if [ -n "$$url" ]; then echo "PostgreSQL: $$url"; DATABASE_URL="$$url" $(VENV)/bin/pytest -n auto; \
	else echo "No PostgreSQL server answers: the PostgreSQL run is skipped."; fi

check-deploy: $(VENV)/.synced
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) DJANGO_ALLOWED_HOSTS=varn.example.se \
	  $(PY) manage.py check --deploy --fail-level WARNING

# The readers against the hand annotations of corpus/: programme headings, then protocols (last line `score X.XXX`).
eval: $(VENV)/.synced
	@$(PY) -m varn.reading.evaluate_documents
	@$(PY) -m varn.reading.evaluate

bench: setup
	$(PY) -m bench

# gunicorn + locust, 50 users for 60 s, on SQLite and on PostgreSQL; fails on any error.
load: setup
	$(PY) -m bench.load

# Every page of the demo report as PNG (PDF directly, Word through LibreOffice) in report-pages/,
# to look at page by page; not committed.
report-pages: setup
	@$(PY) manage.py load_demo -v 0
	$(PY) -m varn.followup.pages --out report-pages

lock:
	$(UV) lock && $(UV) sync --all-groups --no-install-project

clean:
	rm -rf $(VENV) node_modules db.sqlite3* media/ staticfiles/
