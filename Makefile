# EQiao — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: setup run dev static test test-only lint migrate demo worker clean

# Idempotent: (re)installs only when pyproject.toml changed since the last install.
setup: $(VENV)/.installed
	@$(BIN)/eqiao compile_catalogues >/dev/null
	@mkdir -p var

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "EQiao needs Python >= 3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

migrate: setup
	$(BIN)/eqiao migrate --noinput

# The Liaocheng demo (offices, staff, petitions), loaded once: a second run does nothing.
demo: migrate
	$(BIN)/eqiao load_demo

# Web server, background worker and scheduler, then the addresses and demo logins;
# Ctrl-C stops all three. `run` serves as a deployment does (gunicorn worker processes,
# DEBUG off, collected static files: config.settings.local_prod); `dev` is for changing
# the code (Django's server, DEBUG, auto-reload: config.settings.local).
run: demo static
	@bash scripts/run.sh $(HOST) $(PORT)

dev: demo
	@bash scripts/run.sh --dev $(HOST) $(PORT)

# Hashed, compressed copies of the static files for WhiteNoise (only what changed is redone).
static: setup
	@DJANGO_SETTINGS_MODULE=config.settings.local_prod $(BIN)/eqiao collectstatic --noinput -v 0

worker: setup
	$(BIN)/eqiao db_worker

# mypy covers what STYLE.md names: services, selectors, adapters and the text engine.
MYPY_PATHS := eqiao/core eqiao/offices/services eqiao/offices/selectors.py \
	eqiao/offices/capabilities.py eqiao/channels \
	eqiao/intake/services eqiao/intake/selectors.py eqiao/intake/inbound.py eqiao/portal/services.py \
	eqiao/portal/selectors.py eqiao/workbench/services.py eqiao/api/services eqiao/api/wechat.py eqiao/text \
	eqiao/cases/services eqiao/cases/selectors.py \
	eqiao/appointments/services eqiao/appointments/selectors.py eqiao/appointments/hours.py \
	eqiao/appointments/links.py eqiao/appointments/calendar_file.py \
	eqiao/publishing/services eqiao/publishing/selectors.py eqiao/publishing/outlets.py \
	eqiao/publishing/wordlist.py eqiao/publishing/richtext.py eqiao/publishing/share.py \
	eqiao/cases/selectors_disclosure.py \
	eqiao/knowledge/services eqiao/knowledge/selectors.py eqiao/knowledge/engine.py \
	eqiao/knowledge/lawdata.py eqiao/knowledge/numerals.py \
	eqiao/opinion/severity.py eqiao/opinion/severity_train.py eqiao/opinion/sentiment.py \
	eqiao/opinion/sentiment_train.py eqiao/opinion/lexicon.py eqiao/opinion/cues.py \
	eqiao/opinion/quality.py eqiao/opinion/accusation.py eqiao/opinion/agreement.py \
	eqiao/opinion/first_look.py eqiao/opinion/training.py eqiao/opinion/held_out.py \
	eqiao/opinion/splits.py \
	eqiao/opinion/services/config eqiao/opinion/services/alerts.py eqiao/opinion/services/terms.py \
	eqiao/opinion/pipeline.py eqiao/opinion/rules.py eqiao/opinion/normal.py eqiao/opinion/dedup.py eqiao/opinion/tasks.py \
	eqiao/opinion/services/process.py eqiao/opinion/services/ahead.py \
	eqiao/opinion/services/writes.py eqiao/opinion/services/ingest.py eqiao/opinion/services/feeds.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check eqiao config tests conftest.py $(wildcard benchmarks)
	$(BIN)/ruff format --check eqiao config tests conftest.py $(wildcard benchmarks)
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy $(MYPY_PATHS)

test: setup $(VENV)/.installed-test lint test-only

test-only:
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache
