"""TRANSITION_PLAN through xlwings' Office.js dispatcher: the spilled table, columns of profiles, bad cells."""

import math

import numpy as np
import pytest

from xlincome import model
from xlincome.functions import BY_EXCEL_NAME, PLAN_KW1, PLAN_KW2

from test_udfs_officejs import as_excel_sends, call, call_with, pytestmark  # noqa: F401  (same runtime)

NAMES = [argument.name for argument in BY_EXCEL_NAME["TRANSITION_PLAN"].arguments]


def test_blank_result_spills_the_month_table_under_its_header():
    table = call_with("TRANSITION_PLAN", **PLAN_KW1)
    assert table[0] == list(model.PLAN_COLUMNS)
    assert len(table) == 1 + 24 and all(len(row) == len(model.PLAN_COLUMNS) for row in table)
    month_5 = dict(zip(table[0], table[5]))
    assert month_5["month"] == 5 and month_5["client_hours"] == pytest.approx(29, rel=1e-9)
    assert month_5["service_income"] == pytest.approx(11600, rel=1e-9)
    assert month_5["cash"] == pytest.approx(26438.125, rel=1e-9) and month_5["phase"] == 1
    month_10 = dict(zip(table[0], table[10]))
    assert month_10["client_hours"] == pytest.approx(20, rel=1e-9)
    assert month_10["cash"] == pytest.approx(51871.875, rel=1e-9) and month_10["phase"] == 3


def test_months_sets_the_number_of_rows():
    table = call_with("TRANSITION_PLAN", **PLAN_KW2, months=36)
    assert len(table) == 37 and table[-1][0] == 36


def test_summary_result_over_whole_columns_returns_a_column():
    rows = 200
    rng = np.random.default_rng(3)
    columns = {**{name: np.full(rows, float(value)) for name, value in PLAN_KW1.items()},
               "price": rng.uniform(5, 200, rows), "build_hours_per_week": rng.uniform(0, 12, rows)}
    columns["build_hours_per_week"][:5] = 0  # never launches
    args = [columns[name].reshape(-1, 1).tolist() if name in columns else None for name in NAMES]
    for result in ("launch", "breakeven", "lowest_cash", "final_phase"):
        args[-1] = [[result]]
        cells = [row[0] for row in call("TRANSITION_PLAN", *args)]
        expected = model.transition_plan(**columns, result=result)
        assert len(cells) == rows
        for cell, want in zip(cells, expected):
            if isinstance(want, str) or math.isinf(want):
                assert cell == ("never" if not isinstance(want, str) else want)
            else:
                assert cell == pytest.approx(want, rel=1e-12)
    args[-1] = [["launch"]]
    assert [row[0] for row in call("TRANSITION_PLAN", *args)][:5] == ["never"] * 5


def test_a_bad_row_shows_its_message_and_the_others_their_result():
    hours = [[8], [-8], [8], ["lots"]]
    args = [as_excel_sends(PLAN_KW2[name]) if name in PLAN_KW2 else None for name in NAMES]
    args[NAMES.index("build_hours_per_week")] = hours
    args[-1] = [["breakeven"]]
    result = [row[0] for row in call("TRANSITION_PLAN", *args)]
    assert result[0] == 11 and result[2] == 11
    assert result[1] == "build_hours_per_week must be >= 0, got -8"
    assert result[3] == "build_hours_per_week must be a number, got 'lots'"


@pytest.mark.parametrize("change, message", [
    ({"months": 12.5}, "months must be a whole number in [1, 120], got 12.5"),
    ({"months": 200}, "months must be in [1, 120], got 200"),
    ({"ramp_months": 0.5}, "ramp_months must be >= 1, got 0.5"),
    ({"business_costs": 0, "personal_costs": 0}, "business_costs plus personal_costs must be > 0"),
    ({"price": "abc"}, "price must be a number, got 'abc'"),
    ({"hourly_rate": None}, "hourly_rate is required, got a blank"),
    ({"result": "everything"}, "result must be one of table, launch"),
])
def test_bad_cells_give_a_message_in_the_table_and_in_a_summary(change, message):
    for result in (None, "launch"):
        kwargs = {**PLAN_KW1, **({"result": result} if result else {}), **change}
        [[cell]] = call_with("TRANSITION_PLAN", **{k: v for k, v in kwargs.items() if v is not None})
        assert message in cell


def test_the_table_needs_single_cells():
    [[cell]] = call_with("TRANSITION_PLAN", **{**PLAN_KW1, "price": [79, 99]})
    assert cell == "price must be a single cell for result table, got 2 cells"


def test_result_is_read_as_the_model_reads_it_whatever_its_case_and_spaces():
    table = call_with("TRANSITION_PLAN", **PLAN_KW1, result=" Table ")
    assert table[0] == list(model.PLAN_COLUMNS) and len(table) == 1 + 24
    # kw2 never rebalances: the month that never comes is "never", not "too large"
    assert call_with("TRANSITION_PLAN", **PLAN_KW2, result="Rebalance") == [["never"]]
    assert call_with("TRANSITION_PLAN", **PLAN_KW1, result="LAUNCH") == [[5]]


def test_money_beyond_a_float_is_a_message_not_a_made_up_share():
    [[cell]] = call_with("TRANSITION_PLAN", **{**PLAN_KW1, "price": 1e308, "units_per_month": 1e10},
                         result="final_share")
    assert cell == "result is too large to compute"
