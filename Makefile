# Two commands for a newcomer: `make run` and `make test`. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
DEMO_PASSWORD ?= demo-IMDi-2026
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))

.PHONY: run test lint messages worker beat bench check-deploy clean

$(VENV)/.synced: pyproject.toml uv.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	test -x $(UV) || { $(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip --upgrade; \
		$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"; }
	$(UV) sync --frozen --inexact --quiet --compile-bytecode
	touch $@

# Development mode on the embedded default: SQLite under var/, tasks in process.
run: export DJANGO_DEBUG := 1
run: export IMDI_DEMO_WITHOUT_2FA ?= 1
run: $(VENV)/.synced
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py sync_roles
	$(PY) manage.py sync_schedules
	@if [ ! -f var/.demo-seeded ]; then \
		$(PY) manage.py seed_demo --password "$(DEMO_PASSWORD)" && touch var/.demo-seeded; \
	else echo "Demo data already loaded (remove var/ to start afresh)."; fi
	@echo ""
	@echo "IMDi portal on http://127.0.0.1:8000  (demo password: $(DEMO_PASSWORD))"
	@echo "Demo logins: admin tilskudd godkjenner radgiver1 radgiver2 utsending1 koordinator hr leder"
	$(PY) manage.py runserver 127.0.0.1:8000

# The whole suite. DATABASE_URL and CELERY_BROKER_URL switch it to PostgreSQL and Redis.
test: $(VENV)/.synced
	DJANGO_SETTINGS_MODULE=imdi.settings_test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Regenerate the Norwegian and English catalogues (needs GNU gettext; the .mo files are committed).
messages: $(VENV)/.synced
	$(PY) manage.py makemessages -l nb -l en --ignore=.venv --ignore=var --ignore=staticfiles --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

worker: $(VENV)/.synced
	$(VENV)/bin/celery -A imdi worker --loglevel=INFO

beat: $(VENV)/.synced
	$(VENV)/bin/celery -A imdi beat --loglevel=INFO

bench: $(VENV)/.synced
	$(PY) benchmarks/run.py

check-deploy: $(VENV)/.synced
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(50))')" \
	DJANGO_ALLOWED_HOSTS=portal.imdi.no $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
