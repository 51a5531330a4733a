"""Fuzzing the Python API: hostile values, and extreme valid values against exact arithmetic.

Two properties (hypothesis):

- whatever a caller passes (text, markup, control characters, huge ints,
  NaN and infinity, ragged, deep or self-containing lists, masked arrays,
  nullable Series, shapes that do not broadcast ...), the only exception
  that escapes is the package's :class:`~xlincome.errors.InputError`;
- for valid values of any size, from 5e-324 to the largest float, the
  result equals the exact one (``fractions.Fraction`` arithmetic on the
  same floats) wherever the exact result fits a float, and is
  :class:`~xlincome.errors.TooLargeError` only where it does not.
"""

from __future__ import annotations

import math
import sys
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xlincome import InputError, model
from xlincome.errors import TooLargeError

LARGEST = Fraction(sys.float_info.max)
FUZZ = settings(max_examples=150, deadline=None)


def _self_containing() -> list:
    items: list = [1.0]
    items.append(items)
    return items


def _nested(depth: int) -> list:
    value: object = 1.0
    for _ in range(depth):
        value = [value]
    return value  # type: ignore[return-value]


scalars = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10 ** 400), max_value=10 ** 400),
    st.booleans(),
    st.none(),
    st.text(max_size=20),
    st.sampled_from(["[/]", "Di [/red]", "\x1b[2J", "=1+1", "\r=1+1", "x" * 50_000, "", " ", "course",
                     Decimal("1e400"), Fraction(10 ** 400), complex(1, 2), {"a": 1}, {1, 2}, b"12",
                     np.float64(-1.0), np.int64(5), np.bool_(True), pd.NA, pd.NaT]),
)
arrays = st.one_of(
    st.lists(scalars, max_size=4),
    st.lists(st.lists(st.floats(0, 1e6), min_size=1, max_size=3), min_size=1, max_size=3),  # ragged often
    st.builds(lambda n: _nested(n), st.integers(30, 80)),
    st.just(_self_containing()),
    st.just([1.0, [2.0, [3.0]]]),
    st.builds(lambda values, mask: np.ma.array(values, mask=mask[:len(values)] + [False] * (len(values) - len(mask))),
              st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=4), st.lists(st.booleans(), max_size=4)),
    st.builds(lambda shape: np.ones(shape), st.sampled_from([(2,), (3,), (2, 3), (3, 2), (0,), (1, 1, 1)])),
    st.builds(lambda n: np.ones((1,) * n), st.integers(30, 40)),
    st.sampled_from([np.array([True, False]), np.array(["a", "b"]), np.array([1 + 2j]),
                     np.array([np.datetime64("2024-01-01")]), np.array([1.0, np.nan], dtype=np.float16),
                     np.array([[1.0, 2.0]], dtype=object),
                     pd.Series([1, None], dtype="Int64"), pd.Series([1.5, None], dtype="Float64"),
                     pd.Series(["a", 1]), pd.Series([True, False]), pd.DataFrame({"a": [1.0, 2.0]})]),
)
hostile = st.one_of(scalars, arrays)

NUMERIC = [model.service_income, model.revenue_floor, model.product_breakeven, model.breakeven_units,
           model.phase_status, model.required_rate, model.hours_needed, model.reserve_months]


@FUZZ
@given(st.sampled_from(NUMERIC), st.data())
def test_hostile_numbers_raise_only_the_package_error(function, data):
    names = list(function.domain)
    kwargs = {name: data.draw(st.one_of(hostile, st.floats(0.01, 100)), label=name) for name in names}
    try:
        function(**kwargs)
    except InputError:
        pass


@FUZZ
@given(st.sampled_from([model.hybrid_mix, model.effective_streams]), hostile, hostile, hostile, hostile, st.data())
def test_hostile_portfolios_raise_only_the_package_error(function, amounts, kinds, low, high, data):
    try:
        if function is model.hybrid_mix:
            result = data.draw(st.one_of(st.sampled_from(model.MIX_RESULTS), scalars), label="result")
            function(amounts, kinds, low, high, result=result)
        else:
            function(amounts)
    except InputError:
        pass


@FUZZ
@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=3), hostile, hostile,
       st.one_of(st.sampled_from(model.MIX_RESULTS), scalars))
def test_hostile_targets_of_a_valid_portfolio_raise_only_the_package_error(amounts, low, high, result):
    kinds = ["course", "service", "saas"][:len(amounts)]
    try:
        model.hybrid_mix([amounts, amounts], kinds, low, high, result=result)
    except InputError:
        pass


