# Two commands a newcomer needs: `make run` (demo) and `make test` (whole suite on PostgreSQL).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.geinstalleerd

.PHONY: run test lint format check migrate worker beat clean

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
