# Two commands on a fresh machine with Python >= 3.10 and make:
#   make demo   - set up .venv, install xlincome, run it on the bundled example (workbooks in out/)
#   make test   - set up (or reuse) .venv and run the whole test suite
#   make previews - render the template workbooks to docs/img/*.png (needs LibreOffice, pdftoppm)
#   make reference - regenerate docs/functions.md from the table of functions (after changing it)
#   make lite   - regenerate excel/lite/ (main.py, requirements.txt for xlwings Lite) after changing the package
#   make lambda - regenerate the LAMBDA library (workbook_templates/functions.xlsx, excel/lambda/xlincome.txt)
#   make dist   - build the sdist and wheel into dist/ and check them with twine
#   make pyodide - fetch the Pyodide runtime (a PyPI package) for the optional test in Pyodide
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench previews reference lite lambda dist pyodide clean

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
	$(BIN)/python -m pytest -n auto --dist loadfile

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_model.py
	$(BIN)/python benchmarks/bench_udfs.py
	$(BIN)/python benchmarks/bench_generate.py
	$(BIN)/python benchmarks/bench_plan.py
	$(BIN)/python benchmarks/bench_engines.py
	$(BIN)/python benchmarks/bench_lambdas.py
	$(BIN)/python benchmarks/bench_risk.py
	$(BIN)/python benchmarks/bench_risk_sheet.py

previews: $(STAMP)
	$(BIN)/python -m xlincome.workbooks.previews docs/img

reference: $(STAMP)
	$(BIN)/python -m xlincome.excel.reference .

lite: $(STAMP)
	$(BIN)/python -m xlincome.excel.lite excel/lite

lambda: $(STAMP)
	$(BIN)/python -m xlincome.excel.lambdas excel/lambda
	$(BIN)/python -m xlincome.workbooks.library workbook_templates

dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/python -m twine check --strict dist/*

pyodide: $(STAMP)
	$(BIN)/python tests/pyodide_runtime.py fetch

clean:
	rm -rf $(VENV) out dist