def test_masked_values_are_blanks_not_numbers():
    with pytest.raises(InputError, match="rate is required, got a blank at position 1"):
        model.service_income(np.ma.array([100.0, -5.0], mask=[0, 1]), 30)
    # a masked (ignored) stream, like a blank one: 100 alone is one stream
    assert model.effective_streams(np.ma.array([100.0, -5.0], mask=[0, 1])) == 1.0


@pytest.mark.parametrize("value, message", [
    (_nested(40), "rate must have at most 32 dimensions, got more"),
    (_self_containing(), "rate must be a number or a rectangular array of numbers"),
    (np.ones((1,) * 33), "rate must have at most 32 dimensions, got more"),
    ([[1.0], [2.0, 3.0]], "rate must be a number or a rectangular array of numbers"),
], ids=["deep", "self-containing", "deep-array", "ragged"])
def test_lists_numpy_cannot_lay_out_are_the_package_error(value, message):
    with pytest.raises(InputError, match=message.replace("[", r"\[")):
        model.service_income(value, 30)


def test_targets_that_do_not_match_the_portfolios_are_the_package_error():
    with pytest.raises(InputError, match="target_low, target_high must have matching sizes"):
        model.hybrid_mix([[1.0, 2.0], [3.0, 4.0]], ["course", "service"], target_low=[0.1, 0.2, 0.3])


# ---- extreme valid values against exact arithmetic ----------------------------------------

#: Valid amounts of every size: the whole float range, and the edges themselves.
EDGES = [0.0, 5e-324, 2.2250738585072014e-308, 1e-300, 1e-200, 1e-100, 1.0, 1e100, 1e200, 1e300, 1e308,
         sys.float_info.max]
nonnegative = st.one_of(st.sampled_from(EDGES), st.floats(0, sys.float_info.max))
positive = st.one_of(st.sampled_from(EDGES[1:]), st.floats(5e-324, sys.float_info.max))
weeks = st.one_of(st.sampled_from([5e-324, 1e-300, 1.0, 48.0, 52.0]), st.floats(5e-324, 52))
fraction = st.one_of(st.sampled_from([0.0, 0.5, 0.99, 1 - 2 ** -53]), st.floats(0, 1, exclude_max=True))
share = st.one_of(st.sampled_from([0.0, 0.5, 1.0]), st.floats(0, 1))

REL = 1e-12


def exactly(value: float | Fraction) -> Fraction:
    return Fraction(value)


def check(compute, exact: Fraction, slack: Fraction = Fraction(1)):
    """``compute()`` equals ``exact`` where that fits a float, is TooLargeError where it does not.

    ``slack`` widens the tolerance where the float formula loses digits to
    cancellation (a net that is the difference of two large amounts).
    """
    if abs(exact) > LARGEST * (1 + Fraction(REL)):
        with pytest.raises(TooLargeError):
            compute()
        return
    try:
        result = compute()
    except TooLargeError:
        assert abs(exact) >= LARGEST * (1 - Fraction(REL) * slack), f"exact {float(exact)!r} fits"
        return
    assert math.isfinite(result)
    assert abs(Fraction(result) - exact) <= Fraction(REL) * slack * abs(exact) + Fraction(2) ** -1074


@FUZZ
@given(positive, positive, weeks)
def test_service_income_is_exact_whatever_the_size(rate, hours, weeks_):
    exact = exactly(rate) * exactly(hours) * exactly(weeks_) / 12
    check(lambda: model.service_income(rate, hours, weeks_), exact)


@FUZZ
@given(nonnegative, positive, weeks, st.sampled_from([model.required_rate, model.hours_needed]))
def test_required_rate_and_hours_needed_are_exact_whatever_the_size(target, divisor, weeks_, function):
    exact = exactly(target) * 12 / (exactly(divisor) * exactly(weeks_))
    check(lambda: function(target, divisor, weeks_), exact)


@FUZZ
@given(nonnegative, nonnegative, fraction, share)
def test_revenue_floor_is_exact_whatever_the_size(business, personal, tax, margin):
    exact = (exactly(business) + exactly(personal) / (1 - exactly(tax))) * (1 + exactly(margin))
    check(lambda: model.revenue_floor(business, personal, tax, margin), exact)


@FUZZ
@given(nonnegative, positive)
def test_reserve_months_is_exact_whatever_the_size(cash, costs):
    check(lambda: model.reserve_months(cash, costs), exactly(cash) / exactly(costs))


@st.composite
def products(draw):
    return dict(build_hours=draw(nonnegative), hourly_rate=draw(nonnegative), price=draw(positive),
                fee_rate=draw(fraction), monthly_costs=draw(nonnegative),
                maintenance_hours=draw(nonnegative), upfront_costs=draw(nonnegative))


