# Naleving: `make run` serves the demo, `make test` runs the whole suite (SQLite and PostgreSQL).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MO := app/translations/en/LC_MESSAGES/messages.mo
PO := app/translations/en/LC_MESSAGES/messages.po
export NALEVING_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: run test test-sqlite test-postgresql setup system-deps-run system-deps-test translations lint benchmark load clean

run: system-deps-run setup
	$(BIN)/naleving init
	$(BIN)/naleving demo
	@echo "Naleving draait op http://127.0.0.1:5000 (stoppen: Ctrl-C)"
	NALEVING_SESSION_COOKIE_SECURE=0 NALEVING_REMEMBER_COOKIE_SECURE=0 $(BIN)/naleving serve

test: system-deps-test setup
	@$(BIN)/python scripts/check_postgres.py
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)
	NALEVING_TEST_DB=postgresql $(BIN)/pytest -n 2 -m "not browser" $(PYTEST_ARGS)

test-sqlite: setup
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgresql: setup
	NALEVING_TEST_DB=postgresql $(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

setup: $(INSTALLED) $(MO)

system-deps-run:
	@scripts/system-deps.sh run

system-deps-test:
	@scripts/system-deps.sh test

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

$(MO): $(PO) $(INSTALLED)
	$(BIN)/pybabel compile -d app/translations -D messages >/dev/null

# Extract new Dutch strings into the English catalogue (then fill in their translations).
translations: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location -o app/translations/messages.pot app
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --width 110

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

benchmark: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
