"""PLAN_RISK: the kw1 story's odds, an independent simulation of the same model, the month bands,
and bad input named by argument and rule."""

import math

import numpy as np
import pandas as pd
import pytest

from xlincome import InputError
from xlincome.functions import PLAN_KW1
from xlincome.model import (
    RISK_COLUMNS,
    RISK_SUMMARIES,
    plan_risk,
    plan_trials,
    revenue_floor,
    risk_summaries,
    transition_plan,
)
from xlincome.model.risk import rank

# -- the kw1 story ---------------------------------------------------------------------------------

def test_kw1_with_the_default_spreads():
    """kw1 (18,000 saved) with client and sales 30 % and launch 50 %, 1,000 futures, seed 1.

    By hand: month 1 keeps 0.75 * (8,800 C - 1,500) - 4,500 of the month's money; the 10th
    percentile of a lognormal factor with cv 0.30 is exp(-0.0431 - 1.2816 * 0.2936) = 0.657, so a
    bad month 1 ends near 18,000 + 0.75 * (5,782 - 1,500) - 4,500 = 16,712 (the band: 16,693), and
    a few bad build months in a row take the bad case's lowest point to about 15,800, well above
    0: the plan's 18,975 is its good luck, not its worst case, but these savings last.
    """
    s = risk_summaries(**PLAN_KW1)
    assert s["ruin"] == 0
    assert s["lowest_p10"] == pytest.approx(15837.41592918025, rel=1e-12)
    assert s["below_floor"] == pytest.approx(0.943)  # a month under the floor is almost certain
    assert s["rebalance"] == pytest.approx(0.676)
    assert (s["cash_p10"], s["cash_p50"], s["cash_p90"]) == pytest.approx(
        (86195.17252925184, 108790.72406323368, 135175.5932630369), rel=1e-12)
    assert s["cash_p50"] > transition_plan(**PLAN_KW1).cash.iloc[-1]  # a factor of mean 1 with a lower median
    month_1 = plan_risk(**PLAN_KW1, result="table").iloc[0]
    assert month_1["cash_p10"] == pytest.approx(18000 + 0.75 * (8800 * 0.657 - 1500) - 4500, rel=2e-3)


def test_kw1_with_a_sixth_of_the_savings_and_a_client_lost_now_and_then():
    """6,000 saved and a 5 % chance a month of losing half the client income for three months."""
    risky = {**PLAN_KW1, "cash": 6000, "client_loss": 0.05}
    assert plan_risk(**risky) == pytest.approx(0.092)
    assert plan_risk(**risky, result="lowest_p10") == pytest.approx(373.08091563982783, rel=1e-12)
    assert plan_risk(**{**risky, "client_loss": 0}) == 0  # the loss is what runs the savings out
    assert plan_risk(**{**risky, "cash": 3000}) > plan_risk(**risky) > plan_risk(**{**risky, "cash": 9000})


# -- an independent simulation of the same model (numpy's generator, one trial at a time) -----------

