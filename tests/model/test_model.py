"""The model against MODEL.md's acceptance examples, its bad-input rules, and its array behaviour."""

import math

import numpy as np
import pandas as pd
import pytest

from xlincome import InputError
from xlincome.functions import FUNCTIONS
from xlincome.model import (
    breakeven_units,
    effective_streams,
    hours_needed,
    hybrid_mix,
    phase_status,
    product_breakeven,
    required_rate,
    reserve_months,
    revenue_floor,
    service_income,
)

SEED_AMOUNTS = [8000, 2500, 1500, 1000]
SEED_KINDS = ["consulting", "toolkit", "workshop", "subscription"]

ACCEPTANCE = [
    (lambda: service_income(125, 30), 15000),
    (lambda: revenue_floor(1500, 3600, tax_rate=0.25, margin=0.10), 6930),
    (lambda: product_breakeven(120, 150, 99, 30), 6.0606060606060606),
    (lambda: product_breakeven(80, 125, 79, 50, fee_rate=0.05, monthly_costs=120,
                               maintenance_hours=4, upfront_costs=500), 3.3519553072625698),
    (lambda: breakeven_units(120, 150, 99, 12), 15.151515151515152),
    (lambda: hybrid_mix(SEED_AMOUNTS, SEED_KINDS), 0.2692307692307692),
    (lambda: hybrid_mix(SEED_AMOUNTS, SEED_KINDS, result="gap"), 571.4285714285714),
    (lambda: effective_streams(SEED_AMOUNTS), 2.2993197278911564),
    (lambda: required_rate(12000, 25), 120),
    (lambda: hours_needed(12000, 150), 20),
    (lambda: reserve_months(21000, 6000), 3.5),
]


@pytest.mark.parametrize("call, expected", ACCEPTANCE)
def test_acceptance_example_holds_to_1e_9(call, expected):
    assert call() == pytest.approx(expected, rel=1e-9)


def test_acceptance_texts_and_never():
    assert product_breakeven(100, 100, 10, 5, monthly_costs=100) == math.inf
    assert hybrid_mix(SEED_AMOUNTS, SEED_KINDS, result="status") == "below target"
    assert phase_status(10000, 0, 6000) == "Phase 1: Build and test product"
    assert phase_status(4000, 500, 6000, result="phase") == 0


def test_scalar_in_gives_python_scalar_out():
    assert type(service_income(125, 30)) is float
    assert type(phase_status(4000, 500, 6000, result="phase")) is int
    assert type(phase_status(10000, 0, 6000)) is str


def test_series_in_gives_series_with_same_index():
    hours = pd.Series([120, 100], index=["course", "ebook"])
    months = product_breakeven(hours, 150, 99, 30)
    assert list(months.index) == ["course", "ebook"]
    assert months["ebook"] == pytest.approx(15000 / 2970, rel=1e-12)


def test_array_and_scalar_calls_agree_element_by_element():
    rng = np.random.default_rng(7)
    build = rng.uniform(0, 200, 50)
    price = rng.uniform(1, 300, 50)
    units = rng.uniform(0, 80, 50)
    fees = rng.uniform(0, 0.5, 50)
    vector = product_breakeven(build, 90, price, units, fee_rate=fees, monthly_costs=40)
    scalar = [product_breakeven(b, 90, p, u, fee_rate=f, monthly_costs=40)
              for b, p, u, f in zip(build, price, units, fees)]
    np.testing.assert_allclose(vector, scalar, rtol=1e-12)
    labels = phase_status(rng.uniform(0, 9000, 50), rng.uniform(0, 4000, 50), 5000,
                          months_sustained=rng.integers(0, 12, 50), reserve_months=4)
    assert labels.shape == (50,)
    assert all(label.startswith("Phase ") for label in labels)


def test_hybrid_mix_takes_one_portfolio_per_row_of_a_2d_array():
    shares = hybrid_mix([[8000, 2000], [5000, 5000]], ["service", "course"])
    np.testing.assert_allclose(shares, [0.2, 0.5])


def test_hybrid_mix_ignores_blank_rows_and_reads_kinds_case_insensitively():
    share = hybrid_mix([8000, None, 2000], ["Consulting ", None, "COURSE"])
    assert share == pytest.approx(0.2)


def test_hybrid_mix_table_has_every_figure():
    table = hybrid_mix(SEED_AMOUNTS, SEED_KINDS, result="table")
    assert table["active"] == 9500
    assert table["scalable"] == 3500
    assert table["status"] == "below target"
    assert table["effective streams"] == pytest.approx(169 / 73.5)


def test_hybrid_mix_status_band_edges_are_on_target():
    assert hybrid_mix([7, 3], ["service", "course"], result="status") == "on target"
    assert hybrid_mix([6, 4], ["service", "course"], result="status") == "on target"
    assert hybrid_mix([5, 5], ["service", "course"], result="status") == "above target"


