# Two commands a newcomer needs: `make run` (demo) and `make test` (whole suite on PostgreSQL).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.geinstalleerd

.PHONY: run test fuzz protocol lint format check migrate worker beat clean bench load

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 ($(PYTHON)) niet gevonden."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@bash scripts/run-demo.sh

test: $(STAMP)
	@bash scripts/run-tests.sh $(PYTEST_ARGS)

# Benchmark at national scale (not part of `make test`): generates MELDINGEN meldingen with their
# dossiers in the PostgreSQL database vt_bench, then prints the table of docs/PERFORMANCE.md.
# BENCH_ARGS=--alleen-meten reuses the data generated before.
MELDINGEN ?= 100000
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python -m bench --meldingen $(MELDINGEN) $(BENCH_ARGS)

# Load test (not part of `make test`): locust, headless, GEBRUIKERS users for DUUR seconds (≤ 120)
# against gunicorn on 127.0.0.1, on the demo data in the PostgreSQL database vt_bench_last.
GEBRUIKERS ?= 50
DUUR ?= 90
load: $(STAMP)
	$(BIN)/python -m bench.belasting --gebruikers $(GEBRUIKERS) --duur $(DUUR) $(LOAD_ARGS)

# API fuzzing with more generated examples per operation than the normal suite (25).
fuzz: $(STAMP)
	@SCHEMATHESIS_VOORBEELDEN=$${SCHEMATHESIS_VOORBEELDEN:-200} bash scripts/run-tests.sh tests/test_api_fuzz.py

# The protocol state machine (random sequences of the services, every invariant after every step)
# with more examples than the normal suite (10).
protocol: $(STAMP)
	@VT_PROTOCOL_VOORBEELDEN=$${VT_PROTOCOL_VOORBEELDEN:-200} bash scripts/run-tests.sh tests/test_protocol_toestandsmachine.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: lint
	$(BIN)/python manage.py makemigrations --check --dry-run

worker: $(STAMP)
	$(BIN)/celery -A veiligthuis worker -l info

beat: $(STAMP)
	$(BIN)/celery -A veiligthuis beat -l info

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
