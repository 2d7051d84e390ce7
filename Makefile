# The two quick-start commands: `make demo` and `make test`. Both install first, into the
# project's own virtual environment `.venv` (never the system Python).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
DEMO_DB ?= demo.db

.PHONY: install web demo test heavy lint bench

$(PY):
	$(PYTHON) -m venv $(VENV)

# The web pages' libraries come from npm (versions pinned in package-lock.json) and are copied
# into the git-ignored src/newsgraph/web/static/vendor/ before the package is installed; npm ci
# runs again only when the lockfile changes.
VENDOR_STAMP := src/newsgraph/web/static/vendor/.built

install: $(PY) $(VENDOR_STAMP)
	$(PIP) install --quiet -e '.[test]'

web: $(VENDOR_STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR_STAMP): node_modules/.package-lock.json scripts/build_web.py
	$(PYTHON) scripts/build_web.py
	touch $@

demo: install
	$(VENV)/bin/newsgraph demo --db $(DEMO_DB)

# Everything but the long evaluations (marker `heavy`), which .ci/run runs after this.
test: install
	$(PY) -m pytest -q -m "not heavy"
	$(PY) -m ruff check src tests benchmarks
	$(PY) -m mypy

# pytest exits 5 when no test carries the marker: not a failure of this layer.
heavy: install
	$(PY) -m pytest -q -m heavy; rc=$$?; if [ $$rc -eq 5 ]; then echo "no heavy tests"; else exit $$rc; fi

lint:
	$(PY) -m ruff check src tests benchmarks
	$(PY) -m mypy

bench: install
	$(PY) benchmarks/ingest.py
