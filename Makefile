# The two quick-start commands: `make demo` and `make test`. Both install first.
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip
DEMO_DB ?= demo.db

.PHONY: install demo test lint bench

install:
	$(PIP) install --quiet --disable-pip-version-check -e '.[test]'

demo: install
	newsgraph demo --db $(DEMO_DB)

test: install
	$(PYTHON) -m pytest -q
	$(PYTHON) -m ruff check src tests benchmarks
	$(PYTHON) -m mypy

lint:
	$(PYTHON) -m ruff check src tests benchmarks
	$(PYTHON) -m mypy

bench: install
	$(PYTHON) benchmarks/ingest.py
