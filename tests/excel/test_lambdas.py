"""The LAMBDA library as generated: every function of the table in it or left out with a reason, the
forms Excel stores and reads, Excel's limits, the committed files fresh, the commands."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from xlincome.cli import main
from xlincome.excel import lambdas as afe
from xlincome.formulas.lambdas import LEFT_OUT, library, parameter
from xlincome.formulas.stored import stored
from xlincome.functions import BY_EXCEL_NAME, FUNCTIONS
from xlincome.workbooks import library as workbook_library
from xlincome.workbooks.lambda_names import TEMPLATE_PREFIX
from xlincome.workbooks.templates import TEMPLATES, build

LIBRARY = {definition.name: definition for definition in library()}
#: Excel's limits on one formula: characters, and functions nested in functions.
MOST_CHARACTERS, MOST_NESTED = 8192, 64


def test_every_function_of_the_table_is_in_the_library_or_left_out_with_a_reason():
    for function in FUNCTIONS:
        assert (function.excel_name in LIBRARY) != (function.excel_name in LEFT_OUT), function.excel_name
    assert all(reason.strip() for reason in LEFT_OUT.values())
    assert "PLAN_RISK" in LEFT_OUT and "too heavy for a formula" in LEFT_OUT["PLAN_RISK"]


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_parameters_are_the_model_argument_names_the_optional_ones_in_brackets(name):
    entry = BY_EXCEL_NAME[name]
    declared = re.match(r"LAMBDA\(((?:\[?[a-z_]+\]?,)+)", LIBRARY[name].display).group(1).rstrip(",").split(",")
    assert declared == [f"[{parameter(a)}]" if a.optional else parameter(a) for a in entry.arguments]
    assert [p.strip("[]").rstrip("_") for p in declared] == [a.name for a in entry.arguments]
    assert all(parameter(a) == a.name or a.name.upper() in BY_EXCEL_NAME for a in entry.arguments)


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_a_formula_fits_excels_limits(name):
    display = LIBRARY[name].display
    assert len(display) < MOST_CHARACTERS
    depth = deepest = 0
    for character in re.sub(r'"(?:[^"]|"")*"', '""', display):
        depth += character == "("
        depth -= character == ")"
        deepest = max(deepest, depth)
    assert depth == 0 and deepest <= MOST_NESTED


def test_the_stored_form_prefixes_new_functions_and_bound_names_and_never_a_text():
    text = 'LAMBDA(rate,[weeks],LET(x_,IF(ISOMITTED(weeks),48,weeks),IF(rate="LET(rate)",x_,SUM(rate,x_))))'
    assert stored(text, {"rate", "weeks", "x_"}) == (
        '_xlfn.LAMBDA(_xlpm.rate,_xlop.weeks,_xlfn.LET(_xlpm.x_,IF(_xlfn.ISOMITTED(_xlpm.weeks),48,_xlpm.weeks),'
        'IF(_xlpm.rate="LET(rate)",_xlpm.x_,SUM(_xlpm.rate,_xlpm.x_))))')


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_name_a_definition_binds_is_stored_with_its_prefix(name):
    definition = LIBRARY[name]
    bound = set(re.findall(r"_xl(?:pm|op)\.([A-Za-z_]+)", definition.stored))
    unprefixed = re.sub(r'"(?:[^"]|"")*"', '""', definition.stored)
    for word in set(re.findall(r"(?<![.\w])([a-z][a-z_]*)(?![\w(])", unprefixed)):
        assert word not in bound, f"{word} is bound but stored without _xlpm."
    assert "[" not in unprefixed


def test_committed_module_equals_a_fresh_generation():
    committed = (afe.COMMITTED / afe.MODULE).read_text(encoding="utf-8")
    assert committed == afe.module_text(), "excel/lambda/xlincome.txt is stale: run `make lambda` and commit it"


def _parts(path) -> dict[str, bytes]:
    """A workbook's parts but its dates (docProps/core.xml holds when it was saved)."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def test_committed_functions_workbook_equals_a_fresh_generation(tmp_path):
    fresh = tmp_path / workbook_library.FILE_NAME
    workbook_library.save(fresh)
    assert _parts(Path("workbook_templates") / workbook_library.FILE_NAME) == _parts(fresh), \
        "workbook_templates/functions.xlsx is stale: run `make lambda` and commit it"