def _exact_parts(p: dict) -> tuple[Fraction, Fraction, Fraction, Fraction]:
    """Investment, monthly gross after fees, running costs: exact, from the same floats."""
    f = {name: exactly(value) for name, value in p.items()}
    investment = f["build_hours"] * f["hourly_rate"] + f["upfront_costs"]
    running = f["monthly_costs"] + f["maintenance_hours"] * f["hourly_rate"]
    return investment, f["price"] * (1 - f["fee_rate"]), running, f["hourly_rate"]


@FUZZ
@given(products(), nonnegative)
def test_product_breakeven_is_exact_whatever_the_size_and_never_stays_never(product, units):
    investment, gross_per_unit, running, _ = _exact_parts(product)
    gross = gross_per_unit * exactly(units)
    net = gross - running
    months = lambda: model.product_breakeven(units_per_month=units, **product)  # noqa: E731
    if net <= 0:
        assert months() == math.inf
    else:
        check(months, investment / net)


@pytest.mark.parametrize("product", [
    # 0.1 * 3 * 0.9 - 0.27 is -4.4e-18 exactly, and 5.6e-17 in floats: never, not 1.8e17 months
    dict(build_hours=100.0, hourly_rate=0.1, price=0.1, units_per_month=3.0, fee_rate=0.1, monthly_costs=0.27),
    # the same net with a huge investment: never, not "too large to compute"
    dict(build_hours=1e295, hourly_rate=0.1, price=0.1, units_per_month=3.0, fee_rate=0.1, monthly_costs=0.27),
    # 1.1 * 7 * 0.9 - 3.93 - 1 * 3 is -8.7e-17 exactly, +8.9e-16 in floats
    dict(build_hours=80.0, hourly_rate=3.0, price=1.1, units_per_month=7.0, fee_rate=0.1,
         monthly_costs=3.9300000000000006, maintenance_hours=1.0),
], ids=["months", "too-large", "maintenance"])
def test_a_net_of_zero_or_below_once_computed_exactly_is_never(product):
    _, gross_per_unit, running, _ = _exact_parts({**dict(fee_rate=0.0, monthly_costs=0.0, maintenance_hours=0.0,
                                                          upfront_costs=0.0), **product,
                                                   "units_per_month": 0.0})
    assert gross_per_unit * exactly(product["units_per_month"]) - running < 0
    assert model.product_breakeven(**product) == math.inf
    assert model.product_breakeven(**{k: [v, v] for k, v in product.items()}).tolist() == [math.inf, math.inf]


@FUZZ
@given(products(), positive)
def test_breakeven_units_is_exact_whatever_the_size(product, horizon):
    investment, gross_per_unit, running, _ = _exact_parts(product)
    exact = (investment / exactly(horizon) + running) / gross_per_unit
    check(lambda: model.breakeven_units(horizon_months=horizon, **product), exact)


amounts_lists = st.lists(nonnegative, min_size=1, max_size=5).filter(lambda values: max(values) > 0)


@FUZZ
@given(amounts_lists)
def test_effective_streams_is_exact_whatever_the_size(amounts):
    total = sum(map(exactly, amounts))
    exact = total * total / sum(exactly(a) ** 2 for a in amounts)
    check(lambda: model.effective_streams(amounts), exact)


@FUZZ
@given(amounts_lists, st.data(), fraction, st.floats(0, 1))
def test_hybrid_mix_is_exact_whatever_the_size(amounts, data, low, high):
    assume(low <= high)
    kinds = data.draw(st.lists(st.sampled_from(["consulting", "course", "service", "saas"]),
                               min_size=len(amounts), max_size=len(amounts)))
    active = sum(exactly(a) for a, k in zip(amounts, kinds) if k in model.ACTIVE_KINDS)
    scalable = sum(exactly(a) for a, k in zip(amounts, kinds) if k in model.SCALABLE_KINDS)
    share = scalable / (active + scalable)
    check(lambda: model.hybrid_mix(amounts, kinds, low, high), share)
    # the status compares the share with the band: certain away from its ends
    if abs(share - exactly(low)) > Fraction(REL) and abs(share - exactly(high)) > Fraction(REL):
        status = "below target" if share < low else "above target" if share > high else "on target"
        assert model.hybrid_mix(amounts, kinds, low, high, result="status") == status
    gap = max(Fraction(0), exactly(low) * active / (1 - exactly(low)) - scalable)
    check(lambda: model.hybrid_mix(amounts, kinds, low, high, result="gap"), gap)
    exact_table = {"active": active, "scalable": scalable, "share": share, "gap": gap,
                   "effective streams": (active + scalable) ** 2 / sum(exactly(a) ** 2 for a in amounts)}
    if max(active, scalable, gap) <= LARGEST:
        table = model.hybrid_mix(amounts, kinds, low, high, result="table")
        for figure, exact in exact_table.items():
            check(lambda: table[figure], exact)


