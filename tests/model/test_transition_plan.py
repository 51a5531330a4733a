"""TRANSITION_PLAN in Python: MODEL.md's examples, its rules, and laws that hold for every plan."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xlincome import InputError
from xlincome.functions import PLAN_KW1, PLAN_KW2
from xlincome.model import PLAN_COLUMNS, PLAN_SUMMARIES, plan_summaries, revenue_floor, transition_plan


@pytest.mark.parametrize("result, expected", [
    ("launch", 5), ("breakeven", 9), ("rebalance", 10), ("lowest_cash", 18975),
    ("final_phase", "Phase 4: Optimize hybrid structure"),
])
def test_kw1_summaries(result, expected):
    got = transition_plan(**PLAN_KW1, result=result)
    assert got == (expected if isinstance(expected, str) else pytest.approx(expected, rel=1e-9))


@pytest.mark.parametrize("result, expected", [
    ("launch", 5), ("breakeven", 11), ("rebalance", math.inf), ("below_floor", 0),
    ("final_phase", "Phase 1: Build and test product"),
])
def test_kw2_summaries(result, expected):
    assert transition_plan(**PLAN_KW2, result=result) == expected


def test_kw2_final_share_stays_just_under_20_percent():
    # 30 sales at 99 (no fees, no costs): 2970 of 2970 + 150 * 20 * 4 = 14970
    assert transition_plan(**PLAN_KW2, result="final_share") == pytest.approx(0.198396793587, rel=1e-9)
    assert transition_plan(**PLAN_KW2, result="final_share") == pytest.approx(2970 / 14970, rel=1e-12)


def test_kw1_table_months_5_and_10():
    table = transition_plan(**PLAN_KW1)
    assert list(table.columns) == list(PLAN_COLUMNS) and len(table) == 24
    five = table.iloc[4]
    # launched in month 5: 4 maintenance hours take 1 hour a week; sales 50 * 1/3 at 79 less 5 % less 100
    assert five["month"] == 5 and five["client_hours"] == pytest.approx(29, rel=1e-9)
    assert five["product_hours"] == pytest.approx(4, rel=1e-9)
    assert five["service_income"] == pytest.approx(11600, rel=1e-9)
    assert five["units"] == pytest.approx(50 / 3, rel=1e-9)
    assert five["product_income"] == pytest.approx(79 * 50 / 3 * 0.95 - 100, rel=1e-9)
    assert five["cash"] == pytest.approx(26438.125, rel=1e-9)
    assert five["share"] == pytest.approx(0.0902555, rel=1e-6)
    assert five["phase"] == 1
    ten = table.iloc[9]
    # rebalancing from month 10: cut to the 20-hour target (the floor needs only 11.49 hours)
    assert ten["client_hours"] == pytest.approx(20, rel=1e-9)
    assert ten["service_income"] == pytest.approx(8000, rel=1e-9)
    assert ten["product_income"] == pytest.approx(3652.5, rel=1e-9)
    assert ten["cash"] == pytest.approx(51871.875, rel=1e-9)
    assert ten["share"] == pytest.approx(0.3134520, rel=1e-6)
    assert ten["phase"] == 3


def test_build_months_move_client_hours_into_the_product():
    table = transition_plan(**PLAN_KW1, months=4)
    # 8 hours a week, 4 weeks a month: 32, 32, 32, then the last 24 of 120
    assert table["product_hours"].tolist() == [32, 32, 32, 24]
    assert table["client_hours"].tolist() == [22, 22, 22, 24]
    assert table["units"].tolist() == [0, 0, 0, 0]


def test_scalar_in_scalar_out_and_series_keeps_its_index():
    assert type(transition_plan(**PLAN_KW1, result="launch")) is float
    assert type(transition_plan(**PLAN_KW1, result="final_phase")) is str
    prices = pd.Series([79.0, 5.0], index=["ana", "bo"])
    launch = transition_plan(**{**PLAN_KW1, "price": prices}, result="breakeven")
    assert isinstance(launch, pd.Series) and list(launch.index) == ["ana", "bo"]
    assert launch["ana"] == 9 and launch["bo"] == math.inf


def test_launch_past_the_horizon_and_never():
    slow = {**PLAN_KW1, "build_hours_per_week": 1}  # 4 hours a month: 30 months for 120 hours
    assert transition_plan(**slow, months=12, result="launch") == 31
    assert transition_plan(**{**PLAN_KW1, "build_hours_per_week": 0}, result="launch") == math.inf
    assert transition_plan(**{**PLAN_KW1, "build_hours": 0}, result="launch") == 1


def test_no_target_never_rebalances():
    assert transition_plan(**{**PLAN_KW1, "target_hours_per_week": None}, result="rebalance") == math.inf
    table = transition_plan(**{**PLAN_KW1, "target_hours_per_week": None})
    assert table["client_hours"].iloc[-1] == 29


@pytest.mark.parametrize("change, message", [
    ({"hourly_rate": 0}, "hourly_rate must be > 0, got 0"),
    ({"price": -1}, "price must be > 0, got -1"),
    ({"build_hours": -5}, "build_hours must be >= 0, got -5"),
    ({"business_costs": 0, "personal_costs": 0}, "business_costs plus personal_costs must be > 0"),
    ({"ramp_months": 0.5}, "ramp_months must be >= 1, got 0.5"),
    ({"months": 0}, "months must be in [1, 120], got 0"),
    ({"months": 121}, "months must be in [1, 120], got 121"),
    ({"months": 12.5}, "months must be a whole number in [1, 120], got 12.5"),
    ({"target_hours_per_week": -1}, "target_hours_per_week must be >= 0 or blank, got -1"),
    ({"tax_rate": 1}, "tax_rate must be in [0, 1); for 10 % write 0.10 or 10%, got 1"),
    ({"cash": "lots"}, "cash must be a number, got 'lots'"),
    ({"result": "everything"}, "result must be one of table, launch"),
    ({"hourly_rate": [100, 120]}, "result table is for one profile, got 2 profiles"),
])
def test_bad_input_names_the_argument_and_the_rule(change, message):
    with pytest.raises(InputError) as caught:
        transition_plan(**{**PLAN_KW1, **change})
    assert message in str(caught.value)


# -- laws (hypothesis) -----------------------------------------------------------------------------

@st.composite
def plans(draw):
    """A valid plan with sizes a freelancer might have."""
    target = draw(st.one_of(st.none(), st.floats(0, 40)))
    return dict(
        hourly_rate=draw(st.floats(10, 300)), hours_per_week=draw(st.floats(5, 50)),
        build_hours=draw(st.floats(0, 400)), build_hours_per_week=draw(st.floats(0, 20)),
        price=draw(st.floats(1, 500)), units_per_month=draw(st.floats(0, 300)),
        business_costs=draw(st.floats(0, 5000)), personal_costs=draw(st.floats(100, 8000)),
        cash=draw(st.floats(0, 60000)), tax_rate=draw(st.floats(0, 0.5)), margin=draw(st.floats(0, 0.5)),
        fee_rate=draw(st.floats(0, 0.3)), monthly_costs=draw(st.floats(0, 500)),
        maintenance_hours=draw(st.floats(0, 20)), upfront_costs=draw(st.floats(0, 3000)),
        ramp_months=draw(st.floats(1, 12)), target_hours_per_week=target,
        weeks_per_year=draw(st.floats(40, 52)), months=draw(st.integers(1, 48)),
    )


@settings(deadline=None)
@given(plans(), st.floats(0.1, 20))
def test_more_build_hours_per_week_never_launches_later(plan, extra):
    faster = {**plan, "build_hours_per_week": plan["build_hours_per_week"] + extra}
    assert transition_plan(**faster, result="launch") <= transition_plan(**plan, result="launch")


@settings(deadline=None)
@given(plans(), st.sampled_from(["units_per_month", "price"]), st.floats(1.01, 3))
def test_more_units_or_a_higher_price_never_breaks_even_later(plan, which, factor):
    more = {**plan, which: plan[which] * factor + (1 if which == "units_per_month" else 0)}
    assert transition_plan(**more, result="breakeven") <= transition_plan(**plan, result="breakeven")


@settings(deadline=None)
@given(st.floats(10, 300), st.floats(0, 5000), st.floats(100, 8000), st.floats(0, 0.5),
       st.floats(0, 60000), st.floats(40, 52), st.integers(1, 60))
def test_no_product_and_service_exactly_at_the_floor_keeps_cash_flat(rate, business, personal, tax, cash,
                                                                     weeks, months):
    floor = revenue_floor(business, personal, tax)
    hours = floor / (rate * weeks / 12)
    table = transition_plan(hourly_rate=rate, hours_per_week=hours, build_hours=0, build_hours_per_week=0,
                            price=10, units_per_month=0, business_costs=business, personal_costs=personal,
                            cash=cash, tax_rate=tax, weeks_per_year=weeks, months=months)
    np.testing.assert_allclose(table["cash"], cash, rtol=1e-9, atol=1e-9 * (business + personal))


@settings(deadline=None)
@given(plans())
def test_rebalancing_never_pushes_total_income_under_the_floor(plan):
    assume(plan["target_hours_per_week"] is not None)
    table = transition_plan(**plan)
    untouched = transition_plan(**{**plan, "target_hours_per_week": None})
    floor = revenue_floor(plan["business_costs"], plan["personal_costs"], plan["tax_rate"], plan["margin"])
    start = transition_plan(**plan, result="rebalance")
    cut = (table["month"] >= start) & (untouched["total_income"] >= floor)
    assert (table["total_income"][cut] >= floor).all()


@settings(max_examples=25, deadline=None)
@given(st.lists(plans(), min_size=1, max_size=6), st.integers(1, 48))
def test_a_vectorized_call_equals_the_scalar_call_for_each_profile(profiles, months):
    columns = {name: np.array([np.nan if p[name] is None else p[name] for p in profiles])
               for name in profiles[0] if name != "months"}
    for result in PLAN_SUMMARIES:
        together = transition_plan(**columns, months=months, result=result)
        for index, profile in enumerate(profiles):
            alone = transition_plan(**{**profile, "months": months}, result=result)
            if isinstance(alone, str):
                assert together[index] == alone
            else:
                assert together[index] == pytest.approx(alone, rel=1e-12, abs=1e-9)


def test_profiles_with_different_horizons_in_one_call():
    months = np.array([6, 12, 24])
    final = transition_plan(**PLAN_KW1, months=months, result="final_share")
    expected = [transition_plan(**PLAN_KW1, months=int(m), result="final_share") for m in months]
    np.testing.assert_allclose(final, expected, rtol=1e-12)
    assert transition_plan(**PLAN_KW1, months=months, result="rebalance").tolist() == [math.inf, 10, 10]


def test_many_profiles_simulated_block_by_block_equal_one_call_each():
    count = 20_000  # more than two blocks of profiles
    columns = {name: np.full(count, float(value)) for name, value in PLAN_KW1.items()}
    columns["price"] = np.linspace(5, 200, count)
    columns["target_hours_per_week"][::3] = np.nan
    summaries = plan_summaries(**columns)
    for index in (0, 8191, 8192, 16384, count - 1):
        one = {**PLAN_KW1, "price": float(columns["price"][index]),
               "target_hours_per_week": None if index % 3 == 0 else 20}
        for result in PLAN_SUMMARIES:
            assert summaries[result][index] == transition_plan(**one, result=result), (index, result)


def test_money_beyond_a_float_raises_the_package_error_naming_the_profile():
    from xlincome.errors import TooLargeError

    with pytest.raises(TooLargeError, match="result is too large to compute$"):
        transition_plan(**{**PLAN_KW1, "price": 1e308, "units_per_month": 1e10}, result="final_share")
    with pytest.raises(TooLargeError, match="at position 1"):
        transition_plan(**{**PLAN_KW1, "price": np.array([79, 1e308]), "units_per_month": 1e10}, result="launch")


def test_a_series_of_one_profile_gives_its_month_table():
    table = transition_plan(**{**PLAN_KW1, "price": pd.Series([79])})
    assert list(table.columns) == list(PLAN_COLUMNS)
    assert table.loc[4, "cash"] == pytest.approx(26438.125, rel=1e-12)