def test_the_module_defines_every_function_once_with_its_description():
    text = afe.module_text()
    for name, definition in LIBRARY.items():
        assert text.count(f"\n{name} = LAMBDA(") == 1
        assert f"{name} = {definition.display};" in text
        assert f" * {BY_EXCEL_NAME[name].doc}\n" in text
    assert "PLAN_RISK" in text.split("\n\n")[0]


def test_functions_workbook_holds_the_library_and_calls_every_function(tmp_path):
    path = tmp_path / "functions.xlsx"
    workbook_library.save(path)
    workbook = load_workbook(path)
    names = workbook.defined_names
    assert {name: names[name].attr_text for name in LIBRARY} == {n: d.stored for n, d in LIBRARY.items()}
    calls = {cell.value.split("(")[0][1:] for row in workbook[workbook_library.SHEET].iter_rows() for cell in row
             if isinstance(cell.value, str) and cell.value.startswith("=")}
    assert calls >= set(LIBRARY)
    assert "Move or Copy" in " ".join(str(c.value) for c in workbook["How to"]["A"])


def test_excel_lambda_command_writes_both_files_and_keeps_them_without_force(tmp_path):
    runner = CliRunner()
    done = runner.invoke(main, ["excel", "lambda", "--out", str(tmp_path)])
    assert done.exit_code == 0, done.output
    assert (tmp_path / afe.MODULE).read_text(encoding="utf-8") == afe.module_text()
    assert load_workbook(tmp_path / workbook_library.FILE_NAME).defined_names["REVENUE_FLOOR"].attr_text == \
        LIBRARY["REVENUE_FLOOR"].stored
    again = runner.invoke(main, ["excel", "lambda", "--out", str(tmp_path)])
    assert again.exit_code == 2 and "--force" in again.output
    assert runner.invoke(main, ["excel", "lambda", "--out", str(tmp_path), "--force"]).exit_code == 0


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_lambda_templates_carry_the_library_and_call_it_where_udf_templates_call_the_add_in(name):
    with_lambda, with_udf = build(name, "lambda"), build(name, "udf")
    own = frozenset(n for n in with_udf.defined_names)
    expected = {d.name: d.stored for d in library(TEMPLATE_PREFIX, own)}
    assert {n: with_lambda.defined_names[n].attr_text for n in expected} == expected
    names = {n.lower() for n in with_lambda.defined_names}
    assert len(names) == len(with_lambda.defined_names)  # no two names alike but for case (Excel refuses that)
    calls = re.compile(r"(?<![\w.\"])(" + "|".join(LIBRARY) + r")\(")
    for sheet in with_udf.sheetnames:
        for row_udf, row_lambda in zip(with_udf[sheet].iter_rows(), with_lambda[sheet].iter_rows()):
            assert [calls.sub(rf"{TEMPLATE_PREFIX}\1(", c.value) if str(c.value).startswith("=") else c.value
                    for c in row_udf] == [c.value for c in row_lambda]


def test_a_parameter_clears_the_names_of_the_workbook_it_goes_into():
    definitions = {d.name: d for d in library("xlincome.", frozenset({"business_costs", "MARGIN"}))}
    assert definitions["xlincome.REVENUE_FLOOR"].display.startswith(
        "LAMBDA(business_costs_,personal_costs,[tax_rate],[margin_],")
    assert LIBRARY["PHASE_STATUS"].display.startswith("LAMBDA(service_income_,product_income,revenue_floor_,")


def test_templates_command_takes_lambda(tmp_path):
    done = CliRunner().invoke(main, ["templates", "--out", str(tmp_path), "--formulas", "lambda"])
    assert done.exit_code == 0, done.output
    assert "xlincome.REVENUE_FLOOR" in load_workbook(tmp_path / "revenue_floor.xlsx").defined_names


def _calls(text: str, function: str) -> list[int]:
    """How many arguments each call of ``function`` in ``text`` has (texts in quotes skipped)."""
    text = re.sub(r'"(?:[^"]|"")*"', '""', text)
    counts = []
    for match in re.finditer(rf"(?<![\w.]){function}\(", text):
        depth, arguments = 0, 1
        for character in text[match.end() - 1:]:
            depth += character == "("
            depth -= character == ")"
            if depth == 0:
                break
            arguments += character == "," and depth == 1
        counts.append(arguments)
    return counts


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_let_and_lambda_stay_within_excels_counts(name):
    display = LIBRARY[name].display
    assert all(count <= 2 * 126 + 1 for count in _calls(display, "LET"))  # 126 names and values, then the result
    assert all(count <= 253 + 1 for count in _calls(display, "LAMBDA"))  # 253 parameters, then the body
    assert max(_calls(display, "LET")) >= 3
