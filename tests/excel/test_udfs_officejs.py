"""The Excel functions through xlwings' own Office.js dispatcher.

Office.js (xlwings Server and xlwings Lite) registers the functions with
``custom_functions_meta`` and runs a cell's formula with
``custom_functions_call``; the arguments arrive as Excel sends them: every
argument a 2-D list of rows, a blank as ``None``, an error cell as a dict.
``tests/conftest.py`` switches xlwings to this runtime.
"""

from __future__ import annotations

import asyncio
import json
from fractions import Fraction
import math

import numpy as np
import pytest
import xlwings as xw
import xlwings.server

from xlincome import model
from xlincome.excel import udfs
from xlincome.functions import BY_EXCEL_NAME, FUNCTIONS

pytestmark = pytest.mark.skipif(xw.func is not xlwings.server.func,
                                reason="xlwings was imported before tests/conftest.py set XLWINGS_ON_SERVER")

SEED_AMOUNTS = [8000, 2500, 1500, 1000]
SEED_KINDS = ["consulting", "toolkit", "workshop", "subscription"]


def as_excel_sends(value):
    """One argument as Office.js sends it: a 2-D list (a list is a column)."""
    if isinstance(value, list):
        return [[item] for item in value]
    return [[value]]


def call(excel_name, *args):
    """Run one formula through the dispatcher; ``args`` are already 2-D lists or None."""
    data = {
        "func_name": excel_name, "args": list(args), "caller_address": "Sheet1!A1",
        "version": xw.__version__, "client": "Office.js", "runtime": "1.4",
        "culture_info_name": "en-US", "date_format": "M/d/yyyy",
    }
    result = asyncio.run(xlwings.server.custom_functions_call(data, udfs))
    # what goes back to Excel is JSON: plain numbers and texts, no NaN or infinity
    assert json.loads(json.dumps(result, allow_nan=False)) == result
    return result


def call_with(excel_name, **kwargs):
    """A formula with these arguments filled in and every other argument left blank."""
    names = [argument.name for argument in BY_EXCEL_NAME[excel_name].arguments]
    return call(excel_name, *(as_excel_sends(kwargs[n]) if n in kwargs else None for n in names))


@pytest.fixture(scope="module")
def meta():
    return {entry["name"]: entry for entry in xlwings.server.custom_functions_meta(udfs)["functions"]}


def test_meta_registers_every_model_function_under_its_excel_name(meta):
    assert sorted(meta) == sorted(["SERVICE_INCOME", "REVENUE_FLOOR", "PRODUCT_BREAKEVEN", "BREAKEVEN_UNITS",
                                   "HYBRID_MIX", "EFFECTIVE_STREAMS", "PHASE_STATUS", "REQUIRED_RATE",
                                   "HOURS_NEEDED", "RESERVE_MONTHS", "TRANSITION_PLAN", "PLAN_RISK"])


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.excel_name)
def test_meta_describes_the_function_and_every_argument_from_the_table(meta, function):
    entry = meta[function.excel_name]
    assert entry["description"] == function.doc
    assert [p["name"] for p in entry["parameters"]] == [a.name for a in function.arguments]
    assert [p["description"] for p in entry["parameters"]] == [a.doc for a in function.arguments]


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.excel_name)
def test_meta_marks_exactly_the_optional_arguments_optional(meta, function):
    optional = [p["name"] for p in meta[function.excel_name]["parameters"] if p.get("optional")]
    assert optional == [a.name for a in function.arguments if a.optional]


EXAMPLES = [(function.excel_name, kwargs, expected)
            for function in FUNCTIONS for kwargs, expected in function.examples]


@pytest.mark.parametrize("excel_name, kwargs, expected", EXAMPLES,
                         ids=[f"{name}-{i}" for i, (name, _, _) in enumerate(EXAMPLES)])
def test_acceptance_example_gives_the_expected_cell(excel_name, kwargs, expected):
    [[cell]] = call_with(excel_name, **kwargs)
    if isinstance(expected, str):
        assert cell == expected
    elif math.isinf(expected):
        assert cell == "never"
    else:
        assert cell == pytest.approx(expected, rel=1e-9)


def test_hybrid_mix_table_spills_two_columns_of_labels_and_values():
    table = call_with("HYBRID_MIX", amounts=SEED_AMOUNTS, kinds=SEED_KINDS, result="table")
    assert [row[0] for row in table] == ["active", "scalable", "share", "status", "gap", "effective streams"]
    values = dict(table)
    # active 8000 + 1500, scalable 2500 + 1000; gap 0.3 * 9500 / 0.7 - 3500 = 4000 / 7
    assert values["active"] == 9500 and values["scalable"] == 3500
    assert values["share"] == pytest.approx(7 / 26) and values["status"] == "below target"
    assert values["gap"] == pytest.approx(4000 / 7)
    assert values["effective streams"] == pytest.approx(169 / 73.5)