@pytest.mark.parametrize("amounts, kinds, figure, exact", [
    # a tiny stream beside a huge one: scaling to the largest took it below the normal floats
    ([1e308, 2e272, 1e-300, 1e-300], ["course", "saas", "saas", "service"], "active", Fraction(1e-300)),
    ([1e-300, 1e272, 8.253734692639926e271], ["saas", "service", "consulting"], "scalable", Fraction(1e-300)),
    # the gap is the difference of two nearly equal amounts near 2e272
    # (floats make it 0; exactly it is 2.0e256)
    ([1.0314232807937705e273, 3.4380776026459014e272], ["service", "course"], "gap",
     Fraction(0.25) * Fraction(1.0314232807937705e273) / (1 - Fraction(0.25)) - Fraction(3.4380776026459014e272)),
], ids=["tiny-active", "tiny-scalable", "gap-near-1e273"])
def test_the_mix_table_is_exact_at_the_edges_of_a_double(amounts, kinds, figure, exact):
    low = 0.25 if figure == "gap" else model.TARGET_LOW
    assert exact > 0
    check(lambda: model.hybrid_mix(amounts, kinds, low, result="table")[figure], exact)
    check(lambda: model.hybrid_mix([amounts, amounts], kinds, low, result="table")[figure][1], exact)


@FUZZ
@given(nonnegative, nonnegative, nonnegative, st.floats(0, 12), st.floats(0, 12))
def test_phase_status_is_exact_whatever_the_size(service, product, floor, months, reserve):
    assume(service > 0 or product > 0)
    total = exactly(service) + exactly(product)
    share = exactly(product) / total
    # each comparison is certain away from its threshold
    for value, threshold in ((total, exactly(floor)), (share, Fraction(model.ENTRY_SHARE)),
                             (share, Fraction(model.HYBRID_SHARE)), (exactly(service), exactly(floor))):
        assume(abs(value - threshold) > abs(threshold) * Fraction(REL))
    if total < floor or (share < model.ENTRY_SHARE and service < floor):
        phase = 0
    elif share < model.ENTRY_SHARE:
        phase = 1
    elif months < model.SUSTAIN_SCALE or reserve < model.RESERVE_SCALE:
        phase = 2
    elif share >= model.HYBRID_SHARE and months >= model.SUSTAIN_HYBRID and reserve >= model.RESERVE_HYBRID:
        phase = 4
    else:
        phase = 3
    assert model.phase_status(service, product, floor, months, reserve, result="phase") == phase


@FUZZ
@given(st.lists(st.tuples(positive, positive, weeks), min_size=1, max_size=4))
def test_array_and_scalar_paths_agree_whatever_the_size(rows):
    rate, hours, weeks_ = (list(column) for column in zip(*rows))
    try:
        scalar = [model.service_income(*row) for row in rows]
    except TooLargeError:
        with pytest.raises(TooLargeError):
            model.service_income(rate, hours, weeks_)
        return
    assert model.service_income(rate, hours, weeks_).tolist() == scalar


@pytest.mark.parametrize("compute, exact", [
    (lambda: model.required_rate(1e-90, 3.0, 5e-324), Fraction(1e-90) * 12 / (Fraction(3.0) * Fraction(5e-324))),
    (lambda: model.hours_needed(1e-85, 125.0, 5e-324), Fraction(1e-85) * 12 / (Fraction(125.0) * Fraction(5e-324))),
    (lambda: model.required_rate(12000.0, 1e-310, 48.0), Fraction(12000) * 12 / (Fraction(1e-310) * 48)),
    (lambda: model.breakeven_units(5e-324, 1e126, 99.0, 12.0),
     Fraction(5e-324) * Fraction(1e126) / 12 / Fraction(99.0)),
], ids=["rate-weeks-5e-324", "hours-weeks-5e-324", "rate-hours-1e-310", "units-build-5e-324"])
def test_subnormal_inputs_give_the_exact_result(compute, exact):
    """An input below the normal floats (2.2e-308) is exact as it is: the float 5e-324 is
    4.9406564584124654e-324, and the result is that value's, rounded once (a reference
    computed from the text "5e-324" is 1.2 % off)."""
    check(compute, exact)
