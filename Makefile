# Two commands for a fresh machine (Python 3.11 + pip): `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The sample corpus is dated; deadlines are listed as seen from this day (override: make demo DEMO_DATE=…).
DEMO_DATE ?= 2026-11-25

.PHONY: demo test fuzz lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

demo: $(VENV)/.installed
	$(BIN)/civic extract corpus/sample/input -o out/sample.jsonl
	$(BIN)/civic summary out/sample.jsonl
	$(BIN)/civic deadlines out/sample.jsonl --from $(DEMO_DATE) --days 60

test: $(VENV)/.installed-dev
	$(BIN)/ruff check civic tests benchmarks tools
	$(BIN)/python -m pytest -q

# The property tests with 10,000 examples each over JSONL, txt, HTML and .gz (CI runs 120);
# failures are kept in .hypothesis/fuzz (git-ignored) and replayed first on the next run.
FUZZ_EXAMPLES ?= 10000
fuzz: $(VENV)/.installed-dev
	CIVIC_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q tests/test_reliability.py -k fuzz

clean:
	rm -rf out .pytest_cache
