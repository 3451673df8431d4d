# newsprism: `make demo` and `make test` set everything up themselves on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: demo test lint typecheck unit bench bench-scale clean-venv

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsprism needs Python 3.11 or newer (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newsprism compare examples/daesh-afghanistan/*.txt --html daesh-afghanistan.html

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

bench: $(STAMP)  # every quality benchmark (a few minutes each); results in benchmarks/results/
	$(BIN)/python benchmarks/bench_clean.py
	$(BIN)/python benchmarks/bench_clean_text.py
	$(BIN)/python benchmarks/bench_compare.py
	$(BIN)/python benchmarks/bench_align.py
	$(BIN)/python benchmarks/bench_cluster.py
	$(BIN)/python benchmarks/bench_quotes.py --out benchmarks/results/quotes.json
	$(BIN)/python benchmarks/bench_reuse.py
	$(BIN)/python benchmarks/bench_framing.py

bench-scale: $(STAMP)  # ingest + cluster 10k and 100k generated articles (about half an hour)
	$(BIN)/python benchmarks/bench_scale.py

clean-venv:
	rm -rf $(VENV)
