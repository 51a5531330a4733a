"""No formula of any template needs array evaluation.

Engines disagree on formulas that apply a scalar function, a comparison or
arithmetic to a whole range outside an array formula: Gnumeric gives
``#VALUE!`` or 0 for ``SUMPRODUCT(--(TRIM(kinds)<>""))`` or
``SUMPRODUCT(--ISNUMBER(MATCH(TRIM(range),{...},0)))`` where LibreOffice
computes them.  This scan reads every formula of every template (native and
``--formulas udf``: cells, data validation and conditional formatting) with
openpyxl's tokenizer and fails on any of those idioms:

- SUMPRODUCT (its arguments are evaluated as arrays);
- an array constant ``{...}``;
- a multi-cell range (``A1:B5`` or a defined name of one) that is not a whole
  argument of a function made for ranges (SUM, SUMIF, COUNTIF, MAX, INDEX,
  the xlwings functions, ...).
"""

from __future__ import annotations

import pytest
from openpyxl.formula import Tokenizer
from openpyxl.formula.tokenizer import Token

from xlincome.functions import BY_EXCEL_NAME
from xlincome.workbooks.templates import FORMULAS, TEMPLATES, build, formulas

#: Functions whose arguments may be whole ranges (each reduces a range to one value).
RANGE_FUNCTIONS = {"SUM", "SUMSQ", "SUMIF", "COUNT", "COUNTA", "COUNTIF", "MAX", "MIN", "AVERAGE", "STDEVP",
                   "INDEX", "SMALL", "ROWS", *BY_EXCEL_NAME, *(f"XLINCOME.{name}" for name in BY_EXCEL_NAME)}  # lambda: xlincome.NAME
#: Functions that evaluate their arguments as arrays in every engine, and so need the idioms.
ARRAY_FUNCTIONS = {"SUMPRODUCT"}


def array_idioms(formula: str, range_names: set[str]) -> list[str]:
    """What in ``formula`` needs array evaluation (empty when nothing does).

    ``range_names`` are the defined names that cover more than one cell.
    """
    tokens = [token for token in Tokenizer(formula).items if token.type != Token.WSPACE]
    found, groups = [], []
    for index, token in enumerate(tokens):
        if token.subtype == Token.OPEN:
            name = token.value.rstrip("(").upper() if token.type == Token.FUNC else token.value
            groups.append(name)
            if token.type == Token.FUNC and name in ARRAY_FUNCTIONS:
                found.append(f"{name} evaluates its arguments as arrays")
            if token.type == Token.ARRAY:
                found.append("an array constant {...}")
        elif token.subtype == Token.CLOSE:
            groups.pop()
        elif token.type == Token.OPERAND and token.subtype == Token.RANGE and _is_range(token.value, range_names):
            before = tokens[index - 1] if index else None
            after = tokens[index + 1] if index + 1 < len(tokens) else None
            whole_argument = (before is not None and after is not None
                              and (before.type == Token.FUNC and before.subtype == Token.OPEN
                                   or before.type == Token.SEP and before.value == ",")
                              and (after.type == Token.FUNC and after.subtype == Token.CLOSE
                                   or after.type == Token.SEP and after.value == ","))
            function = groups[-1] if groups else None
            if not (whole_argument and function in RANGE_FUNCTIONS):
                found.append(f"the range {token.value} inside {function or 'the formula'} needs array evaluation")
    return found


def _is_range(ref: str, range_names: set[str]) -> bool:
    ref = ref.split("!")[-1].replace("$", "")
    return ":" in ref or ref in range_names


def _range_names(workbook) -> set[str]:
    return {name for name, defined in workbook.defined_names.items()
            if any(":" in ref for _, ref in defined.destinations)}


def workbook_formulas(workbook):
    """(where, formula) for every formula of the workbook: cells, validation, conditional formatting."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    yield f"{ws.title}!{cell.coordinate}", cell.value
        for rule in ws.data_validations.dataValidation:
            if rule.type == "custom":
                yield f"{ws.title} validation {rule.sqref}", "=" + rule.formula1
        for cells, rules in ws.conditional_formatting._cf_rules.items():
            for rule in rules:
                for formula in rule.formula:
                    yield f"{ws.title} conditional format {cells.sqref}", "=" + formula


def scan(workbook) -> list[str]:
    """Every array idiom of the workbook, with where it is."""
    names = _range_names(workbook)
    return [f"{where}: {problem}" for where, formula in workbook_formulas(workbook)
            for problem in array_idioms(formula, names)]


@pytest.mark.parametrize("formulas_kind", FORMULAS)
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_no_template_formula_needs_array_evaluation(name, formulas_kind):
    workbook = build(name, formulas_kind)
    assert sum(1 for _ in workbook_formulas(workbook)) > 10, "the scan reads the formulas"
    assert scan(workbook) == []


@pytest.mark.parametrize("formula", [
    '=SUMPRODUCT(--(TRIM(kinds)<>""))',
    '=SUMPRODUCT(--ISNUMBER(MATCH(TRIM($B$9:$B$20),{"consulting","service"},0)))',
    '=SUMPRODUCT(MAX(($E$17:$E$40<>"")*$A$17:$A$40))',
    '=MAX(($E$17:$E$40<>"")*$A$17:$A$40)',
    '=IF(ISNUMBER(MATCH(TRIM(B9),{"consulting","service"},0)),"active","")',
    "=SUM(amounts*2)",
    "=TRIM(kinds)",
])
def test_the_scan_finds_each_array_idiom(formula):
    assert array_idioms(formula, {"kinds", "amounts"})


@pytest.mark.parametrize("formula", [
    'SUMIF($D$9:$D$20,"active",amounts)', "SUM(amounts)^2/SUMSQ(amounts)", 'COUNTIF(Sheet!$D$9:$D$20,"unknown")>0',
    "INDEX($K$17:$K$40,latest_month)", "STDEVP(E12:E17)/AVERAGE(E12:E17)", "HYBRID_MIX(amounts,kinds,,,\"gap\")",
])
def test_the_scan_passes_plain_range_functions(formula):
    assert array_idioms("=IF(TRIM(B9)=\"\",0," + formula + ")", {"kinds", "amounts"}) == []


def test_the_scan_fails_a_template_with_a_planted_idiom():
    workbook = build("hybrid_mix")
    assert scan(workbook) == []
    workbook["Mix"]["D30"] = '=SUMPRODUCT(--(TRIM(kinds)<>""))'
    assert scan(workbook) == ["Mix!D30: SUMPRODUCT evaluates its arguments as arrays",
                              "Mix!D30: the range kinds inside TRIM needs array evaluation"]


def test_counts_as_cell_names_each_kind_of_row():
    formula = formulas.counts_as("B9", "C9")
    assert formula.startswith('=IF(TRIM(B9)="",IF(ISNUMBER(C9),"no kind","blank"),IF(OR(TRIM(B9)="service",')
    assert formula.endswith(',TRIM(B9)="saas"),"scalable","unknown")))')
    assert array_idioms(formula, set()) == []
