# Naleving: `make run` serves the demo, `make test` runs the whole suite (SQLite and PostgreSQL).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PO := $(wildcard app/translations/*/LC_MESSAGES/*.po core/translations/*/LC_MESSAGES/*.po)
MO := $(PO:.po=.mo)
export NALEVING_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
PORT ?= 5000
# The real OpenID provider the single sign-on tests start (npm's oidc-provider, pinned by its package-lock.json).
OIDC_PROVIDER := tests/oidc/node_modules/.installed

.PHONY: run test test-sqlite test-postgresql setup system-deps-run system-deps-test translations lint audit benchmark benchmark-large load clean

run: system-deps-run setup
	$(BIN)/naleving init
	$(BIN)/naleving demo
	@echo "Naleving draait op http://127.0.0.1:$(PORT) (stoppen: Ctrl-C)"
	NALEVING_SESSION_COOKIE_SECURE=0 NALEVING_REMEMBER_COOKIE_SECURE=0 $(BIN)/naleving serve --port $(PORT)

# The browser journeys (on SQLite) mostly wait on chromium: they run beside the PostgreSQL pass, their output
# printed after it (each single sign-on provider asks the system for a port, so two never take the same one).
# The PostgreSQL pass runs only the tests that can behave differently there (reaches_database in
# tests/conftest.py): the others (pure functions, PDF reading, the catalogue file's checks, --help,
# ruff/mypy/bandit, layering, the marker layout) run on the SQLite pass alone.
BROWSER_LOG := .pytest-browser.log
test: system-deps-test setup $(OIDC_PROVIDER)
	@$(BIN)/python scripts/check_postgres.py
	$(BIN)/pytest -n 2 -m "not browser and not network" $(PYTEST_ARGS)
	@echo '$(BIN)/pytest -p no:cacheprovider -m "browser and not network" $(PYTEST_ARGS) > $(BROWSER_LOG) &'
	@$(BIN)/pytest -p no:cacheprovider -m "browser and not network" $(PYTEST_ARGS) > $(BROWSER_LOG) 2>&1 & browser=$$!; \
	echo 'NALEVING_TEST_DB=postgresql $(BIN)/pytest -n 2 -m "not browser and not network" $(PYTEST_ARGS)'; \
	NALEVING_TEST_DB=postgresql $(BIN)/pytest -n 2 -m "not browser and not network" $(PYTEST_ARGS); \
	postgresql=$$?; wait $$browser; browser=$$?; \
	echo "--- the browser pass (beside the PostgreSQL pass):"; cat $(BROWSER_LOG); \
	test $$postgresql -eq 0 -a $$browser -eq 0

test-sqlite: setup $(OIDC_PROVIDER)
	$(BIN)/pytest -m "not network" $(PYTEST_ARGS)

test-postgresql: setup $(OIDC_PROVIDER)
	NALEVING_TEST_DB=postgresql $(BIN)/pytest -m "not browser and not network" $(PYTEST_ARGS)

setup: $(INSTALLED) $(MO)

system-deps-run:
	@scripts/system-deps.sh run

system-deps-test:
	@scripts/system-deps.sh test

# A new top-level package (risk/, reports/) must reach the editable install's package map: reinstall.
$(INSTALLED): pyproject.toml $(wildcard app/__init__.py core/__init__.py controls/__init__.py scope/__init__.py risk/__init__.py plan/__init__.py incidents/__init__.py reports/__init__.py)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

$(OIDC_PROVIDER): tests/oidc/package.json tests/oidc/package-lock.json
	cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error
	touch $(OIDC_PROVIDER)

%.mo: %.po $(INSTALLED)
	$(BIN)/pybabel compile -i $< -o $@ >/dev/null

# List the Dutch strings that have no English translation yet (add them to the area's .po file).
translations: $(INSTALLED)
	$(BIN)/python scripts/untranslated.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Known vulnerabilities in the installed dependencies (pip-audit, and PyPI's project pages where it cannot ask):
# the tests marked `network`, which `make test` leaves out so that it needs no internet.
audit: setup
	$(BIN)/pytest -m network -rs $(PYTEST_ARGS)

# Three rounds on the same data: the machine is shared, so one round can fall in a slow minute. Then the SoA PDF
# in the web (gunicorn) and a worker's memory after PDF_IDLE_SECONDS idle (issue 21 asks 600: benchmark-large).
PDF_IDLE_SECONDS ?= 60
benchmark: setup
	$(BIN)/python -m benchmarks --rounds 3
	$(BIN)/python -m benchmarks.pdf_web --idle-seconds $(PDF_IDLE_SECONDS)

# 500 organisations x the whole catalogue x 10 revisions, 10,000 audit events in the measured one, on PostgreSQL
# (database bench_scale); the pages, the API lists, the history pages and the CLI's start-up.
benchmark-large: setup
	$(BIN)/python -m benchmarks.large --organisations 500 --revisions 10 --rounds 2

# 50 users for 60 s against gunicorn (4 workers) on PostgreSQL; prints p50/p95, throughput and errors; the second
# run has 10 of them also writing (answers, risks, reports) and checks every acknowledged write is in the database.
load: setup
	$(BIN)/python -m benchmarks.load --users 50 --seconds 60 --json benchmarks/results/load.json
	$(BIN)/python -m benchmarks.load --users 50 --seconds 60 --writers 10 --json benchmarks/results/load-writes.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info $(BROWSER_LOG)