@pytest.mark.parametrize("kwargs, phase, step", [
    (dict(service_income=4000, product_income=500, revenue_floor=6000), 0,
     "raise total income to the revenue floor"),
    (dict(service_income=5000, product_income=1100, revenue_floor=6000), 0,
     "raise service income to the revenue floor"),
    (dict(service_income=10000, product_income=0, revenue_floor=6000), 1,
     "grow product income to 20% of total income"),
    (dict(service_income=8000, product_income=2000, revenue_floor=6000, months_sustained=2,
          reserve_months=4), 2, "sustain a 20% product share for 3 months in a row"),
    (dict(service_income=8000, product_income=2000, revenue_floor=6000, months_sustained=3,
          reserve_months=2), 2, "build cash reserves to 3 months of costs"),
    (dict(service_income=8000, product_income=2000, revenue_floor=6000, months_sustained=6,
          reserve_months=6), 3, "grow product income to 30% of total income"),
    (dict(service_income=7000, product_income=3000, revenue_floor=6000, months_sustained=6,
          reserve_months=6, volatility=0.2), 3, "bring income volatility down to 15% or less"),
    (dict(service_income=7000, product_income=3000, revenue_floor=6000, months_sustained=6,
          reserve_months=6), 4, "none"),
])
def test_phase_rules_in_order_with_next_step(kwargs, phase, step):
    assert phase_status(**kwargs, result="phase") == phase
    assert phase_status(**kwargs, result="next") == step


@pytest.mark.parametrize("call, message", [
    (lambda: product_breakeven(-5, 150, 99, 30), "build_hours must be >= 0, got -5"),
    (lambda: product_breakeven([1, 2, -5], 150, 99, 30), "build_hours must be >= 0, got -5 at position 2"),
    (lambda: product_breakeven(120, 150, "abc", 30), "price must be a number, got 'abc'"),
    (lambda: product_breakeven(120, 150, 0, 30), "price must be > 0, got 0"),
    (lambda: revenue_floor(1500, 3600, tax_rate=1), "tax_rate must be in [0, 1); for 10 % write 0.10 or 10%, got 1"),
    (lambda: product_breakeven(120, 150, 99, 30, fee_rate=-0.1), "fee_rate must be in [0, 1); for 10 % write 0.10 or 10%, got -0.1"),
    (lambda: service_income(125, 0), "hours_per_week must be > 0, got 0"),
    (lambda: service_income(-1, 30), "rate must be > 0, got -1"),
    (lambda: breakeven_units(120, 150, 99, 0), "horizon_months must be > 0, got 0"),
    (lambda: reserve_months(1000, 0), "monthly_costs must be > 0, got 0"),
    (lambda: hybrid_mix([1, 2], ["service", "crypto"]), "kinds must be a known kind"),
    (lambda: hybrid_mix([1, 2], ["service", "course", "saas"]), "must have matching sizes"),
    (lambda: hybrid_mix([1, 2], ["service", "course"], result="median"), "result must be one of share"),
    (lambda: phase_status(1, 1, 1, result="colour"), "result must be one of phase, label, next"),
    (lambda: product_breakeven([1, 2], 150, [99, 98, 97], 30), "build_hours, price must have matching sizes"),
    (lambda: service_income(None, 30), "rate is required"),
    (lambda: service_income(True, 30), "rate must be a number, got True"),
    (lambda: service_income(10**400, 30), "rate must be a finite number, got a number too large"),
    (lambda: service_income([[1, 2], [3]], 30), "rate must be a number or a rectangular array of numbers, got nested lists of different lengths"),
    (lambda: service_income(float("inf"), 30), "rate must be a finite number, got inf"),
    (lambda: hybrid_mix([8000, 2500], ["consulting"]), "amounts, kinds must have matching sizes"),
    (lambda: hybrid_mix([8000, 2500], "consulting"), "amounts, kinds must have matching sizes"),
    (lambda: hybrid_mix([8000, 2500], ["consulting", None]), "kinds must be given for every amount"),
])
def test_bad_input_raises_the_package_error_naming_argument_and_rule(call, message):
    with pytest.raises(InputError) as caught:
        call()
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_error_names_the_argument_as_attribute():
    with pytest.raises(InputError) as caught:
        product_breakeven(120, 150, 99, -3)
    assert caught.value.argument == "units_per_month"
    assert caught.value.rule == "must be >= 0"


def _valid_column(rule, rng, size):
    """``size`` values inside ``rule`` (away from its edges)."""
    low = 0.0 if rule.low is None else rule.low
    high = low + 1000 if rule.high is None else rule.high
    return rng.uniform(low + (high - low) * 0.01, high - (high - low) * 0.01, size)


@pytest.mark.parametrize("function", [f for f in FUNCTIONS if f.name not in ("hybrid_mix", "effective_streams", "transition_plan",
                                                                         "plan_risk")],  # whole numbers: own tests
                         ids=lambda f: f.excel_name)
def test_every_function_gives_the_same_answer_for_an_array_as_element_by_element(function):
    rng = np.random.default_rng(11)
    size = 40
    columns = {a.name: _valid_column(a.rule, rng, size) for a in function.arguments if a.rule is not None}
    options = [{}] if function.name != "phase_status" else [{"result": r} for r in ("phase", "label", "next")]
    for option in options:
        vector = function(**columns, **option)
        for i in range(size):
            one = function(**{name: float(values[i]) for name, values in columns.items()}, **option)
            assert one == (pytest.approx(vector[i], rel=1e-12) if isinstance(one, float) else vector[i])


def test_hybrid_mix_rows_of_a_2d_array_equal_one_call_per_portfolio():
    rng = np.random.default_rng(5)
    amounts = rng.uniform(0, 5000, (30, 4))
    kinds = ["service", "course", "retainer", "saas"]
    for result in ("share", "gap"):
        np.testing.assert_allclose(hybrid_mix(amounts, kinds, result=result),
                                   [hybrid_mix(list(row), kinds, result=result) for row in amounts])
    assert list(hybrid_mix(amounts, kinds, result="status")) == [
        hybrid_mix(list(row), kinds, result="status") for row in amounts]
    np.testing.assert_allclose(effective_streams(amounts), [effective_streams(list(row)) for row in amounts])
