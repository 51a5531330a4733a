"""Laws of the model that must hold for every valid input (hypothesis)."""

import math

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xlincome import InputError, model
from xlincome.model import rules
from xlincome.errors import TooLargeError
from xlincome.functions import FUNCTIONS

money = st.floats(0, 1e6, allow_nan=False)
positive = st.floats(0.01, 1e5, allow_nan=False)
fraction = st.floats(0, 0.95, allow_nan=False)
hours = st.floats(0, 2000, allow_nan=False)
months = st.floats(0, 120, allow_nan=False)


@st.composite
def products(draw):
    rate = draw(st.one_of(st.just(0.0), st.floats(0.01, 500)))
    return dict(build_hours=draw(hours), hourly_rate=rate, price=draw(positive),
                units_per_month=draw(st.floats(0, 1e4)), fee_rate=draw(fraction),
                monthly_costs=draw(st.floats(0, 5e3)), maintenance_hours=draw(st.floats(0, 100)),
                upfront_costs=draw(st.floats(0, 5e4)))


def months_or_beyond(**product):
    """Break-even months, or infinity for months beyond the largest float (above every number)."""
    try:
        return model.product_breakeven(**product)
    except TooLargeError:
        return math.inf


@given(products(), st.floats(1.01, 3))
def test_breakeven_months_never_rise_when_price_or_units_rise(product, factor):
    before = months_or_beyond(**product)
    assert months_or_beyond(**{**product, "price": product["price"] * factor}) <= before * (1 + 1e-12)
    more_units = {**product, "units_per_month": product["units_per_month"] * factor + 1}
    assert months_or_beyond(**more_units) <= before * (1 + 1e-12)


@given(products(), st.floats(0.5, 500))
def test_breakeven_months_grow_with_build_hours(product, extra):
    # units_per_month may be as small as 5e-324: 1 / 5e-324 months is beyond the largest float
    before = months_or_beyond(**product)
    after = months_or_beyond(**{**product, "build_hours": product["build_hours"] + extra})
    assert after >= before
    assume(math.isfinite(before) and product["hourly_rate"] > 0)
    assert after > before


@given(money, money, fraction, st.floats(0, 1), st.sampled_from(["business_costs", "personal_costs"]),
       st.floats(1, 1e4))
def test_floor_grows_with_every_cost(business, personal, tax, margin, which, extra):
    base = dict(business_costs=business, personal_costs=personal, tax_rate=tax, margin=margin)
    raised = {**base, which: base[which] + extra}
    assert model.revenue_floor(**raised) > model.revenue_floor(**base)


@given(money, st.floats(1, 1e6), st.floats(0, 0.9), st.floats(0, 1), st.floats(0.001, 0.09))
def test_floor_grows_with_tax(business, personal, tax, margin, extra):
    assert (model.revenue_floor(business, personal, tax + extra, margin)
            > model.revenue_floor(business, personal, tax, margin))


@given(st.lists(st.tuples(money, st.sampled_from(model.KINDS)), min_size=1, max_size=12))
def test_scalable_share_stays_between_0_and_1(streams):
    amounts, kinds = zip(*streams)
    assume(sum(amounts) > 0)
    share = model.hybrid_mix(list(amounts), list(kinds))
    assert 0 <= share <= 1
    assert 1 - 1e-9 <= model.effective_streams(list(amounts)) <= len(amounts) + 1e-9


@st.composite
def situations(draw):
    return dict(service_income=draw(money), product_income=draw(money), revenue_floor=draw(money),
                months_sustained=draw(months), reserve_months=draw(months),
                volatility=draw(st.one_of(st.none(), st.floats(0, 1))))


@given(situations(), st.sampled_from(["months_sustained", "reserve_months"]), st.floats(0.5, 24))
def test_phase_never_goes_down_when_sustained_months_or_reserves_grow(situation, which, extra):
    assume(situation["service_income"] + situation["product_income"] > 0)
    before = model.phase_status(**situation, result="phase")
    after = model.phase_status(**{**situation, which: situation[which] + extra}, result="phase")
    assert after >= before


hostile = st.one_of(
    st.text(max_size=5), st.floats(), st.integers(-10**6, 10**6), st.none(), st.booleans(),
    st.lists(st.one_of(st.floats(), st.text(max_size=3), st.none()), max_size=4),
)


@settings(max_examples=300)
@given(st.sampled_from([model.service_income, model.revenue_floor, model.required_rate,
                        model.hours_needed, model.reserve_months]),
       hostile, hostile)
def test_random_bad_input_raises_only_the_package_error(function, first, second):
    try:
        result = function(first, second)
    except InputError:
        return
    assert np.asarray(result).dtype == np.float64  # anything not refused is a number


@settings(max_examples=200)
@given(hostile, hostile, hostile, st.one_of(st.text(max_size=8), st.none(), st.integers()))
def test_random_bad_input_to_stream_functions_raises_only_the_package_error(amounts, kinds, low, result):
    for call in (lambda: model.hybrid_mix(amounts, kinds, target_low=low, result=result),
                 lambda: model.effective_streams(amounts),
                 lambda: model.phase_status(amounts, kinds, low, result=result),
                 lambda: model.product_breakeven(amounts, 10, low, 5)):
        try:
            call()
        except InputError:
            pass


@given(st.sampled_from([rules.NONNEGATIVE, rules.POSITIVE, rules.FRACTION, rules.SHARE,
                        rules.WEEKS, rules.OPTIONAL_NONNEGATIVE]),
       st.floats(allow_nan=True, allow_infinity=True))
def test_scalar_rule_check_agrees_with_the_array_check(rule, value):
    assert rule.admits(value) == (not rule.outside(np.array([value]))[0])


@settings(max_examples=300)
@given(st.sampled_from(FUNCTIONS), st.data())
def test_random_bad_input_to_every_argument_raises_only_the_package_error(function, data):
    arguments = {a.name: data.draw(hostile | st.integers(-10**400, 10**400), label=a.name)
                 for a in function.arguments if a.name != "result"}
    try:
        function(**arguments)
    except InputError:
        pass