def test_hybrid_mix_reads_kinds_in_any_case_and_ignores_blank_rows():
    [[share]] = call_with("HYBRID_MIX", amounts=SEED_AMOUNTS + [None], kinds=["Consulting", "TOOLKIT",
                                                                              "workshop", "Subscription", None])
    assert share == pytest.approx(3500 / 13000)


def product_columns(rows: int, seed: int = 7) -> dict[str, np.ndarray]:
    generator = np.random.default_rng(seed)
    return {
        "build_hours": generator.uniform(0, 200, rows), "hourly_rate": generator.uniform(20, 200, rows),
        "price": generator.uniform(5, 500, rows), "units_per_month": generator.uniform(0, 100, rows),
        "fee_rate": generator.uniform(0, 0.3, rows), "monthly_costs": generator.uniform(0, 300, rows),
        "maintenance_hours": generator.uniform(0, 10, rows), "upfront_costs": generator.uniform(0, 2000, rows),
    }


def test_whole_column_call_returns_every_row_equal_to_the_python_model():
    columns = product_columns(10_000)
    result = call("PRODUCT_BREAKEVEN", *(column.reshape(-1, 1).tolist() for column in columns.values()))
    expected = model.product_breakeven(**columns)
    assert len(result) == 10_000 and all(len(row) == 1 for row in result)
    never = np.isinf(expected)
    assert never.any() and (~never).any()
    assert [row[0] for row, inf in zip(result, never) if inf] == ["never"] * int(never.sum())
    months = np.array([row[0] for row, inf in zip(result, never) if not inf], dtype=float)
    np.testing.assert_allclose(months, expected[~never], rtol=1e-12)


def test_one_bad_row_gives_its_message_in_that_row_only():
    hours = [[120], [-5], [120]]
    result = call("PRODUCT_BREAKEVEN", hours, [[150]], [[99]], [[30]], None, None, None, None)
    assert result[0][0] == pytest.approx(200 / 33) and result[2][0] == pytest.approx(200 / 33)
    assert result[1] == ["build_hours must be >= 0, got -5"]


def test_blank_optional_cell_in_a_column_takes_the_default():
    result = call("PRODUCT_BREAKEVEN", [[80], [80]], [[125]], [[79]], [[50]], [[0.05], [None]], None, None, None)
    # 10000 / (79 * 50 * 0.95) and 10000 / (79 * 50)
    assert [row[0] for row in result] == pytest.approx([10000 / 3752.5, 10000 / 3950])


def test_single_value_argument_is_used_for_every_row_of_a_range():
    result = call("SERVICE_INCOME", [[100], [125]], [[30]], None)
    assert result == [[12000.0], [15000.0]]


def test_rule_between_arguments_marks_only_the_rows_breaking_it():
    result = call("PHASE_STATUS", [[0], [10000]], [[0], [0]], [[6000]], None, None, None, None)
    assert result == [["service_income plus product_income must be > 0, got 0"],
                      ["Phase 1: Build and test product"]]


ERROR_CELL = {"type": "Error", "basicValue": "#DIV/0!", "errorType": "Div0"}


@pytest.mark.parametrize("excel_name, args, message", [
    ("PRODUCT_BREAKEVEN", [[[120]], [[150]], [["abc"]], [[30]]], "price must be a number, got 'abc'"),
    ("PRODUCT_BREAKEVEN", [[[-5]], [[150]], [[99]], [[30]]], "build_hours must be >= 0, got -5"),
    ("SERVICE_INCOME", [[[125]], [[-30]]], "hours_per_week must be > 0, got -30"),
    ("PRODUCT_BREAKEVEN", [[[120]], [[150]], None, [[30]]], "price is required, got a blank"),
    ("PRODUCT_BREAKEVEN", [[[120]], [[150]], [[99]], [[ERROR_CELL]]],
     "units_per_month must be a number, got the Excel error #DIV/0!"),
    ("REVENUE_FLOOR", [[[1500]], [[3600]], [[1]]], "tax_rate must be in [0, 1); for 10 % write 0.10 or 10%, got 1"),
    ("RESERVE_MONTHS", [[[21000]], [[True]]], "monthly_costs must be a number, got TRUE"),
    ("PHASE_STATUS", [[[10000]], [[0]], [[6000]], None, None, None, [["stage"]]],
     "result must be one of phase, label, next, got 'stage'"),
    ("HYBRID_MIX", [[[8000], [2500]], [["consulting"], ["lottery"]]],
     "kinds must be a known kind: " + ", ".join(model.KINDS) + ", got 'lottery' in cell 2 of the range"),
    ("HYBRID_MIX", [[[8000], ["lots"]], [["consulting"], ["course"]]],
     "amounts must be a number, got 'lots' in cell 2 of the range"),
    ("HYBRID_MIX", [[[8000], [2500]], [["consulting"], [ERROR_CELL]]],
     "kinds must be text, got the Excel error #DIV/0!"),
    ("EFFECTIVE_STREAMS", [[[-8000], [2500]]], "amounts must be >= 0 or blank, got -8000 in cell 1 of the range"),
    ("SERVICE_INCOME", [[[125], [100]], [[30], [20], [10]]],
     "ranges must have matching sizes, got rate 2x1, hours_per_week 3x1"),
], ids=["text", "negative", "zero-or-less", "blank-required", "error-value", "fraction", "boolean",
        "unknown-result", "unknown-kind", "text-amount", "error-kind", "negative-amount", "sizes"])
