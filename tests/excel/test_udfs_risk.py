"""PLAN_RISK through xlwings' Office.js dispatcher: the odds of whole columns of profiles in one call,
the month bands spilled under their header, bad cells answered with the rule."""

import numpy as np
import pytest

from xlincome import model
from xlincome.functions import BY_EXCEL_NAME, PLAN_KW1

from test_udfs_officejs import as_excel_sends, call, call_with, pytestmark  # noqa: F401  (same runtime)

NAMES = [argument.name for argument in BY_EXCEL_NAME["PLAN_RISK"].arguments]


def test_a_blank_result_is_the_share_of_futures_whose_savings_run_out():
    assert call_with("PLAN_RISK", **{**PLAN_KW1, "cash": 6000}, client_loss=0.05) == [[
        pytest.approx(model.plan_risk(**{**PLAN_KW1, "cash": 6000}, client_loss=0.05), rel=1e-15)]]


def test_the_table_spills_the_month_bands_under_their_header():
    table = call_with("PLAN_RISK", **PLAN_KW1, months=36, trials=200, result="table")
    expected = model.plan_risk(**PLAN_KW1, months=36, trials=200, result="table")
    assert table[0] == list(model.RISK_COLUMNS)
    assert len(table) == 1 + 36
    for row, want in zip(table[1:], expected.itertuples(index=False)):
        assert row == pytest.approx(list(want), rel=1e-15)


def test_every_summary_over_whole_columns_of_profiles_in_one_call():
    rows = 60
    rng = np.random.default_rng(8)
    columns = {**{name: np.full(rows, float(value)) for name, value in PLAN_KW1.items()},
               "cash": rng.uniform(0, 20000, rows), "client_loss": rng.uniform(0, 0.2, rows),
               "seed": np.arange(rows, dtype=float)}
    args = [columns[name].reshape(-1, 1).tolist() if name in columns else None for name in NAMES]
    args[NAMES.index("trials")] = [[300]]
    for result in model.RISK_SUMMARIES:
        args[-1] = [[result]]
        cells = [row[0] for row in call("PLAN_RISK", *args)]
        expected = model.plan_risk(**columns, trials=300, result=result)
        assert cells == pytest.approx(expected.tolist(), rel=1e-15)


def test_a_bad_row_shows_its_message_and_the_others_their_odds():
    args = [as_excel_sends(PLAN_KW1[name]) if name in PLAN_KW1 else None for name in NAMES]
    args[NAMES.index("trials")] = [[100], [10.5], [0], ["many"], [100]]
    args[NAMES.index("seed")] = [[1], [1], [1], [1], [-2]]
    result = [row[0] for row in call("PLAN_RISK", *args)]
    assert result[0] == model.plan_risk(**PLAN_KW1, trials=100)
    assert result[1] == "trials must be a whole number in [1, 100,000], got 10.5"
    assert result[2] == model.plan_risk(**PLAN_KW1, trials=1000)  # a 0 that breaks the rule is a blank
    assert result[3] == "trials must be a number, got 'many'"
    assert result[4] == "seed must be in [0, 2147483648), got -2"


@pytest.mark.parametrize("change, message", [
    ({"client_cv": 30}, "client_cv must be in [0, 10]; for 10 % write 0.10 or 10%, got 30"),
    ({"client_loss": 2}, "client_loss must be in [0, 1]; for 10 % write 0.10 or 10%, got 2"),
    ({"loss_months": 2.5}, "loss_months must be a whole number in [1, 120], got 2.5"),
    ({"trials": 200_000}, "trials must be in [1, 100000], got 200000"),
    ({"seed": 0.5}, "seed must be a whole number in [0, 2,147,483,648), got 0.5"),
    ({"launch_cv": "lots"}, "launch_cv must be a number, got 'lots'"),
    ({"hourly_rate": None}, "hourly_rate is required, got a blank"),
    ({"result": "odds"}, "result must be one of ruin, below_floor, rebalance"),
])
def test_bad_cells_give_a_message_in_the_table_and_in_a_summary(change, message):
    for result in (None, "table"):
        kwargs = {**PLAN_KW1, "trials": 50, **({"result": result} if result else {}), **change}
        [[cell]] = call_with("PLAN_RISK", **{k: v for k, v in kwargs.items() if v is not None})
        assert message in cell


def test_the_table_needs_single_cells():
    [[cell]] = call_with("PLAN_RISK", **{**PLAN_KW1, "seed": [1, 2]}, result="table")
    assert cell == "seed must be a single cell for result table, got 2 cells"