def simulate_one(kw: dict, rng, months: int) -> tuple[float, float, bool, bool]:
    """One future of MODEL.md's PLAN_RISK, step by step: (lowest cash, last cash, under floor, rebalanced)."""
    w = kw.get("weeks_per_year", 48) / 12
    floor = revenue_floor(kw["business_costs"], kw["personal_costs"], kw["tax_rate"], kw["margin"])
    target = kw.get("target_hours_per_week")

    def factor(cv):
        sigma = math.sqrt(math.log(1 + cv * cv))
        return rng.lognormal(-sigma * sigma / 2, sigma) if cv else 1.0

    launch_factor = factor(kw["launch_cv"])
    built, launch, cash, left, sustained = 0.0, None, kw["cash"], 0, 0
    rebalancing = rebalanced = under = False
    lowest = math.inf
    for t in range(1, months + 1):
        if launch is None and built >= kw["build_hours"]:
            launch = t
        build = 0.0 if launch else min(kw["build_hours_per_week"] * w, kw["build_hours"] - built)
        built += build
        product_hours = build + (kw["maintenance_hours"] if launch else 0.0)
        units = kw["units_per_month"] * min(1.0, (t - launch + 1) / kw["ramp_months"]) if launch else 0.0
        units *= launch_factor * factor(kw["sales_cv"])
        gross = kw["price"] * units * (1 - kw["fee_rate"]) - kw["monthly_costs"] if launch else 0.0
        product_income = max(0.0, gross)
        h = max(0.0, kw["hours_per_week"] - product_hours / w)
        if rebalancing:
            need = max(0.0, (floor * (1 + 1e-12) - product_income) / (kw["hourly_rate"] * w))
            h = min(h, max(target, need))
        rebalanced |= rebalancing
        client = factor(kw["client_cv"])
        loss_draw = rng.random()
        if left > 0:
            spell, left = True, left - 1
        elif loss_draw < kw["client_loss"]:
            spell, left = True, kw["loss_months"] - 1
        else:
            spell = False
        service = kw["hourly_rate"] * h * w * client * ((1 - kw["loss_share"]) if spell else 1.0)
        total = service + product_income
        under |= total < floor
        profit = service + gross - (kw.get("upfront_costs", 0.0) if t == 1 else 0.0) - kw["business_costs"]
        cash += (profit * (1 - kw["tax_rate"]) if profit > 0 else profit) - kw["personal_costs"]
        lowest = min(lowest, cash)
        share = product_income / total if total > 0 else 0.0
        sustained = sustained + 1 if share >= 0.20 else 0
        reserve = max(0.0, cash) / (kw["business_costs"] + kw["personal_costs"])
        phase = 0 if total < floor or (share < 0.20 and service < floor) else (
            1 if share < 0.20 else (2 if sustained < 3 or reserve < 3 else (
                4 if share >= 0.30 and sustained >= 6 and reserve >= 6 else 3)))
        if target is not None and phase >= 3:
            rebalancing = True
    return lowest, cash, under, rebalanced


RISKY = dict({**PLAN_KW1, "cash": 4000}, client_cv=0.3, sales_cv=0.4, launch_cv=0.6, client_loss=0.04,
             loss_share=0.5, loss_months=3)


def test_the_independent_simulation_with_no_randomness_is_the_transition_plan():
    certain = dict(RISKY, client_cv=0, sales_cv=0, launch_cv=0, client_loss=0)
    lowest, last, _, rebalanced = simulate_one(certain, np.random.default_rng(0), 24)
    poorer = {**PLAN_KW1, "cash": 4000}
    assert lowest == pytest.approx(transition_plan(**poorer, result="lowest_cash"), rel=1e-12)
    assert last == pytest.approx(transition_plan(**poorer).cash.iloc[-1], rel=1e-12)
    assert rebalanced == (transition_plan(**PLAN_KW1, result="rebalance") <= 24)


def test_the_odds_agree_with_an_independent_simulation_within_sampling_error():
    n = 4000
    rng = np.random.default_rng(20240601)
    ours = risk_summaries(**RISKY, trials=n)
    theirs = np.array([simulate_one(RISKY, rng, 24) for _ in range(n)])
    lowest, last, under, rebalanced = theirs.T
    for name, outcome in (("ruin", lowest < 0), ("below_floor", under > 0), ("rebalance", rebalanced > 0)):
        p = (ours[name] + outcome.mean()) / 2
        error = math.sqrt(max(p * (1 - p), 1 / n) * 2 / n)  # of a difference of two shares of n trials
        assert abs(ours[name] - outcome.mean()) < 4 * error, name
    assert 0.1 < ours["ruin"] < 0.5  # a case where the odds are worth comparing
    # each percentile of ours cuts the other simulation's trials at the same share
    for name, share, values in (("cash_p10", 0.1, last), ("cash_p50", 0.5, last), ("cash_p90", 0.9, last),
                                ("lowest_p10", 0.1, lowest)):
        below = (values <= ours[name]).mean()
        assert abs(below - share) < 4 * math.sqrt(share * (1 - share) * 2 / n), name


# -- the bands, broadcasting, types --------------------------------------------------------------