def test_bad_cell_shows_a_message_naming_the_argument_and_rule(excel_name, args, message):
    names = [a.name for a in BY_EXCEL_NAME[excel_name].arguments]
    result = call(excel_name, *(args + [None] * (len(names) - len(args))))
    assert result == [[message]]
    assert "Traceback" not in message


TOO_LARGE = "result is too large to compute"


@pytest.mark.parametrize("excel_name, kwargs", [
    ("REVENUE_FLOOR", {"business_costs": 1e308, "personal_costs": 1e308}),
    ("SERVICE_INCOME", {"rate": 1e200, "hours_per_week": 1e200}),
    ("HYBRID_MIX", {"amounts": [1e308, 1e308], "kinds": ["consulting", "course"], "result": "gap",
                    "target_low": 0.9, "target_high": 0.95}),
    ("RESERVE_MONTHS", {"cash": 1e308, "monthly_costs": 0.01}),
], ids=["floor", "service", "mix-gap", "reserve"])
def test_result_beyond_the_largest_float_is_a_message(excel_name, kwargs):
    # 2e308, 1e400 / 12, 0.9 * 1e308 / 0.1 and 1e310 are beyond the largest float (about 1.8e308)
    assert call_with(excel_name, **kwargs) == [[TOO_LARGE]]


@pytest.mark.parametrize("excel_name, kwargs, expected", [
    ("EFFECTIVE_STREAMS", {"amounts": [1e308, 1e308]}, 2.0),
    ("PRODUCT_BREAKEVEN", {"build_hours": 1e308, "hourly_rate": 10, "price": 1e308, "units_per_month": 10}, 1.0),
    ("SERVICE_INCOME", {"rate": 1e308, "hours_per_week": 12, "weeks_per_year": 1}, 1e308),
    ("REQUIRED_RATE", {"target_income": 1e-300, "hours_per_week": 1e-200, "weeks_per_year": 1e-200}, 1.2e101),
    ("HYBRID_MIX", {"amounts": [1e308, 1e308], "kinds": ["consulting", "course"]}, 0.5),
    ("HYBRID_MIX", {"amounts": [1e308, 1e308], "kinds": ["course", "course"], "result": "status"}, "above target"),
    ("HYBRID_MIX", {"amounts": [1e308, 1e308], "kinds": ["consulting", "course"], "result": "status"},
     "above target"),
    ("PHASE_STATUS", {"service_income": 1e308, "product_income": 1e308, "revenue_floor": 100},
     "Phase 2: Scale marketing systems"),
    ("PHASE_STATUS", {"service_income": 1e308, "product_income": 1e308, "revenue_floor": 100, "result": "phase"}, 2),
], ids=["streams", "breakeven", "service", "rate", "mix-share", "mix-status-all-scalable", "mix-status",
        "phase-label", "phase-number"])
def test_result_that_fits_a_float_is_right_when_a_step_would_overflow(excel_name, kwargs, expected):
    # e.g. 1e308 + 1e308 overflows, but the share of each is 0.5 and the effective streams 2
    [[cell]] = call_with(excel_name, **kwargs)
    assert cell == (expected if isinstance(expected, str) else pytest.approx(expected, rel=1e-12))


