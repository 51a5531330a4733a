# Two commands on a fresh machine with Python >= 3.10 and make:
#   make demo   - set up .venv, install xlincome, run it on the bundled example (workbooks in out/)
#   make test   - set up (or reuse) .venv and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/xlincome evaluate examples/profiles.csv
	$(BIN)/xlincome generate examples/profiles.csv --out out/workbooks

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_model.py
	$(BIN)/python benchmarks/bench_udfs.py
	$(BIN)/python benchmarks/bench_generate.py

clean:
	rm -rf $(VENV) out
