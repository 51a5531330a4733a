"""The LAMBDA library in IronCalc, against the Python model as the Excel functions call it.

Every call goes into ``workbook_templates/functions.xlsx`` loaded in IronCalc
(its defined names are the library); all calls of a test are typed in and
evaluated once.  The reference is :mod:`xlincome.udfs`, the Excel functions
of the add-ins: the model, with cells read as cells (a blank is a blank,
``never``, labels, the rule a bad input breaks).  A LAMBDA's message is the
rule without the value it got (``margin must be in [0, 1]; ...``), which the
add-in's message starts with (``..., got 10``).

Random inputs are a pure function of the seeds below: the same on every run.
"""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import pytest

from ironcalc_engine import Sheet, engine
from xlincome import model, udfs
from xlincome.errors import InputError
from xlincome.functions import AMOUNTS, BY_NAME, CHOICE, FUNCTIONS, KINDS, PLAN_KW1, PLAN_KW2, excel_text
from xlincome.formulas.lambdas import LEFT_OUT
from xlincome.profiles.samples import random_profiles
from openpyxl.utils.cell import coordinate_to_tuple

from xlincome.workbooks import library
from xlincome.workbooks.templates import TEMPLATES, build

engine()
FUNCTIONS_XLSX = Path("workbook_templates") / library.FILE_NAME
LAMBDA_FUNCTIONS = [function for function in FUNCTIONS if function.excel_name not in LEFT_OUT]
#: Random calls per function, and the seed they are drawn from.
CALLS, SEED = 120, 20261203
#: A cell no test writes: an argument pointing at it is a blank cell.
BLANK = "$ZZ$9999"
#: Where the calls of a test go (row of the first call) and where a portfolio's streams go (columns).
FIRST_ROW, AMOUNT_COLUMN, KIND_COLUMN, STREAMS = 200, 40, 50, 6
OMITTED = object()


def close(got: Any, expected: Any) -> bool:
    """The same text or blank, or numbers within 1e-9 (relative, and absolute near 0)."""
    if not all(isinstance(value, (int, float)) for value in (got, expected)):
        return got == expected
    return math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)


def _literal(value: Any) -> str:
    return excel_text(value) if isinstance(value, str) else repr(float(value))


class Calls:
    """Calls of library functions typed into functions.xlsx in IronCalc, each beside its reference."""

    def __init__(self) -> None:
        self.sheet = Sheet(FUNCTIONS_XLSX)
        self.rows: list[tuple[int, str, Any]] = []

    def call(self, function, args: list[Any], label: str = "", model_rules: bool = False) -> None:
        """``function`` called with ``args`` in signature order: a number or text, None for a blank
        cell, OMITTED for an argument left out; a portfolio's amounts and kinds as lists.  With
        ``model_rules`` the reference is the rule the model names (no blanks among ``args``)."""
        row = FIRST_ROW + len(self.rows)
        texts, raw = [], []
        for argument, value in zip(function.arguments, args):
            if value is OMITTED:
                texts.append("")
                raw.append(None)
            elif argument.kind in (AMOUNTS, KINDS):
                column = AMOUNT_COLUMN if argument.kind == AMOUNTS else KIND_COLUMN
                for offset, item in enumerate(value):
                    self.sheet.put(row, column + offset, item)
                texts.append(f"{_cell(row, column)}:{_cell(row, column + len(value) - 1)}")
                raw.append([list(value)])
            elif value is None:
                texts.append(BLANK)
                raw.append(None)
            else:
                texts.append(_literal(value))
                raw.append(value)
        while texts and texts[-1] == "":
            texts.pop()
        formula = f"={function.excel_name}({','.join(texts)})"
        self.sheet.put(row, 2, formula)
        if model_rules:
            expected = _model_message(function, args)
        else:
            expected = getattr(udfs, function.excel_name)(*raw)[0][0]
        self.rows.append((row, f"{label} {formula}", expected))

    def check(self, messages: bool = False) -> int:
        """Evaluate once; every call's value against its reference (a message: up to its ``, got``)."""
        self.sheet.evaluate()
        wrong = []
        for row, formula, expected in self.rows:
            got = self.sheet.get(row, 2)
            if messages and not str(got).startswith("kinds must be a known kind"):  # which one: named in full
                expected = expected.split(", got ")[0] if isinstance(expected, str) else expected
                if not isinstance(expected, str):
                    wrong.append((formula, got, f"the add-in computes {expected}"))
            if not close(got, expected):
                wrong.append((formula, got, expected))
        assert not wrong, "\n".join(f"{f}: IronCalc {g!r}, model {e!r}" for f, g, e in wrong[:20])
        return len(self.rows)


