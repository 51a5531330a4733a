"""The month loop shared by TRANSITION_PLAN and PLAN_RISK: its shortcut to the rebalancing phases
is the framework's phase, and a month with factors of 1 is the plan's month."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from test_transition_plan import plans
from xlincome.model.kernel import REBALANCE_PHASE, may_rebalance, month_phase, plan_months
from xlincome.model.plan import PLAN_RULES
from xlincome.model.arrays import as_numbers

MONEY = st.floats(0, 1e6) | st.sampled_from([0.0, 1000.0, 4000.0, 6000.0])


@settings(max_examples=300)
@given(MONEY, MONEY, st.floats(1, 1e6) | st.sampled_from([1000.0, 6000.0]), st.integers(0, 10),
       st.floats(0, 20) | st.sampled_from([3.0, 6.0, 2.999999999]))
def test_may_rebalance_is_phase_3_or_4(service, product, floor, sustained, reserve):
    total = service + product
    m = dict(service_income=np.array([service]), product_income=np.array([product]), floor=np.array([floor]),
             total_income=np.array([total]), share=np.array([product / total if total > 0 else 0.0]),
             sustained=np.array([float(sustained)]), reserve_months=np.array([reserve]))
    assert may_rebalance(m)[0] == (month_phase(m)[0] >= REBALANCE_PHASE)


def _columns(plan: dict) -> dict:
    arguments = {name: as_numbers(name, plan.get(name), rule).reshape(1) for name, rule in PLAN_RULES.items()
                 if name != "months"}
    return arguments


@settings(max_examples=30, deadline=None)
@given(plans())
def test_factors_of_one_give_the_plans_months(plan):
    p = _columns(plan)
    ones = np.ones(1)
    plain = list(plan_months(p, (1,), plan["months"]))
    with_ones = list(plan_months(p, (1,), plan["months"], lambda month: (ones, ones, ones)))
    for a, b in zip(plain, with_ones):
        for name in ("cash", "total_income", "client_hours", "units", "rebalancing"):
            assert np.array_equal(a[name], b[name]), name


@settings(max_examples=300)
@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(0, 1, exclude_max=True) | st.just(0.0))
def test_the_tax_of_a_month_is_the_plans_rule(profit, tax_rate):
    """The loop keeps ``min(profit * (1 - tax), profit)``: the rule "a profit is taxed, a loss not"."""
    keep = np.float64(1 - tax_rate)
    with np.errstate(all="ignore"):
        rule = np.float64(profit) * keep if profit > 0 else np.float64(profit)
        kept = np.minimum(np.float64(profit) * keep, np.float64(profit))
    assert (np.isnan(rule) and np.isnan(kept)) or (rule == kept and np.signbit(rule) == np.signbit(kept))
