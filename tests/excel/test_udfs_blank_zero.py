"""Blank cells that arrive as 0, through xlwings' Office.js dispatcher.

Some Excel desktop builds send an empty cell to an Office.js custom
function as 0.  A 0 that breaks an optional argument's rule is read as the
blank it was (the default), a 0 in a text argument as a blank, a stream of
amount 0 with a blank kind as a blank row; a 0 that keeps the rule stays 0.
"""

from __future__ import annotations

import pytest

from test_udfs_officejs import SEED_AMOUNTS, SEED_KINDS, call, pytestmark  # noqa: F401 - same runtime check


def column(values):
    return [[value] for value in values]


def test_weeks_per_year_0_is_the_default_48_weeks_not_a_message():
    # 125 * 30 * 48 / 12 = 15000, as with the cell left blank
    assert call("SERVICE_INCOME", [[125]], [[30]], [[0]]) == [[15000.0]]
    assert call("SERVICE_INCOME", [[125]], [[30]], None) == [[15000.0]]


def test_weeks_per_year_0_in_a_column_takes_the_default_for_that_row_only():
    # 12000 * 12 / (25 * 48) = 120; / (25 * 40) = 144
    assert call("REQUIRED_RATE", [[12000]], [[25]], column([0, 40, 0])) == [[120.0], [144.0], [120.0]]
    # 12000 * 12 / (150 * 48) = 20
    assert call("HOURS_NEEDED", [[12000]], [[150]], [[0]]) == [[20.0]]


def test_a_negative_weeks_per_year_is_still_a_message():
    assert call("SERVICE_INCOME", [[125]], [[30]], [[-1]]) == [["weeks_per_year must be in (0, 52], got -1"]]


def test_a_0_that_keeps_the_rule_stays_0():
    # fee_rate 0.05 against 0: 10500 / 3132.5 and 10500 / (79 * 50 - 120 - 500) = 10500 / 3330
    fees = call("PRODUCT_BREAKEVEN", [[80]], [[125]], [[79]], [[50]], column([0.05, 0]), [[120]], [[4]], [[500]])
    assert [row[0] for row in fees] == pytest.approx([10500 / 3132.5, 10500 / 3330])
    # target_low 0 is a valid share: the seed mix (26.9 %) is then above a band of [0, 0.2]
    assert call("HYBRID_MIX", column(SEED_AMOUNTS), column(SEED_KINDS), [[0]], [[0.2]], [["status"]]) == [
        ["above target"]]


def test_a_0_in_result_is_the_default_choice():
    assert call("PHASE_STATUS", [[10000]], [[0]], [[6000]], [[0]], [[0]], [[0]], [[0]]) == [
        ["Phase 1: Build and test product"]]
    [[share]] = call("HYBRID_MIX", column(SEED_AMOUNTS), column(SEED_KINDS), None, None, [[0]])
    assert share == pytest.approx(7 / 26)


def test_empty_rows_of_a_portfolio_sent_as_0_are_ignored():
    # rows 5 and 6 of the ranges are empty, sent as amount 0 and kind 0: share 3500 / 13000
    [[share]] = call("HYBRID_MIX", column(SEED_AMOUNTS + [0, 0]), column(SEED_KINDS + [0, 0]), None, None, None)
    assert share == pytest.approx(3500 / 13000)
    # with a blank kind too
    [[share]] = call("HYBRID_MIX", column(SEED_AMOUNTS + [0]), column(SEED_KINDS + [None]), None, None, None)
    assert share == pytest.approx(3500 / 13000)


def test_an_amount_without_a_kind_is_still_a_message():
    assert call("HYBRID_MIX", column([8000, 5]), column(["consulting", 0]), None, None, None) == [
        ["kinds must be given for every amount, got a blank in cell 2 of the range"]]
