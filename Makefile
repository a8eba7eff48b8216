# The verbs a newcomer needs. `make run` and `make test` are all it takes on a fresh clone.
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV := DJANGO_SETTINGS_MODULE=config.settings.development

.PHONY: run test lint bench bench-api bench-sprachpool install browser messages check-deploy clean openapi

$(VENV)/.installed: pyproject.toml requirements/dev.lock
	@scripts/ensure-venv "$(PYTHON)" "$(VENV)"
	$(VENV)/bin/uv pip install --python $(PY) --quiet -r requirements/dev.lock
	$(VENV)/bin/uv pip install --python $(PY) --quiet --no-deps -e .
	@touch $@

install: $(VENV)/.installed

run: install
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py demo_seed
	@echo "Wegweiser: http://127.0.0.1:$(PORT)/  (staff workspace: http://127.0.0.1:$(PORT)/app/)"
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian's chromium (browser tests) and Noto fonts (Arabic-script PDFs), installed when missing.
browser:
	@scripts/ensure-browser

test: install browser
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

messages: install
	cd wegweiser && DJANGO_SETTINGS_MODULE=config.settings.test ../$(PY) ../manage.py makemessages -l de -l en --no-obsolete
	$(PY) scripts/compile-messages

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=wegweiser.example $(PY) manage.py check --deploy --fail-level WARNING

# API v1's OpenAPI schema, committed; a test fails when it differs from the code.
openapi: install
	$(DEV) $(PY) manage.py export_openapi > docs/api/openapi-v1.json

# Every benchmark; results in docs/benchmarks.md.
bench: bench-api bench-sprachpool

# The public API against a static file; DATABASE_URL=postgres://…/wegweiser_bench for PostgreSQL.
bench-api: install
	$(PY) -m bench.api

# Sprachpool matching: 2,000 mediators, 1,000 requests; ranking, batch proposal and a greedy pass.
bench-sprachpool: install
	$(PY) bench/sprachpool.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
