# Two commands on a fresh machine with Python >= 3.10 and make:
#   make demo   - set up .venv, install xlincome, run it on the bundled example (workbooks in out/)
#   make test   - set up (or reuse) .venv and run the whole test suite
#   make previews - render the template workbooks to docs/img/*.png (needs LibreOffice, pdftoppm)
#   make reference - regenerate docs/functions.md from the table of functions (after changing it)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench previews reference clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/xlincome evaluate examples/profiles.csv
	$(BIN)/xlincome templates --out out/templates
	$(BIN)/xlincome generate examples/profiles.csv --out out/workbooks

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_model.py
	$(BIN)/python benchmarks/bench_udfs.py
	$(BIN)/python benchmarks/bench_generate.py
	$(BIN)/python benchmarks/bench_plan.py

previews: $(STAMP)
	$(BIN)/python -m xlincome.templates.previews docs/img

reference: $(STAMP)
	$(BIN)/python -m xlincome.reference .

clean:
	rm -rf $(VENV) out