@pytest.mark.parametrize("excel_name, kwargs, expected", [
    # exact from the floats themselves (the float 5e-324 is 4.9406564584124654e-324)
    ("REQUIRED_RATE", {"target_income": 1e-90, "hours_per_week": 3, "weeks_per_year": 5e-324},
     Fraction(1e-90) * 12 / (3 * Fraction(5e-324))),
    ("HOURS_NEEDED", {"target_income": 1e-85, "rate": 125, "weeks_per_year": 5e-324},
     Fraction(1e-85) * 12 / (125 * Fraction(5e-324))),
    ("BREAKEVEN_UNITS", {"build_hours": 5e-324, "hourly_rate": 1e126, "price": 99, "horizon_months": 12},
     Fraction(5e-324) * Fraction(1e126) / 12 / 99),
    # a net of exactly -4.4e-18 (floats say +5.6e-17): never, not "too large to compute"
    ("PRODUCT_BREAKEVEN", {"build_hours": 1e295, "hourly_rate": 0.1, "price": 0.1, "units_per_month": 3,
                           "fee_rate": 0.1, "monthly_costs": 0.27}, "never"),
], ids=["rate-subnormal-weeks", "hours-subnormal-weeks", "units-subnormal-build", "breakeven-exact-net"])
def test_the_edges_of_a_double_give_the_exact_result(excel_name, kwargs, expected):
    [[cell]] = call_with(excel_name, **kwargs)
    assert cell == (expected if isinstance(expected, str) else pytest.approx(float(expected), rel=1e-15))


def test_hybrid_mix_table_near_1e273_is_exact():
    table = dict(call_with("HYBRID_MIX", amounts=[1.0314232807937705e273, 3.4380776026459014e272, 1e-300],
                           kinds=["service", "course", "consulting"], target_low=0.25, result="table"))
    active = Fraction(1.0314232807937705e273) + Fraction(1e-300)
    gap = Fraction(0.25) * active / (1 - Fraction(0.25)) - Fraction(3.4380776026459014e272)
    assert table["gap"] == pytest.approx(float(gap), rel=1e-15)  # 2.0e256; floats alone give 0
    assert table["active"] == float(active)


def test_hybrid_mix_table_beyond_the_largest_float_is_one_message():
    # active income 1e308 + 1e308 is beyond the largest float
    assert call_with("HYBRID_MIX", amounts=[1e308, 1e308], kinds=["consulting", "consulting"],
                     result="table") == [[TOO_LARGE]]


def test_hybrid_mix_table_of_huge_streams_that_fit_is_whole():
    table = dict(call_with("HYBRID_MIX", amounts=[1e308, 1e308], kinds=["consulting", "course"], result="table"))
    assert table == {"active": 1e308, "scalable": 1e308, "share": 0.5, "status": "above target", "gap": 0.0,
                     "effective streams": 2.0}


def test_too_large_in_a_column_marks_only_its_row_and_never_stays_never():
    # row 1: 1.5e310 / 9.9e-9 months is beyond the largest float; row 2 is the seed example 18000 / 2970;
    # row 3 never breaks even; row 4 costs 1.5e310 to build (beyond a float) but never breaks even either;
    # row 5 costs 1.5e310 and nets 1.5e308 a month: 100 months
    result = call("PRODUCT_BREAKEVEN", [[1e308], [120], [100], [1e308], [1e308]], [[150], [150], [100], [150], [150]],
                  [[99], [99], [10], [10], [1e307]], [[1e-10], [30], [5], [5], [15]], None,
                  [[0], [0], [100], [100], [0]], None, None)
    assert result == [[TOO_LARGE], [pytest.approx(200 / 33)], ["never"], ["never"], [pytest.approx(100)]]


def test_label_column_with_totals_beyond_the_largest_float_gives_the_right_labels():
    # 1e308 + 1e308 overflows; the share is still 1/2 and the total above the floor
    result = call("PHASE_STATUS", [[1e308], [10000]], [[1e308], [0]], [[6000]], [[6], [0]], [[6], [0]], None, None)
    assert result == [["Phase 4: Optimize hybrid structure"], ["Phase 1: Build and test product"]]


@pytest.mark.parametrize("raw, message", [
    ([[100], [200, 300]], "rate must be a rectangular range, got rows of 1 to 2 cells"),
    ([[100], 200], "rate must be a rectangular range, got rows and single cells mixed"),
    ([100, [200]], "rate must be a rectangular range, got single cells and rows mixed"),
    ([], "rate must be a cell or a range, got an empty range"),
    ([[]], "rate must be a cell or a range, got an empty range"),
], ids=["ragged", "rows-then-cell", "cell-then-row", "empty", "empty-row"])
def test_range_that_is_not_rectangular_is_a_message_not_a_dropped_cell(raw, message):
    assert call("SERVICE_INCOME", raw, [[30]], None) == [[message]]


