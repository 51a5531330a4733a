"""The laws of PLAN_RISK (MODEL.md), as property tests: the certain case is TRANSITION_PLAN, a seed
always gives the same futures, a loss of nothing changes nothing, a run is the start of a longer one."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_transition_plan import plans
from xlincome.model import RISK_SUMMARIES, plan_risk, plan_trials, risk_summaries, transition_plan
from xlincome.model import risk as risk_module

CERTAIN = dict(client_cv=0, sales_cv=0, launch_cv=0, client_loss=0)
SEEDS = st.integers(0, 2 ** 31 - 1)


@st.composite
def risks(draw):
    """Risk arguments a freelancer might set."""
    return dict(client_cv=draw(st.floats(0, 1)), sales_cv=draw(st.floats(0, 1)), launch_cv=draw(st.floats(0, 1.5)),
                client_loss=draw(st.floats(0, 0.3)), loss_share=draw(st.floats(0, 1)),
                loss_months=draw(st.integers(1, 12)), seed=draw(SEEDS))


@settings(max_examples=40, deadline=None)
@given(plans(), st.integers(1, 60), SEEDS)
def test_with_no_randomness_every_trial_is_the_transition_plan(plan, trials, seed):
    summary = risk_summaries(**plan, **CERTAIN, trials=trials, seed=seed)
    table = transition_plan(**plan)
    lowest = transition_plan(**plan, result="lowest_cash")
    assert summary["ruin"] == (1.0 if lowest < 0 else 0.0)
    for name in ("cash_p10", "cash_p50", "cash_p90"):
        assert summary[name] == table["cash"].iloc[-1]
    assert summary["lowest_p10"] == lowest
    assert summary["below_floor"] == (1.0 if transition_plan(**plan, result="below_floor") > 0 else 0.0)
    assert summary["rebalance"] == (0.0 if math.isinf(transition_plan(**plan, result="rebalance")) else 1.0)
    bands = plan_risk(**plan, **CERTAIN, trials=trials, seed=seed, result="table")
    for band in ("cash_p10", "cash_p50", "cash_p90"):
        assert bands[band].tolist() == table["cash"].tolist()
    for band in ("income_p10", "income_p50", "income_p90"):
        assert bands[band].tolist() == table["total_income"].tolist()
    assert bands["ruined"].tolist() == (np.minimum.accumulate(table["cash"]) < 0).astype(float).tolist()


@settings(max_examples=25, deadline=None)
@given(plans(), risks(), st.integers(1, 300))
def test_the_same_seed_gives_the_same_numbers(plan, risk, trials):
    first = risk_summaries(**plan, **risk, trials=trials)
    again = risk_summaries(**plan, **risk, trials=trials)
    for name in RISK_SUMMARIES:
        assert first[name] == again[name]
        assert plan_risk(**plan, **risk, trials=trials, result=name) == first[name]


@settings(max_examples=25, deadline=None)
@given(plans(), risks(), st.floats(0, 1), st.integers(1, 200))
def test_with_no_loss_share_the_chance_of_a_loss_changes_nothing(plan, risk, other_chance, trials):
    risk = {**risk, "loss_share": 0}
    one = risk_summaries(**plan, **risk, trials=trials)
    other = risk_summaries(**plan, **{**risk, "client_loss": other_chance}, trials=trials)
    assert all(one[name] == other[name] for name in RISK_SUMMARIES)


@settings(max_examples=25, deadline=None)
@given(plans(), risks(), st.integers(1, 150), st.integers(0, 300))
def test_a_run_is_the_start_of_a_longer_run(plan, risk, trials, more):
    short = plan_trials(**plan, **risk, trials=trials)
    long = plan_trials(**plan, **risk, trials=trials + more)
    assert short.equals(long.head(trials))


def test_runs_cut_into_chunks_of_trials_and_blocks_of_profiles_are_the_same_trials(monkeypatch):
    from xlincome.functions import PLAN_KW1

    whole = plan_trials(**PLAN_KW1, client_loss=0.1, trials=700)
    many = {name: np.full(9, float(value)) for name, value in PLAN_KW1.items()}
    many["price"] = np.linspace(40, 120, 9)
    together = risk_summaries(**many, client_loss=0.1, trials=700)
    monkeypatch.setattr(risk_module, "_DRAW_ELEMENTS", 24 * 64)  # chunks of 64 trials
    monkeypatch.setattr(risk_module, "_BLOCK_ELEMENTS", 1400)  # blocks of 2 profiles
    assert plan_trials(**PLAN_KW1, client_loss=0.1, trials=700).equals(whole)
    cut = risk_summaries(**many, client_loss=0.1, trials=700)
    for name in RISK_SUMMARIES:
        assert np.array_equal(cut[name], together[name])


@settings(max_examples=15, deadline=None)
@given(st.lists(plans(), min_size=1, max_size=4), risks(), st.integers(1, 48), st.integers(1, 80))
def test_a_column_of_profiles_gives_each_profiles_odds(profiles, risk, months, trials):
    columns = {name: np.array([np.nan if p[name] is None else p[name] for p in profiles])
               for name in profiles[0] if name != "months"}
    seeds = np.array([risk["seed"] + i // 2 for i in range(len(profiles))]) % 2 ** 31  # pairs share a seed
    horizons = np.array([months, max(1, months - 7)] * 2)[:len(profiles)]
    together = risk_summaries(**columns, **{**risk, "seed": seeds}, months=horizons, trials=trials)
    for index, profile in enumerate(profiles):
        alone = risk_summaries(**{**profile, **risk, "seed": int(seeds[index]), "months": int(horizons[index])},
                               trials=trials)
        for name in RISK_SUMMARIES:
            assert together[name][index] == pytest.approx(float(alone[name]), rel=1e-12, abs=1e-9)


@settings(max_examples=20, deadline=None)
@given(plans(), risks(), st.integers(1, 200))
def test_the_tables_last_month_is_the_summaries(plan, risk, trials):
    summary = risk_summaries(**plan, **risk, trials=trials)
    last = plan_risk(**plan, **risk, trials=trials, result="table").iloc[-1]
    assert [last["cash_p10"], last["cash_p50"], last["cash_p90"]] == [summary["cash_p10"], summary["cash_p50"],
                                                                      summary["cash_p90"]]
    assert last["ruined"] == summary["ruin"]
    each = plan_trials(**plan, **risk, trials=trials)
    assert each["ruined"].mean() == pytest.approx(float(summary["ruin"]), abs=1e-15)
    assert each["below_floor"].mean() == pytest.approx(float(summary["below_floor"]), abs=1e-15)
    assert each["rebalanced"].mean() == pytest.approx(float(summary["rebalance"]), abs=1e-15)