def _model_message(function, args: list[Any]) -> str:
    """The rule the model names for ``args`` (all given or left out): ``<argument> <rule>``."""
    kwargs = {a.name: value for a, value in zip(function.arguments, args) if value is not OMITTED}
    try:
        function(**kwargs)
    except InputError as error:
        return f"{error.argument} {error.rule}"
    raise AssertionError(f"{function.excel_name}({kwargs}) breaks no rule")


def _cell(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"${get_column_letter(column)}${row}"


# -- the acceptance examples -------------------------------------------------------------------

def test_every_acceptance_example_through_functions_xlsx():
    sheet = Sheet(FUNCTIONS_XLSX)
    sheet.evaluate()
    row = library.FIRST_CALL
    for function in LAMBDA_FUNCTIONS:
        for kwargs, expected in function.examples:
            got = sheet.get(row, 3)
            assert sheet.get(row, 1) == function.excel_name
            shown = model.NEVER if expected == math.inf else expected
            assert close(got, shown), f"row {row}: {function.excel_name}({kwargs}) = {got!r}, MODEL.md {shown!r}"
            assert close(got, udfs_value(function, kwargs)), f"row {row}: the model gives {udfs_value(function, kwargs)!r}"
            row += 1


def udfs_value(function, kwargs: dict[str, Any]) -> Any:
    """What the Excel function of the add-ins gives for ``kwargs`` (streams as a column)."""
    given = {name: [[item] for item in value] if isinstance(value, list) else value for name, value in kwargs.items()}
    return getattr(udfs, function.excel_name)(**given)[0][0]


def test_the_spilled_month_table_of_kw1_is_the_models_month_by_month():
    sheet = Sheet(FUNCTIONS_XLSX)
    sheet.evaluate()
    top, left = library.table_cell()
    table = model.transition_plan(**PLAN_KW1)
    assert [sheet.get(top, left + c) for c in range(len(model.PLAN_COLUMNS))] == list(model.PLAN_COLUMNS)
    for index, month in enumerate(table.itertuples(index=False), 1):
        for column, expected in enumerate(month):
            got = sheet.get(top + index, left + column)
            assert close(got, float(expected)), f"month {index}, {model.PLAN_COLUMNS[column]}: {got} != {expected}"
    assert sheet.get(top + len(table) + 1, left) is None  # nothing spilled past the last month


def test_kw1_and_kw2_summaries_and_every_month_row_of_kw2():
    calls = Calls()
    plan = BY_NAME["transition_plan"]
    names = [argument.name for argument in plan.arguments]
    for kw in (PLAN_KW1, PLAN_KW2):
        for result in model.PLAN_SUMMARIES:
            calls.call(plan, [kw.get(name, OMITTED) for name in names[:-1]] + [result])
    calls.check()
    sheet = calls.sheet
    row = FIRST_ROW + len(calls.rows) + 2
    args = ",".join(_literal(PLAN_KW2[name]) if name in PLAN_KW2 else "" for name in names[:-1])
    sheet.put(row, 2, f'=TRANSITION_PLAN({args},"table")')
    sheet.evaluate()
    for index, month in enumerate(model.transition_plan(**PLAN_KW2).itertuples(index=False)):
        assert [sheet.get(row + 1 + index, 2 + c) for c in range(len(month))] == pytest.approx(
            [float(value) for value in month], rel=1e-9, abs=1e-9)


# -- random valid inputs ---------------------------------------------------------------------------

#: Ranges for arguments the random profiles do not hold (money per month unless said).
_EXTRA = {"rate": (20, 250), "service_income": (0, 15000), "revenue_floor": (1000, 9000),
          "reserve_months": (0, 10), "target_income": (1000, 20000), "months": (1, 36)}


def _valid(function, profile, rng: random.Random) -> list[Any]:
    """One valid call's arguments: a random profile's numbers, some optional ones blank or left out."""
    args = []
    for argument in function.arguments:
        if argument.kind == CHOICE:
            pick = [choice for choice in argument.choices if choice != "table"]  # tables: tests of their own
            args.append(rng.choice(pick + [OMITTED]) if argument.default in pick else rng.choice(pick))
            continue
        if argument.kind == AMOUNTS:
            amounts, kinds = _portfolio(rng)
            args.append(amounts)
            continue
        if argument.kind == KINDS:
            args.append(kinds)
            continue
        if argument.name in _EXTRA:
            low, high = _EXTRA[argument.name]
            value = float(rng.randint(low, high)) if argument.name == "months" else rng.uniform(low, high)
        else:
            value = float(profile[argument.name])
        if function.name == "reserve_months" and argument.name == "monthly_costs":
            value = rng.uniform(500, 9000)
        if math.isnan(value) or (argument.optional and rng.random() < 0.2):
            value = rng.choice([None, OMITTED])
        args.append(value)
    return args


def _portfolio(rng: random.Random) -> tuple[list, list]:
    """Up to six streams, each a known kind in any case with spaces, or a blank row."""
    amounts, kinds = [], []
    for _ in range(STREAMS):
        if rng.random() < 0.2:
            amounts.append(None)
            kinds.append(None)
            continue
        kind = rng.choice(model.KINDS)
        kinds.append(rng.choice([kind, kind.upper(), f" {kind.title()} "]))
        amounts.append(round(rng.uniform(0, 9000), 2))
    if not any(amounts):
        amounts[0], kinds[0] = 1000.0, "consulting"
    return amounts, kinds


@pytest.mark.parametrize("function", LAMBDA_FUNCTIONS, ids=lambda f: f.excel_name)
def test_random_valid_inputs_give_the_models_results(function):
    rng = random.Random(f"{SEED}-{function.excel_name}")
    profiles = random_profiles(CALLS, seed=SEED)
    calls = Calls()
    for index in range(CALLS):
        calls.call(function, _valid(function, profiles.iloc[index], rng), f"call {index}:")
    assert calls.check() >= 100


def test_random_month_tables_spill_the_models_months():
    rng = random.Random(f"{SEED}-tables")
    plan = BY_NAME["transition_plan"]
    profiles = random_profiles(8, seed=SEED + 1)
    sheet = Sheet(FUNCTIONS_XLSX)
    expected = []
    for index in range(8):
        args = _valid(plan, profiles.iloc[index], rng)[:-1]
        raw = [None if value is OMITTED else value for value in args]
        texts = ["" if value is OMITTED else BLANK if value is None else _literal(value) for value in args]
        top, left = FIRST_ROW + index * 40, 60
        sheet.put(top, left, f'=TRANSITION_PLAN({",".join(texts)},"table")')
        expected.append((top, left, udfs.TRANSITION_PLAN(*raw, result="table")))
    sheet.evaluate()
    for top, left, table in expected:
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                assert close(sheet.get(top + r, left + c), value), (top, r, c)
        assert sheet.get(top + len(table), left) is None


def test_hybrid_mix_table_spills_the_models_rows():
    rng = random.Random(f"{SEED}-mix-tables")
    sheet, expected = Sheet(FUNCTIONS_XLSX), []
    for index in range(10):
        amounts, kinds = _portfolio(rng)
        top = FIRST_ROW + 10 * index
        for offset, (amount, kind) in enumerate(zip(amounts, kinds)):
            sheet.put(top, AMOUNT_COLUMN + offset, amount)
            sheet.put(top, KIND_COLUMN + offset, kind)
        last = STREAMS - 1
        sheet.put(top, 2, f"=HYBRID_MIX({_cell(top, AMOUNT_COLUMN)}:{_cell(top, AMOUNT_COLUMN + last)},"
                          f'{_cell(top, KIND_COLUMN)}:{_cell(top, KIND_COLUMN + last)},,,"table")')
        expected.append((top, udfs.HYBRID_MIX([amounts], [kinds], None, None, "table")))
    sheet.evaluate()
    for top, table in expected:
        for offset, (label, value) in enumerate(table):
            assert sheet.get(top + offset, 2) == label
            assert close(sheet.get(top + offset, 3), value), (top, label)


# -- bad input and blanks --------------------------------------------------------------------------

def _base(function) -> list[Any]:
    kwargs = function.examples[0][0]
    return [kwargs.get(argument.name, OMITTED) for argument in function.arguments]


def _breaking(argument) -> list[Any]:
    """Values that break an argument's rule: text, beyond each bound, blank where it is required."""
    rule = argument.rule
    values: list[Any] = ["abc"]
    if rule.low is not None:
        values.append(rule.low if rule.low_open else rule.low - 1)
    if rule.high is not None:
        values.append(rule.high if rule.high_open else rule.high + 7)
    if not argument.optional:
        values.append(None)
    return values


def test_every_broken_rule_shows_the_message_of_the_excel_functions():
    calls = Calls()
    for function in LAMBDA_FUNCTIONS:
        base = _base(function)
        for position, argument in enumerate(function.arguments):
            if argument.kind in (AMOUNTS, KINDS):
                continue
            if argument.kind == CHOICE:
                calls.call(function, base[:position] + ["bogus"] + base[position + 1:], argument.name)
                continue
            for value in _breaking(argument):
                # a 0 where 0 breaks an optional argument's rule: the add-in reads it as the blank some
                # Excel builds send it as (docs/excel.md); a LAMBDA gets real blanks: the model's rule
                zero = value == 0 and argument.optional
                calls.call(function, base[:position] + [value] + base[position + 1:], argument.name, zero)
    assert calls.check(messages=True) > 100


@pytest.mark.parametrize("case", [
    ("hybrid_mix", {"amounts": [8000, 2500], "kinds": ["consulting", "cours"]}),
    ("hybrid_mix", {"amounts": [8000, None, 2500, 7], "kinds": ["consulting", None, " Course", "toolkits"]}),
    ("hybrid_mix", {"amounts": [8000, 2500], "kinds": ["consulting", None]}),
    ("hybrid_mix", {"amounts": [8000, -1], "kinds": ["consulting", "course"]}),
    ("hybrid_mix", {"amounts": [8000, "x"], "kinds": ["consulting", "course"]}),
    ("hybrid_mix", {"amounts": [0, 0], "kinds": ["consulting", "course"]}),
    ("hybrid_mix", {"amounts": [8000, 2500], "kinds": ["consulting", "course"], "target_low": 0.35,
                    "target_high": 0.32}),
    ("effective_streams", {"amounts": [0, None]}),
    ("effective_streams", {"amounts": [5, -2]}),
    ("phase_status", {"service_income": 0, "product_income": 0, "revenue_floor": 10}),
    ("transition_plan", {**PLAN_KW2, "months": 3.5}),
    ("transition_plan", {**PLAN_KW2, "business_costs": 0, "personal_costs": 0}),
], ids=lambda case: f"{case[0]}-{sorted(case[1].items())[0]}")
def test_rules_between_arguments_and_over_ranges_show_their_messages(case):
    name, kwargs = case
    function = BY_NAME[name]
    calls = Calls()
    args = [kwargs.get(argument.name, OMITTED) for argument in function.arguments]
    if name == "transition_plan":
        args[-1] = "launch"
    calls.call(function, args)
    calls.check(messages=True)


def test_sizes_of_amounts_and_kinds_must_match():
    sheet = Sheet(FUNCTIONS_XLSX)
    for column, (amount, kind) in enumerate([(8000, "consulting"), (2500, "course")], 2):
        sheet.put(FIRST_ROW, column, amount)
        sheet.put(FIRST_ROW + 1, column, kind)
    sheet.put(FIRST_ROW + 3, 2, f"=HYBRID_MIX(B{FIRST_ROW}:C{FIRST_ROW},B{FIRST_ROW + 1}:B{FIRST_ROW + 1})")
    sheet.evaluate()
    expected = udfs.HYBRID_MIX([[8000, 2500]], [["consulting"]])[0][0]
    assert sheet.get(FIRST_ROW + 3, 2) == expected.split(", got ")[0]


def test_every_optional_argument_blank_or_left_out_takes_its_default():
    calls = Calls()
    for function in LAMBDA_FUNCTIONS:
        base = _base(function)
        if function.name == "transition_plan":
            base = [PLAN_KW1.get(argument.name, OMITTED) for argument in function.arguments]
            base[-1] = "lowest_cash"
        for position, argument in enumerate(function.arguments):
            if not argument.optional or argument.kind == CHOICE and function.name == "transition_plan":
                continue
            for blank in (None, OMITTED):
                calls.call(function, base[:position] + [blank] + base[position + 1:], f"{argument.name} {blank}")
    assert calls.check() > 50


# -- the templates with --formulas lambda ------------------------------------------------------------

def _named_results(path: Path) -> dict[str, Any]:
    """Every single-cell defined name of a workbook (inputs and results) and its value in IronCalc."""
    sheet = Sheet(path)
    sheet.evaluate()
    names = [properties["name"] for properties in sheet.model.get_worksheets_properties()]
    values = {}
    for defined in sheet.model.get_defined_name_list():
        target = defined["formula"]
        if "!" not in target:
            continue
        where, ref = target.rsplit("!", 1)
        if ":" in ref or "(" in target:
            continue
        row, column = coordinate_to_tuple(ref.replace("$", ""))
        values[defined["name"]] = sheet.model.get_cell_value(names.index(where.strip("'")), row, column)
    return values


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_lambda_templates_compute_what_the_native_templates_compute(name, tmp_path):
    paths = {}
    for formulas in ("native", "lambda"):  # without the Risk sheet: it calls no function of the library
        paths[formulas] = tmp_path / f"{name}-{formulas}.xlsx"
        build(name, formulas, risk=False).save(paths[formulas])
    native, with_lambda = _named_results(paths["native"]), _named_results(paths["lambda"])
    assert len(native) > 5
    for result, value in native.items():
        named = isinstance(value, str) and str(with_lambda[result]).startswith(f"{value}, got ")  # the kind named
        assert close(with_lambda[result], value) or named, f"{name}: {result} = {with_lambda[result]!r}, native {value!r}"


def test_a_call_without_a_required_argument_is_the_engines_value_error():
    sheet = Sheet(FUNCTIONS_XLSX)
    sheet.put(FIRST_ROW, 2, "=REVENUE_FLOOR(1500)")
    sheet.put(FIRST_ROW + 1, 2, "=REVENUE_FLOOR(1500,)")
    sheet.evaluate()
    assert sheet.get(FIRST_ROW, 2) == "#VALUE!"  # Excel's answer to too few arguments of a LAMBDA
    assert sheet.get(FIRST_ROW + 1, 2) == udfs.REVENUE_FLOOR(1500, None)[0][0].split(", got ")[0]