def test_range_inside_a_cell_is_a_message_in_that_cell():
    result = call("SERVICE_INCOME", [[100], [[200]]], [[30]], None)
    assert result == [[12000.0], ["rate must be a number, got a range inside a cell ([200])"]]


@pytest.mark.parametrize("cell, message", [
    (10 ** 400, "rate must be a finite number, got a number too large for a float"),
    (float("inf"), "rate must be a finite number, got inf"),
    (float("nan"), "rate must be a finite number, got nan"),
], ids=["huge-int", "infinity", "nan"])
def test_number_a_float_cannot_hold_is_a_message_in_its_cell(cell, message):
    # JSON carries a 400-digit integer as an int; Python's json reads 1e400 as inf and NaN as nan
    assert udfs.SERVICE_INCOME([[100], [cell]], [[30]], None) == [[12000.0], [message]]


def test_long_text_is_quoted_shortened_and_no_reply_is_longer_than_a_cell():
    [[message]] = call("RESERVE_MONTHS", [["x" * 100_000]], [[6000]])
    assert message.startswith("cash must be a number, got 'xxx") and len(message) < 200
    [[message]] = udfs.RESERVE_MONTHS(1, 2, **{"y" * 100_000: 1})
    assert len(message) == 32_767


def test_unexpected_exception_becomes_a_message_in_the_cell(monkeypatch):
    def broken(*args):
        raise ZeroDivisionError("deep inside")

    monkeypatch.setattr(udfs, "evaluate", broken)
    assert call("RESERVE_MONTHS", [[21000]], [[6000]]) == [
        ["RESERVE_MONTHS could not compute this: unexpected ZeroDivisionError ('deep inside')"]]


def test_unexpected_exception_reading_an_argument_names_it(monkeypatch):
    def broken(name, raw, fill):
        raise KeyError("odd cell")

    monkeypatch.setattr(udfs.cells, "read_numbers", broken)
    assert call("RESERVE_MONTHS", [[21000]], [[6000]]) == [
        ["cash could not be read, unexpected KeyError (\"'odd cell'\")"]]


@pytest.mark.parametrize("excel_name, args, message", [
    ("RESERVE_MONTHS", [[[21000]]], "RESERVE_MONTHS takes 2 arguments (cash, monthly_costs), got 1"),
    ("RESERVE_MONTHS", [[[21000]], [[6000]], [[1]]], "RESERVE_MONTHS takes 2 arguments (cash, monthly_costs), got 3"),
    ("SERVICE_INCOME", [[[125]]],
     "SERVICE_INCOME takes 2 to 3 arguments (rate, hours_per_week, weeks_per_year), got 1"),
], ids=["too-few", "too-many", "too-few-of-a-range"])
def test_wrong_number_of_arguments_through_the_dispatcher_is_a_message(excel_name, args, message):
    assert call(excel_name, *args) == [[message]]


def test_wrong_number_of_arguments_in_python_is_returned_not_raised():
    assert udfs.EFFECTIVE_STREAMS() == [["EFFECTIVE_STREAMS takes 1 argument (amounts), got 0"]]
    assert udfs.RESERVE_MONTHS(1, 2, 3, 4) == [["RESERVE_MONTHS takes 2 arguments (cash, monthly_costs), got 4"]]
    assert udfs.RESERVE_MONTHS(21000, 6000, cash=1) == [["RESERVE_MONTHS got cash twice"]]
    assert udfs.RESERVE_MONTHS(21000, costs=6000) == [
        ["RESERVE_MONTHS has no argument costs; its arguments are cash, monthly_costs"]]


ENTITY = {"type": "Entity", "text": "Contoso", "properties": {"Revenue": {"type": "Double", "basicValue": 5}}}


def test_rich_value_with_a_basic_value_is_read_as_that_value():
    assert call("RESERVE_MONTHS", [[{"type": "Double", "basicValue": 21000}]], [[6000]]) == [[3.5]]


def test_rich_value_without_a_basic_value_is_a_message_not_a_blank():
    # fee_rate would silently be 0 (its default) if the entity were read as a blank
    result = call("PRODUCT_BREAKEVEN", [[120]], [[150]], [[99]], [[30]], [[ENTITY]], None, None, None)
    assert result == [["fee_rate must be a number, got a rich value (Entity) without a plain value"]]


def test_rich_value_without_a_basic_value_among_kinds_is_a_message():
    result = call("HYBRID_MIX", [[8000], [2500]], [["consulting"], [ENTITY]], None, None, None)
    assert result == [["kinds must be text, got a rich value (Entity) without a plain value"]]