def test_the_table_bands_each_month_over_the_trials():
    trials = plan_trials(**RISKY, trials=300)
    table = plan_risk(**RISKY, trials=300, result="table")
    assert list(table.columns) == list(RISK_COLUMNS) and table["month"].tolist() == list(range(1, 25))
    last = table.iloc[-1]
    ordered = np.sort(trials["final_cash"])
    assert [last["cash_p10"], last["cash_p50"], last["cash_p90"]] == [ordered[29], ordered[149], ordered[269]]
    assert last["ruined"] == trials["ruined"].mean() == plan_risk(**RISKY, trials=300)
    assert (table["ruined"].diff().dropna() >= 0).all()
    assert (table["cash_p10"] <= table["cash_p50"]).all() and (table["cash_p50"] <= table["cash_p90"]).all()
    assert (table["income_p10"] <= table["income_p90"]).all()


def test_nearest_rank_percentiles():
    assert [rank(10, 1000), rank(50, 1000), rank(90, 1000)] == [100, 500, 900]
    assert [rank(10, 1), rank(50, 1), rank(90, 1)] == [1, 1, 1]
    assert [rank(10, 15), rank(50, 15), rank(90, 15)] == [2, 8, 14]
    assert rank(90, 99_999) == 90_000  # ceil(89,999.1), in integers


def test_scalars_arrays_and_series_as_the_other_functions():
    assert isinstance(plan_risk(**PLAN_KW1, trials=50), float)
    cash = pd.Series([1000.0, 18000.0], index=["ana", "ben"])
    odds = plan_risk(**{**PLAN_KW1, "cash": cash}, client_loss=0.1, trials=200)
    assert isinstance(odds, pd.Series) and list(odds.index) == ["ana", "ben"]
    assert odds["ana"] == plan_risk(**{**PLAN_KW1, "cash": 1000.0}, client_loss=0.1, trials=200)
    assert odds["ana"] > odds["ben"]
    grid = plan_risk(**PLAN_KW1, trials=np.array([[10, 20], [30, 40]]), result="cash_p50")
    assert grid.shape == (2, 2)
    assert set(risk_summaries(**PLAN_KW1, trials=10)) == set(RISK_SUMMARIES)


def test_money_beyond_a_float_names_the_profile():
    from xlincome.errors import TooLargeError

    with pytest.raises(TooLargeError, match="at position 1"):
        plan_risk(**{**PLAN_KW1, "price": np.array([79, 1e308]), "units_per_month": 1e10}, trials=10)


@pytest.mark.parametrize("change, message", [
    ({"client_cv": -0.1}, "client_cv must be in [0, 10]; for 10 % write 0.10 or 10%, got -0.1"),
    ({"sales_cv": 30}, "sales_cv must be in [0, 10]; for 10 % write 0.10 or 10%, got 30"),
    ({"launch_cv": "high"}, "launch_cv must be a number, got 'high'"),
    ({"client_loss": 1.5}, "client_loss must be in [0, 1]; for 10 % write 0.10 or 10%, got 1.5"),
    ({"loss_share": -1}, "loss_share must be in [0, 1]; for 10 % write 0.10 or 10%, got -1"),
    ({"loss_months": 0}, "loss_months must be in [1, 120], got 0"),
    ({"loss_months": 2.5}, "loss_months must be a whole number in [1, 120], got 2.5"),
    ({"trials": 0}, "trials must be in [1, 100000], got 0"),
    ({"trials": 100_001}, "trials must be in [1, 100000], got 100001"),
    ({"trials": 10.5}, "trials must be a whole number in [1, 100,000], got 10.5"),
    ({"seed": -1}, "seed must be in [0, 2147483648), got -1"),
    ({"seed": 2 ** 31}, "seed must be in [0, 2147483648), got 2147483648"),
    ({"seed": 1.5}, "seed must be a whole number in [0, 2,147,483,648), got 1.5"),
    ({"hourly_rate": 0}, "hourly_rate must be > 0, got 0"),
    ({"months": 121}, "months must be in [1, 120], got 121"),
    ({"result": "odds"}, "result must be one of ruin, below_floor, rebalance"),
    ({"cash": [1000, 2000], "result": "table"}, "result table is for one profile, got 2 profiles"),
])
def test_bad_input_names_the_argument_and_the_rule(change, message):
    with pytest.raises(InputError) as caught:
        plan_risk(**{**PLAN_KW1, **change})
    assert message in str(caught.value)


def test_plan_trials_is_for_one_profile():
    with pytest.raises(InputError, match="plan_trials is for one profile, got 2 profiles"):
        plan_trials(**{**PLAN_KW1, "cash": [1.0, 2.0]})
