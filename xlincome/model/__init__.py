"""The xlincome income model: pure, vectorized arithmetic.

Every function here is patterned on a spreadsheet function of the same name
(``revenue_floor`` is ``=REVENUE_FLOOR(...)``), broadcasts over numpy arrays
and pandas Series like numpy-financial does, and raises
:class:`xlincome.errors.InputError` naming the argument and the rule for any
input outside its domain.  No I/O, no xlwings, no openpyxl.  A result that
fits a float is right even where a step of its formula would overflow
(:mod:`xlincome.scaling`); one beyond the largest float raises
:class:`xlincome.errors.TooLargeError`.

Units throughout: money is an amount **per month** in the user's currency;
hours are **per week**, except ``build_hours`` (total) and
``maintenance_hours`` (per month); rates, shares, taxes and fees are
fractions (``0.25`` is 25 %).

Sources (the seed articles):

- *Active vs semi-passive income for freelancers* ("active-vs-semi-passive"):
  the revenue floor, the build phase, the 60-70 % / 30-40 % hybrid mix, the
  four-phase Transition Planning Framework, three to six months of reserves.
- *Quitting the passive income dream* ("quitting-passive"): products need
  constant maintenance; check whether services alone reach the goal.
- *A passive income portfolio* ("portfolio"): a portfolio of small,
  independent bets; diversification limits the damage when one stream breaks.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable

import numpy as np

from .arrays import as_number, as_numbers, broadcast, is_plain_scalar, object_array, restorer, shown
from .rules import (
    FRACTION,
    NONNEGATIVE,
    OPTIONAL_NONNEGATIVE,
    POSITIVE,
    SHARE,
    WEEKS,
    Interval,
)
from ..errors import InputError, TooLargeError
from .scaling import Scaled, beyond_float, ordinary, overflow_safe, power_of_two_scale

#: How a break-even that never comes (``math.inf`` in Python) reads in a cell or a file.
NEVER = "never"

#: Working weeks in a year: 52 less four weeks off.  With it, $125/hour for
#: 30 hours a week is the seed's "$15,000 monthly" (active-vs-semi-passive).
WEEKS_PER_YEAR = 48

#: Stream kinds paid for time (active income), lower case.
ACTIVE_KINDS = ("service", "consulting", "retainer", "hourly", "project", "coaching", "workshop")
#: Stream kinds that sell without more hours (scalable, semi-passive income).
SCALABLE_KINDS = (
    "product", "course", "template", "toolkit", "ebook", "book", "subscription",
    "membership", "licensing", "affiliate", "saas",
)
#: Every kind HYBRID_MIX accepts, active first.
KINDS = ACTIVE_KINDS + SCALABLE_KINDS

#: The healthy scalable share of income (active-vs-semi-passive: "60-70 %
#: service, 30-40 % scalable").
TARGET_LOW, TARGET_HIGH = 0.30, 0.40

#: What ``hybrid_mix`` can return.
MIX_RESULTS = ("share", "status", "gap", "table")
#: Labels of ``hybrid_mix(..., result="status")``.
MIX_STATUSES = ("below target", "on target", "above target")

#: Transition Planning Framework thresholds (active-vs-semi-passive: "product
#: income replaces 20-30 %", "three to six months of expense coverage").
ENTRY_SHARE, HYBRID_SHARE = 0.20, 0.30
SUSTAIN_SCALE, SUSTAIN_HYBRID = 3, 6
RESERVE_SCALE, RESERVE_HYBRID = 3, 6
VOLATILITY_LIMIT = 0.15

#: Phase number -> label, as the seed's framework names them.
PHASE_LABELS = (
    "Protect the floor",
    "Build and test product",
    "Scale marketing systems",
    "Rebalance workload",
    "Optimize hybrid structure",
)
#: ``phase_status(..., result="label")`` for each phase number.
PHASE_TITLES = tuple(f"Phase {number}: {label}" for number, label in enumerate(PHASE_LABELS))
#: What ``phase_status`` can return.
PHASE_RESULTS = ("phase", "label", "next")
#: ``phase_status(..., result="next")``: the one condition missing for the next phase.
NEXT_STEPS = {
    "total_floor": "raise total income to the revenue floor",
    "service_floor": "raise service income to the revenue floor",
    "entry_share": "grow product income to 20% of total income",
    "sustain_scale": "sustain a 20% product share for 3 months in a row",
    "reserve_scale": "build cash reserves to 3 months of costs",
    "hybrid_share": "grow product income to 30% of total income",
    "sustain_hybrid": "sustain a 20% product share for 6 months in a row",
    "reserve_hybrid": "build cash reserves to 6 months of costs",
    "volatility": "bring income volatility down to 15% or less",
    "none": "none",
}


def vectorized(**rules: Interval) -> Callable:
    """Decorate a model function whose numeric arguments broadcast together.

    The listed arguments are converted to float arrays and checked against
    their rule, then broadcast (plain Python numbers skip numpy's conversions); the result comes back as the caller's type
    (Python scalar, Series with the input's index, or ndarray).  The rules
    stay readable as ``function.domain`` for the other faces.
    """

    def decorate(core: Callable) -> Callable:
        signature = inspect.signature(core)

        @functools.wraps(core)
        def model_function(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            given = bound.arguments
            if all(is_plain_scalar(given[name]) for name in rules):
                given.update({name: as_number(name, given[name], rule) for name, rule in rules.items()})
                return restorer([])(core(**given))
            restore = restorer([given[name] for name in rules])
            arrays = {name: as_numbers(name, given[name], rule) for name, rule in rules.items()}
            given.update(zip(arrays, broadcast(arrays)))
            return restore(core(**given))

        model_function.domain = dict(rules)
        return model_function

    return decorate


def _choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value.strip().lower() not in choices:
        raise InputError(name, f"must be one of {', '.join(choices)}", f"got {shown(value)}")
    return value.strip().lower()


@vectorized(rate=POSITIVE, hours_per_week=POSITIVE, weeks_per_year=WEEKS)
def service_income(rate, hours_per_week, weeks_per_year=WEEKS_PER_YEAR):
    """Monthly active income from billable hours.

    Parameters
    ----------
    rate : float or array_like
        Hourly rate, money per hour; > 0.
    hours_per_week : float or array_like
        Billable hours per week; > 0.
    weeks_per_year : float or array_like, default 48
        Working weeks per year, in (0, 52]; 48 is four weeks off.

    Returns
    -------
    float or ndarray or Series
        Service income, money per month.

    Notes
    -----
    ``rate * hours_per_week * weeks_per_year / 12``.  Source: active-vs-semi-
    passive ("$125/hour x 30 hours weekly = $15,000 monthly").

    Examples
    --------
    >>> service_income(125, 30)
    15000.0
    """
    return _fits(overflow_safe(_service_income, rate, hours_per_week, weeks_per_year))


def _service_income(rate, hours_per_week, weeks_per_year):
    return rate * hours_per_week * weeks_per_year / 12


def _fits(result):
    """``result``, or :class:`~xlincome.errors.TooLargeError` where it is beyond the largest float."""
    beyond = beyond_float(result)
    if beyond is True or (beyond is not False and beyond.any()):
        raise TooLargeError(tuple(int(i) for i in np.argwhere(beyond)[0]) if np.ndim(beyond) else None)
    return result


@vectorized(business_costs=NONNEGATIVE, personal_costs=NONNEGATIVE, tax_rate=FRACTION, margin=SHARE)
def revenue_floor(business_costs, personal_costs, tax_rate=0.0, margin=0.0):
    """The minimum monthly revenue that keeps the freelancer safe.

    Parameters
    ----------
    business_costs : float or array_like
        Fixed business costs, money per month; >= 0.
    personal_costs : float or array_like
        Personal living costs, paid from after-tax income, money per month; >= 0.
    tax_rate : float or array_like, default 0
        Tax on income, a fraction in [0, 1).
    margin : float or array_like, default 0
        Comfort margin on top, a fraction in [0, 1] (0.10 is 10 %; 10 is refused
        with a message saying to write 0.10 or 10%).

    Returns
    -------
    float or ndarray or Series
        The revenue floor, money per month.

    Notes
    -----
    ``(business_costs + personal_costs / (1 - tax_rate)) * (1 + margin)``.
    Source: active-vs-semi-passive ("the minimum monthly income required to
    cover fixed business and personal expenses comfortably").

    Examples
    --------
    >>> round(revenue_floor(1500, 3600, tax_rate=0.25, margin=0.10), 6)
    6930.0
    """
    return _fits(overflow_safe(_revenue_floor, business_costs, personal_costs, tax_rate, margin))


def _revenue_floor(business_costs, personal_costs, tax_rate, margin):
    return (business_costs + personal_costs / (1 - tax_rate)) * (1 + margin)


def _investment(build_hours, hourly_rate, upfront_costs):
    return build_hours * hourly_rate + upfront_costs


def _running_costs(monthly_costs, maintenance_hours, hourly_rate):
    return monthly_costs + maintenance_hours * hourly_rate


_PRODUCT_RULES = dict(
    build_hours=NONNEGATIVE, hourly_rate=NONNEGATIVE, price=POSITIVE, fee_rate=FRACTION,
    monthly_costs=NONNEGATIVE, maintenance_hours=NONNEGATIVE, upfront_costs=NONNEGATIVE,
)


@vectorized(units_per_month=NONNEGATIVE, **_PRODUCT_RULES)
def product_breakeven(build_hours, hourly_rate, price, units_per_month, fee_rate=0.0,
                      monthly_costs=0.0, maintenance_hours=0.0, upfront_costs=0.0):
    """Months until a product repays the client hours it cost to build.

    Build and maintenance hours are valued at the hourly rate: the client work
    given up to make the product.

    Parameters
    ----------
    build_hours : float or array_like
        Total hours to build the product (the seed: 80 to 150 for a course); >= 0.
    hourly_rate : float or array_like
        Value of an hour, the client rate given up, money per hour; >= 0.
    price : float or array_like
        Price of one unit, money; > 0.
    units_per_month : float or array_like
        Units sold per month; >= 0.
    fee_rate : float or array_like, default 0
        Platform and payment fees, a fraction of the price in [0, 1).
    monthly_costs : float or array_like, default 0
        Running costs (hosting, tools), money per month; >= 0.
    maintenance_hours : float or array_like, default 0
        Upkeep, hours per month; >= 0 (a course dates in about six months).
    upfront_costs : float or array_like, default 0
        Cash spent to build it (equipment, design), money; >= 0.

    Returns
    -------
    float or ndarray or Series
        Months to break even; ``math.inf`` ("never") when the monthly net is
        not positive.

    Notes
    -----
    ::

        investment  = build_hours * hourly_rate + upfront_costs
        monthly_net = price * units_per_month * (1 - fee_rate)
                      - monthly_costs - maintenance_hours * hourly_rate
        months      = investment / monthly_net   if monthly_net > 0, else inf

    Sources: active-vs-semi-passive (the build phase "is financially silent
    before it becomes productive"), quitting-passive (products need constant
    maintenance).

    Examples
    --------
    >>> round(product_breakeven(120, 150, 99, 30), 6)
    6.060606
    >>> product_breakeven(100, 100, 10, 5, monthly_costs=100)
    inf
    """
    with np.errstate(all="ignore"):  # a zero net divides by zero: "never", set below
        months, net_sign = overflow_safe(_breakeven_months, build_hours, hourly_rate, price, units_per_month,
                                         fee_rate, monthly_costs, maintenance_hours, upfront_costs)
        repays = net_sign > 0
        if np.any(beyond_float(months) & repays):
            _fits(np.where(repays, months, 0.0))
        return np.where(repays, months, np.inf)


def _breakeven_months(build_hours, hourly_rate, price, units_per_month, fee_rate,
                      monthly_costs, maintenance_hours, upfront_costs):
    """Investment over monthly net (meaningful where the net is positive), and the net's sign.

    The sign comes as the net over gross plus running costs, a number in
    [-1, 1] that keeps its sign where the net itself is below the smallest
    float (NaN where both are 0: the net is 0).
    """
    investment = _investment(build_hours, hourly_rate, upfront_costs)
    gross = price * units_per_month * (1 - fee_rate)
    running = _running_costs(monthly_costs, maintenance_hours, hourly_rate)
    monthly_net = gross - running
    return investment / monthly_net, monthly_net / (gross + running)


@vectorized(horizon_months=POSITIVE, **_PRODUCT_RULES)
def breakeven_units(build_hours, hourly_rate, price, horizon_months, fee_rate=0.0,
                    monthly_costs=0.0, maintenance_hours=0.0, upfront_costs=0.0):
    """Units to sell per month to break even within a horizon.

    Parameters
    ----------
    build_hours, hourly_rate, price, fee_rate, monthly_costs, maintenance_hours, upfront_costs
        As in :func:`product_breakeven` (hours total, money per hour, money
        per unit, fraction, money per month, hours per month, money).
    horizon_months : float or array_like
        Months in which the build must be repaid; > 0.

    Returns
    -------
    float or ndarray or Series
        Units per month (fractional: round up to sell whole units).

    Notes
    -----
    ``(investment / horizon_months + monthly_costs + maintenance_hours *
    hourly_rate) / (price * (1 - fee_rate))``, the inverse of
    :func:`product_breakeven`.  Source: active-vs-semi-passive.

    Examples
    --------
    >>> round(breakeven_units(120, 150, 99, 12), 6)
    15.151515
    """
    return _fits(overflow_safe(_breakeven_units, build_hours, hourly_rate, price, horizon_months,
                               fee_rate, monthly_costs, maintenance_hours, upfront_costs))


def _breakeven_units(build_hours, hourly_rate, price, horizon_months, fee_rate,
                     monthly_costs, maintenance_hours, upfront_costs):
    needed = _investment(build_hours, hourly_rate, upfront_costs) / horizon_months + _running_costs(
        monthly_costs, maintenance_hours, hourly_rate)
    return needed / (price * (1 - fee_rate))


def declares(**rules: Interval) -> Callable:
    """Record the domain of a function that validates its own arguments."""

    def decorate(function: Callable) -> Callable:
        function.domain = dict(rules)
        return function

    return decorate


def _stream_amounts(amounts) -> np.ndarray:
    values = as_numbers("amounts", amounts, OPTIONAL_NONNEGATIVE)
    if values.ndim == 0:
        values = values.reshape(1)
    return values


def _stream_kinds(kinds, shape: tuple[int, ...]) -> np.ndarray:
    """Kinds as codes: 0 blank, 1 active, 2 scalable; unknown kinds raise.

    Codes are worked out once per distinct kind and then broadcast, so one
    row of kinds shared by a million portfolios costs one row.  Kinds must
    name every stream: only a whole row of kinds broadcasts (over the rows
    of a 2-D ``amounts``), never one kind over several streams.
    """
    items = object_array("kinds", kinds)
    if items.ndim == 0:
        items = items.reshape(1)
    known = {kind: 1 for kind in ACTIVE_KINDS} | {kind: 2 for kind in SCALABLE_KINDS}
    codes = np.zeros(items.shape, dtype=np.int8)
    seen: dict[str, int] = {}
    for position, item in np.ndenumerate(items):
        if isinstance(item, str) and item in seen:
            codes[position] = seen[item]
            continue
        codes[position] = _kind_code(item, known, position)
        if isinstance(item, str):
            seen[item] = codes[position]
    if items.shape[-1] != shape[-1] or items.ndim > len(shape):
        raise InputError("amounts, kinds", "must have matching sizes",
                         f"got amounts {shape}, kinds {items.shape}")
    try:
        return np.broadcast_to(codes, shape)
    except ValueError:
        raise InputError("amounts, kinds", "must have matching sizes",
                         f"got amounts {shape}, kinds {items.shape}") from None


def _kind_code(item: Any, known: dict[str, int], position: tuple[int, ...]) -> int:
    if item is None or (isinstance(item, float) and np.isnan(item)):
        return 0
    if isinstance(item, str):
        word = item.strip().lower()
        if not word:
            return 0
        if word in known:
            return known[word]
    raise InputError("kinds", "must be a known kind: " + ", ".join(KINDS), f"got {shown(item)}", position)


def _portfolio(amounts, kinds) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Active and scalable totals per portfolio (streams on the last axis), scaled.

    The amounts of each portfolio are divided by a power of two near its
    largest, so that no total overflows (see :mod:`xlincome.scaling`);
    ``numpy.ldexp(total, exponent)`` is the total in money per month.
    Returns the scaled amounts, the two scaled totals and the exponent.
    """
    values = _stream_amounts(amounts)
    codes = _stream_kinds(kinds, values.shape)
    orphan = (codes == 0) & ~np.isnan(values)
    if orphan.any():
        position = tuple(int(i) for i in np.argwhere(orphan)[0])
        raise InputError("kinds", "must be given for every amount", "got a blank", position)
    values, exponent = power_of_two_scale(np.nan_to_num(values, nan=0.0))
    active = np.einsum("...i,...i->...", values, (codes == 1).astype(np.float64))
    scalable = np.einsum("...i,...i->...", values, (codes == 2).astype(np.float64))
    if np.any(active + scalable <= 0):
        raise InputError("amounts", "must have a positive total", "got 0")
    return values, active, scalable, exponent


def _targets(target_low, target_high) -> tuple[np.ndarray, np.ndarray]:
    low = as_numbers("target_low", target_low, FRACTION)
    high = as_numbers("target_high", target_high, SHARE)
    _matching_targets(low, high)
    if np.any(low > high):
        raise InputError("target_low", "must be <= target_high",
                         f"got {float(np.max(low)):g} > {float(np.min(high)):g}")
    return low, high


def _mix_gap(low, active, scalable, exponent) -> np.ndarray:
    """``max(0, low * active / (1 - low) - scalable)`` from scaled totals, in money per month.

    One scaled total is at least 1/2, so with an ordinary ``low`` (see
    :func:`~xlincome.scaling.ordinary`) no float step underflows where it
    matters; a tiny ``low`` is computed in :class:`~xlincome.scaling.Scaled`
    arithmetic.
    """
    with np.errstate(all="ignore"):
        if np.all(ordinary(low)):
            return _unscaled(np.maximum(0.0, low * active / (1 - low) - scalable), exponent)
        wanted = low * Scaled.of(active, exponent) / (1 - low) - Scaled.of(scalable, exponent)
        return _fits(np.maximum(0.0, wanted.value()))


def _unscaled(total: np.ndarray, exponent: np.ndarray) -> np.ndarray:
    """A total of scaled amounts (see :func:`_portfolio`) in money per month, if it fits a float."""
    with np.errstate(over="ignore"):  # found by looking at the result, not by the warning
        return _fits(np.ldexp(total, exponent))


def _matching_targets(low: np.ndarray, high: np.ndarray, portfolios: tuple[int, ...] = ()) -> None:
    """Targets given per portfolio must match each other and the portfolios."""
    try:
        np.broadcast_shapes(portfolios, low.shape, high.shape)
    except ValueError:
        raise InputError("target_low, target_high", "must have matching sizes",
                         f"got portfolios {portfolios}, target_low {low.shape}, "
                         f"target_high {high.shape}") from None


def _mix_status(share, low, high) -> np.ndarray:
    code = np.select([share < low, share > high], [0, 2], 1)
    return np.array(MIX_STATUSES, dtype=object)[code]


def _inverse_hhi(values: np.ndarray) -> np.ndarray:
    """The inverse HHI of amounts already scaled (see :func:`_portfolio`): no total overflows."""
    shares = values / values.sum(axis=-1, keepdims=True)
    return 1.0 / np.einsum("...i,...i->...", shares, shares)


@declares(amounts=OPTIONAL_NONNEGATIVE, target_low=FRACTION, target_high=SHARE)
def hybrid_mix(amounts, kinds, target_low=TARGET_LOW, target_high=TARGET_HIGH, result="share"):
    """How the scalable share of income compares with the healthy 30-40 %.

    Parameters
    ----------
    amounts : array_like
        Monthly revenue of each income stream, money per month; >= 0.
        Streams run along the last axis (a 2-D array is one portfolio per
        row).  Blank (None/NaN) streams with a blank kind are ignored; a
        blank amount with a kind counts as 0.
    kinds : array_like of str
        Kind of each stream, same size as ``amounts``, case-insensitive:
        active ``service, consulting, retainer, hourly, project, coaching,
        workshop``; scalable ``product, course, template, toolkit, ebook,
        book, subscription, membership, licensing, affiliate, saas``.
    target_low, target_high : float, default 0.30, 0.40
        The healthy band of the scalable share, fractions with
        ``0 <= target_low <= target_high <= 1`` and ``target_low < 1``.
    result : {"share", "status", "gap", "table"}, default "share"
        ``share``: scalable / (active + scalable), a fraction;
        ``status``: ``below target``, ``on target`` or ``above target``;
        ``gap``: extra scalable income per month to reach ``target_low``
        with active income unchanged; ``table``: a dict of active,
        scalable, share, status, gap and effective streams.

    Returns
    -------
    float, str, dict, or ndarray
        One value per portfolio, as ``result`` asks.

    Notes
    -----
    ``gap = max(0, target_low * active / (1 - target_low) - scalable)``.
    Source: active-vs-semi-passive ("60-70 % service, 30-40 % scalable").

    Examples
    --------
    >>> amounts = [8000, 2500, 1500, 1000]
    >>> kinds = ["consulting", "toolkit", "workshop", "subscription"]
    >>> round(hybrid_mix(amounts, kinds), 6)
    0.269231
    >>> hybrid_mix(amounts, kinds, result="status")
    'below target'
    >>> round(hybrid_mix(amounts, kinds, result="gap"), 6)
    571.428571
    """
    choice = _choice("result", result, MIX_RESULTS)
    values, active, scalable, exponent = _portfolio(amounts, kinds)
    low, high = _targets(target_low, target_high)
    share = scalable / (active + scalable)
    _matching_targets(low, high, share.shape)
    restore = restorer([share if share.ndim else 0.0])
    if choice == "share":
        return restore(share)
    if choice == "status":
        return restore(_mix_status(share, low, high))
    gap = _mix_gap(low, active, scalable, exponent)
    if choice == "gap":
        return restore(gap)
    return {
        "active": restore(_unscaled(active, exponent)),
        "scalable": restore(_unscaled(scalable, exponent)),
        "share": restore(share),
        "status": restore(_mix_status(share, low, high)),
        "gap": restore(gap),
        "effective streams": restore(_inverse_hhi(values)),
    }


@declares(amounts=OPTIONAL_NONNEGATIVE)
def effective_streams(amounts):
    """How many equal, independent income streams a portfolio is worth.

    Parameters
    ----------
    amounts : array_like
        Monthly revenue of each stream, money per month; >= 0, with a
        positive total.  Streams run along the last axis; blanks are ignored.

    Returns
    -------
    float or ndarray
        The effective number of streams, from 1 (one stream carries
        everything) up to the number of streams (all equal).

    Notes
    -----
    ``1 / sum(s_i ** 2)`` with ``s_i`` each stream's share of the total: the
    inverse Herfindahl-Hirschman index.  Source: portfolio ("a portfolio of
    small, independent bets"; diversification limits the damage when one
    stream breaks).

    Examples
    --------
    >>> round(effective_streams([8000, 2500, 1500, 1000]), 6)
    2.29932
    """
    values = np.nan_to_num(_stream_amounts(amounts), nan=0.0)
    if np.any(np.max(values, axis=-1, initial=0.0) <= 0):  # amounts are >= 0: a positive total
        raise InputError("amounts", "must have a positive total", "got 0")
    result = _inverse_hhi(power_of_two_scale(values)[0])  # the shares of scaled amounts are the same
    return restorer([result if result.ndim else 0.0])(result)


_STEP_ORDER = ("total_floor", "service_floor", "entry_share", "sustain_scale", "reserve_scale",
               "hybrid_share", "sustain_hybrid", "reserve_hybrid", "volatility", "none")


def _product_share(service, product):
    """Product income over total income, right even where the total is beyond the largest float."""
    return overflow_safe(_share, service, product)


def _share(service, product):
    return product / (service + product)


def _phase_numbers(service, product, floor, months, reserve, volatility) -> np.ndarray:
    total = service + product  # beyond the largest float it is infinity, still above the floor
    share = _product_share(service, product)
    calm = np.isnan(volatility) | (volatility <= VOLATILITY_LIMIT)
    return np.select(
        [
            (total < floor) | ((share < ENTRY_SHARE) & (service < floor)),
            share < ENTRY_SHARE,
            (months < SUSTAIN_SCALE) | (reserve < RESERVE_SCALE),
            (share >= HYBRID_SHARE) & (months >= SUSTAIN_HYBRID) & (reserve >= RESERVE_HYBRID) & calm,
        ],
        [0, 1, 2, 4],
        3,
    )


def _next_steps(phase, service, product, floor, months, reserve) -> np.ndarray:
    """The first condition still missing for the next phase, as text."""
    share = _product_share(service, product)
    code = np.select(
        [
            (phase == 0) & (service + product < floor),
            phase == 0,
            phase == 1,
            (phase == 2) & (months < SUSTAIN_SCALE),
            phase == 2,
            (phase == 3) & (share < HYBRID_SHARE),
            (phase == 3) & (months < SUSTAIN_HYBRID),
            (phase == 3) & (reserve < RESERVE_HYBRID),
            phase == 3,
        ],
        range(9),
        9,
    )
    return np.array([NEXT_STEPS[key] for key in _STEP_ORDER], dtype=object)[code]


@vectorized(service_income=NONNEGATIVE, product_income=NONNEGATIVE, revenue_floor=NONNEGATIVE,
            months_sustained=NONNEGATIVE, reserve_months=NONNEGATIVE, volatility=OPTIONAL_NONNEGATIVE)
def phase_status(service_income, product_income, revenue_floor, months_sustained=0.0,
                 reserve_months=0.0, volatility=None, result="label"):
    """Where the freelancer stands in the seed's Transition Planning Framework.

    Parameters
    ----------
    service_income : float or array_like
        Active income, money per month; >= 0.
    product_income : float or array_like
        Scalable (product) income, money per month; >= 0.  Service plus
        product income must be > 0.
    revenue_floor : float or array_like
        The revenue floor (see :func:`revenue_floor`), money per month; >= 0.
    months_sustained : float or array_like, default 0
        Months in a row the product share has been at least 20 %; >= 0.
    reserve_months : float or array_like, default 0
        Months of costs the cash reserves cover (see :func:`reserve_months`); >= 0.
    volatility : float or array_like, optional
        Coefficient of variation of monthly total income, >= 0; omitted
        (None or NaN): not checked.
    result : {"label", "phase", "next"}, default "label"
        ``phase``: the phase number 0-4; ``label``: ``Phase N: <label>``;
        ``next``: the one condition still missing for the next phase
        (``none`` in phase 4).

    Returns
    -------
    int, str or ndarray
        As ``result`` asks.

    Notes
    -----
    With ``share = product_income / (service_income + product_income)``,
    the first rule that holds wins:

    0. Protect the floor: total < floor, or share < 0.20 and service < floor;
    1. Build and test product: share < 0.20 (service income covers the floor);
    2. Scale marketing systems: months_sustained < 3 or reserve_months < 3;
    4. Optimize hybrid structure: share >= 0.30, months_sustained >= 6,
       reserve_months >= 6 and volatility <= 0.15 (or omitted);
    3. Rebalance workload: otherwise.

    Source: active-vs-semi-passive (the Transition Planning Framework;
    "replace $2,000 to $3,000" of $10,000; "three to six months of expense
    coverage").

    Examples
    --------
    >>> phase_status(10000, 0, 6000)
    'Phase 1: Build and test product'
    >>> phase_status(4000, 500, 6000, result="phase")
    0
    >>> phase_status(4000, 500, 6000, result="next")
    'raise total income to the revenue floor'
    """
    choice = _choice("result", result, PHASE_RESULTS)
    if np.any((service_income == 0) & (product_income == 0)):  # both are >= 0
        raise InputError("service_income", "plus product_income must be > 0", "got 0")
    with np.errstate(over="ignore"):  # a total beyond the largest float compares as infinity
        phase = _phase_numbers(service_income, product_income, revenue_floor,
                               months_sustained, reserve_months, volatility)
        if choice == "phase":
            return phase
        if choice == "next":
            return _next_steps(phase, service_income, product_income, revenue_floor,
                               months_sustained, reserve_months)
    return np.array(PHASE_TITLES, dtype=object)[phase]


@vectorized(target_income=NONNEGATIVE, hours_per_week=POSITIVE, weeks_per_year=WEEKS)
def required_rate(target_income, hours_per_week, weeks_per_year=WEEKS_PER_YEAR):
    """Hourly rate that reaches a monthly income target.

    Parameters
    ----------
    target_income : float or array_like
        Income target, money per month (often the revenue floor); >= 0.
    hours_per_week : float or array_like
        Billable hours per week; > 0.
    weeks_per_year : float or array_like, default 48
        Working weeks per year, in (0, 52].

    Returns
    -------
    float or ndarray or Series
        Rate, money per hour.

    Notes
    -----
    ``target_income * 12 / (hours_per_week * weeks_per_year)``, the inverse
    of :func:`service_income`.  Source: active-vs-semi-passive.

    Examples
    --------
    >>> required_rate(12000, 25)
    120.0
    """
    return _fits(overflow_safe(_required_rate, target_income, hours_per_week, weeks_per_year))


def _required_rate(target_income, hours_per_week, weeks_per_year):
    return target_income * 12 / (hours_per_week * weeks_per_year)


@vectorized(target_income=NONNEGATIVE, rate=POSITIVE, weeks_per_year=WEEKS)
def hours_needed(target_income, rate, weeks_per_year=WEEKS_PER_YEAR):
    """Billable hours per week that reach a monthly target at a rate.

    "Do I need to scale at all?": under a sustainable week (the seed: 50-60
    hours leads to burnout), services alone reach the goal.

    Parameters
    ----------
    target_income : float or array_like
        Income target, money per month; >= 0.
    rate : float or array_like
        Hourly rate, money per hour; > 0.
    weeks_per_year : float or array_like, default 48
        Working weeks per year, in (0, 52].

    Returns
    -------
    float or ndarray or Series
        Hours per week.

    Notes
    -----
    ``target_income * 12 / (rate * weeks_per_year)``.  Sources:
    quitting-passive (many freelancers never need to scale),
    active-vs-semi-passive (burnout at 50-60 hours).

    Examples
    --------
    >>> hours_needed(12000, 150)
    20.0
    """
    return _fits(overflow_safe(_hours_needed, target_income, rate, weeks_per_year))


def _hours_needed(target_income, rate, weeks_per_year):
    return target_income * 12 / (rate * weeks_per_year)


@vectorized(cash=NONNEGATIVE, monthly_costs=POSITIVE)
def reserve_months(cash, monthly_costs):
    """Months of costs that cash reserves cover.

    Parameters
    ----------
    cash : float or array_like
        Cash reserves, money; >= 0.
    monthly_costs : float or array_like
        Costs to cover, money per month; > 0.

    Returns
    -------
    float or ndarray or Series
        Months of cover; the seed advises three to six.

    Notes
    -----
    ``cash / monthly_costs``.  Source: active-vs-semi-passive ("maintaining
    three to six months of expense coverage").

    Examples
    --------
    >>> reserve_months(21000, 6000)
    3.5
    """
    return _fits(overflow_safe(_reserve_months, cash, monthly_costs))


def _reserve_months(cash, monthly_costs):
    return cash / monthly_costs


#: What ``transition_plan`` can return: the month table, or one summary per profile.
PLAN_RESULTS = ("table", "launch", "breakeven", "rebalance", "lowest_cash", "below_floor",
                "final_share", "final_phase")
#: The summary results of ``transition_plan`` (one value per profile).
PLAN_SUMMARIES = PLAN_RESULTS[1:]
#: Columns of ``transition_plan(..., result="table")``, one row per month.
PLAN_COLUMNS = ("month", "client_hours", "product_hours", "service_income", "units", "product_income",
                "total_income", "cash", "reserve_months", "share", "phase")
#: The longest plan, in months (ten years).
PLAN_MAX_MONTHS = 120
#: Phases from which client work may be cut (Rebalance workload, Optimize hybrid structure).
REBALANCE_PHASE = 3
#: The hours the floor needs are worked out for a floor this much higher (one part in a
#: trillion), so that rounding never leaves a month cut exactly to the floor a hair under it.
FLOOR_GUARD = 1 + 1e-12

_PLAN_RULES = dict(
    hourly_rate=POSITIVE, hours_per_week=POSITIVE, build_hours=NONNEGATIVE,
    build_hours_per_week=NONNEGATIVE, price=POSITIVE, units_per_month=NONNEGATIVE,
    business_costs=NONNEGATIVE, personal_costs=NONNEGATIVE, cash=NONNEGATIVE, tax_rate=FRACTION,
    margin=revenue_floor.domain["margin"], fee_rate=FRACTION, monthly_costs=NONNEGATIVE,
    maintenance_hours=NONNEGATIVE, upfront_costs=NONNEGATIVE, ramp_months=Interval(low=1),
    target_hours_per_week=OPTIONAL_NONNEGATIVE, weeks_per_year=WEEKS,
    months=Interval(low=1, high=PLAN_MAX_MONTHS),
)


@vectorized(**_PLAN_RULES)
def transition_plan(hourly_rate, hours_per_week, build_hours, build_hours_per_week, price,
                    units_per_month, business_costs, personal_costs, cash=0.0, tax_rate=0.0,
                    margin=0.0, fee_rate=0.0, monthly_costs=0.0, maintenance_hours=0.0,
                    upfront_costs=0.0, ramp_months=1.0, target_hours_per_week=None,
                    weeks_per_year=WEEKS_PER_YEAR, months=24, result="table"):
    """Month by month: move client hours into a product, launch it, cut client work when safe.

    Parameters
    ----------
    hourly_rate : float or array_like
        Client hourly rate, money per hour; > 0.  Also values the product's hours.
    hours_per_week : float or array_like
        Client hours per week before the plan; > 0.
    build_hours : float or array_like
        Total hours to build the product; >= 0 (0: it is already built).
    build_hours_per_week : float or array_like
        Client hours per week moved into building it; >= 0.
    price : float or array_like
        Price of one unit, money; > 0.
    units_per_month : float or array_like
        Units sold per month once sales have ramped up; >= 0.
    business_costs, personal_costs : float or array_like
        Fixed business costs and personal living costs (after tax), money
        per month; >= 0, with a positive sum.
    cash : float or array_like, default 0
        Savings at the start, money; >= 0.
    tax_rate, margin : float or array_like, default 0
        As in :func:`revenue_floor` (fractions).
    fee_rate, monthly_costs, maintenance_hours, upfront_costs : float or array_like, default 0
        As in :func:`product_breakeven` (fraction, money per month, hours per
        month, money paid in month 1).
    ramp_months : float or array_like, default 1
        Months of sales until ``units_per_month`` is reached; >= 1.
    target_hours_per_week : float or array_like, optional
        Client hours per week to cut down to once the framework says it is
        safe; >= 0.  Omitted (None or NaN): client work is never cut.
    weeks_per_year : float or array_like, default 48
        Working weeks per year, in (0, 52].
    months : int or array_like, default 24
        Months to simulate, a whole number in [1, 120].
    result : {"table", "launch", "breakeven", "rebalance", "lowest_cash", "below_floor", \
"final_share", "final_phase"}, default "table"
        ``table``: a DataFrame, one row per month, columns :data:`PLAN_COLUMNS`
        (one profile only); ``launch``: the month the product launches
        (past the horizon if need be); ``breakeven``: the first month, from
        launch on, in which the product's cumulative value (its cash less
        its hours at the client rate) is >= 0; ``rebalance``: the month
        client work starts being cut; ``lowest_cash``: the lowest savings,
        money (negative: they run out); ``below_floor``: months with total
        income under the revenue floor; ``final_share``: the product share
        of income in the last month; ``final_phase``: ``Phase N: <label>``
        in the last month.  Months are counted from 1; ``math.inf`` is never.

    Returns
    -------
    DataFrame, or float, str, ndarray or Series
        The table, or one summary per profile as ``result`` asks.

    Notes
    -----
    With ``w = weeks_per_year / 12``, ``floor`` the :func:`revenue_floor`
    and ``costs = business_costs + personal_costs``, for each month t:

    1. build ``min(build_hours_per_week * w, hours left)`` while unbuilt;
       the product launches the month after the build is complete (month 1
       if ``build_hours`` is 0); ``k`` counts the months of sales;
    2. product hours: the build hours, plus ``maintenance_hours`` once launched;
    3. client hours per week ``h = max(0, hours_per_week - product_hours / w)``;
       once rebalancing has started, ``h = min(h, max(target_hours_per_week,
       need))`` with ``need = max(0, (floor - product_income) / (hourly_rate * w))``
       (worked out for a floor :data:`FLOOR_GUARD` higher, one part in a trillion,
       so that rounding never leaves a month cut to the floor under it);
    4. ``service = hourly_rate * h * w``;
    5. ``units = units_per_month * min(1, k / ramp_months)`` once launched;
    6. ``product_income = max(0, price * units * (1 - fee_rate) - monthly_costs)``
       once launched; the product's cash is the same without the ``max``,
       less ``upfront_costs`` in month 1;
    7. ``total = service + product_income``;
    8. ``profit = service + product_cash - business_costs``; cash grows by
       ``profit * (1 - tax_rate)`` (a loss untaxed) less ``personal_costs``;
    9. ``reserve = max(0, cash) / costs``; ``share = product_income / total``;
       sustained months: in a row with ``share >= 0.20``;
    10. the phase is :func:`phase_status` of the month (0 if total is 0);
    11. rebalancing starts the month after the first month in phase 3 or 4,
        if ``target_hours_per_week`` is given, and lasts to the end.

    Sources: active-vs-semi-passive (the build phase "is financially silent
    before it becomes productive", the revenue floor, the Transition
    Planning Framework: "gradually reduce client hours" once product income
    holds, three to six months of reserves); quitting-passive (a product
    needs constant maintenance).

    Examples
    --------
    >>> plan = dict(hourly_rate=100, hours_per_week=30, build_hours=120, build_hours_per_week=8,
    ...             price=79, units_per_month=50, business_costs=1500, personal_costs=4500,
    ...             cash=18000, tax_rate=0.25, margin=0.10, fee_rate=0.05, monthly_costs=100,
    ...             maintenance_hours=4, ramp_months=3, target_hours_per_week=20)
    >>> transition_plan(**plan, result="launch"), transition_plan(**plan, result="breakeven")
    (5.0, 9.0)
    >>> transition_plan(**plan, result="rebalance"), transition_plan(**plan, result="lowest_cash")
    (10.0, 18975.0)
    >>> transition_plan(**plan, result="final_phase")
    'Phase 4: Optimize hybrid structure'
    >>> month_10 = transition_plan(**plan).iloc[9]
    >>> int(month_10["month"]), float(month_10["client_hours"]), int(month_10["phase"])
    (10, 20.0, 3)
    """
    choice = _choice("result", result, PLAN_RESULTS)
    given = dict(hourly_rate=hourly_rate, hours_per_week=hours_per_week, build_hours=build_hours,
                 build_hours_per_week=build_hours_per_week, price=price,
                 units_per_month=units_per_month, business_costs=business_costs,
                 personal_costs=personal_costs, cash=cash, tax_rate=tax_rate, margin=margin,
                 fee_rate=fee_rate, monthly_costs=monthly_costs, maintenance_hours=maintenance_hours,
                 upfront_costs=upfront_costs, ramp_months=ramp_months,
                 target_hours_per_week=target_hours_per_week, weeks_per_year=weeks_per_year,
                 months=months)
    shape = np.shape(business_costs)
    _check_plan(given)
    if choice == "table":
        if shape and int(np.prod(shape)) != 1:
            raise InputError("result", "table is for one profile",
                             f"got {int(np.prod(shape))} profiles; ask for a summary result")
        return _plan_table(_fitting(_simulate({k: np.reshape(v, 1) for k, v in given.items()}, keep=True), ()))
    flat = {name: np.reshape(value, -1) for name, value in given.items()}
    summary = _fitting(_summaries(flat), shape)[choice]
    return summary.reshape(shape)


def plan_summaries(**arguments: Any) -> dict[str, np.ndarray]:
    """Every summary result of :func:`transition_plan` for many profiles, from one simulation.

    Takes :func:`transition_plan`'s arguments (without ``result``), checked
    by the same rules, and returns ``{summary: array}`` for each of
    :data:`PLAN_SUMMARIES`, shaped like the broadcast arguments: what seven
    calls of :func:`transition_plan` give, in the time of one.

    >>> from xlincome.functions import PLAN_KW1
    >>> summary = plan_summaries(**PLAN_KW1)
    >>> float(summary["launch"]), float(summary["lowest_cash"]), str(summary["final_phase"])
    (5.0, 18975.0, 'Phase 4: Optimize hybrid structure')
    """
    bound = inspect.signature(transition_plan).bind(**arguments)
    bound.apply_defaults()
    arrays = {name: as_numbers(name, bound.arguments[name], rule) for name, rule in _PLAN_RULES.items()}
    given = dict(zip(arrays, broadcast(arrays)))
    _check_plan(given)
    shape = given["business_costs"].shape
    simulated = _fitting(_summaries({name: value.reshape(-1) for name, value in given.items()}), shape)
    return {name: simulated[name].reshape(shape) for name in PLAN_SUMMARIES}


def _fitting(simulated: dict[str, Any], shape: tuple[int, ...]) -> dict[str, Any]:
    """``simulated``, or :class:`~xlincome.errors.TooLargeError` at the first profile (of the
    arguments' ``shape``) whose money went beyond the largest float in some month."""
    beyond = ~simulated["finite"]
    if beyond.any():
        first = int(np.argmax(beyond))
        raise TooLargeError(tuple(int(i) for i in np.unravel_index(first, shape)) if shape else None)
    return simulated


def _check_plan(given: dict[str, np.ndarray]) -> None:
    """The rules between arguments and the whole number of months."""
    months = given["months"]
    broken = months != np.floor(months)
    if np.any(broken):
        raise InputError("months", f"must be a whole number in [1, {PLAN_MAX_MONTHS}]",
                         f"got {np.asarray(months)[broken].flat[0]:g}")
    if np.any(given["business_costs"] + given["personal_costs"] <= 0):
        raise InputError(NO_COSTS.argument, NO_COSTS.rule, "got 0")


#: The rule between the plan's costs: reserves are counted in months of costs.
NO_COSTS = InputError("business_costs", "plus personal_costs must be > 0 (reserve months are months of costs)")


#: Profiles simulated together: a block's month arrays (64 KB each) stay in the CPU cache.
_BLOCK = 8192


def _summaries(p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every summary of every profile, simulated block by block of :data:`_BLOCK` profiles."""
    count = len(p["hourly_rate"])
    if count <= _BLOCK:
        return _simulate(p, keep=False)
    blocks = [_simulate({name: values[start:start + _BLOCK] for name, values in p.items()}, keep=False)
              for start in range(0, count, _BLOCK)]
    return {name: np.concatenate([block[name] for block in blocks]) for name in (*PLAN_SUMMARIES, "finite")}


@np.errstate(over="ignore", invalid="ignore")  # money beyond a float is found by looking (finite)
def _simulate(p: dict[str, np.ndarray], keep: bool) -> dict[str, Any]:
    """The plan of every profile (1-D arrays of equal length), one month at a time.

    Returns each summary as an array (one per profile) and, with ``keep``,
    the month-by-month columns as ``"rows"``.  Profiles may have different
    horizons (``months``); all are simulated to the longest, and each
    summary reads only its own months.
    """
    count = len(p["hourly_rate"])
    weeks = p["weeks_per_year"] / 12
    floor = revenue_floor.__wrapped__(p["business_costs"], p["personal_costs"], p["tax_rate"], p["margin"])
    costs = p["business_costs"] + p["personal_costs"]
    horizon = p["months"]
    simulated = int(horizon.max(initial=0))
    uniform = bool(horizon.min(initial=0) == simulated)
    target = p["target_hours_per_week"]
    can_rebalance = ~np.isnan(target)
    build_rate = p["build_hours_per_week"] * weeks
    net_price = p["price"] * (1 - p["fee_rate"])
    rate_per_month = p["hourly_rate"] * weeks
    built, sold_months, sustained = np.zeros(count), np.zeros(count), np.zeros(count)
    cash, value = p["cash"].astype(np.float64, copy=True), np.zeros(count)
    rebalancing, rebalanced_months = np.zeros(count, dtype=bool), np.zeros(count)
    lowest_cash, below_floor = np.full(count, np.inf), np.zeros(count)
    final_share, final_phase = np.zeros(count), np.zeros(count, dtype=np.int64)
    finite = np.ones(count, dtype=bool)  # no month's money beyond the largest float
    paid_back: list[np.ndarray] = []
    rows: list[dict[str, np.ndarray]] = []
    for month in range(1, simulated + 1):
        within = True if uniform else month <= horizon
        launched = built >= p["build_hours"]
        selling = launched.astype(np.float64)
        rebalanced_months += rebalancing & within
        build = np.minimum(p["build_hours"], built + build_rate) - built  # 0 once built
        built = built + build
        sold_months += selling
        product_hours = build + p["maintenance_hours"] * selling
        units = p["units_per_month"] * np.minimum(1.0, sold_months / p["ramp_months"])  # 0 before launch
        gross = net_price * units - p["monthly_costs"] * selling
        product_income = np.maximum(0.0, gross)
        hours = np.maximum(0.0, p["hours_per_week"] - product_hours / weeks)
        if rebalancing.any():
            need = np.maximum(0.0, (floor * FLOOR_GUARD - product_income) / rate_per_month)
            hours = np.where(rebalancing, np.minimum(hours, np.maximum(target, need)), hours)
        service = p["hourly_rate"] * hours * weeks
        product_cash = gross - p["upfront_costs"] if month == 1 else gross
        total = service + product_income
        profit = service + product_cash - p["business_costs"]
        cash = cash + np.where(profit > 0, profit * (1 - p["tax_rate"]), profit) - p["personal_costs"]
        reserve = np.maximum(0.0, cash) / costs
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(total > 0, product_income / total, 0.0)
            sustained = np.where(share >= ENTRY_SHARE, sustained + 1, 0.0)
            # a month without income is under the floor (> 0): phase 0, as phase_status says
            phase = _phase_numbers(service, product_income, floor, sustained, reserve, np.nan)
        value = value + product_cash - product_hours * p["hourly_rate"]
        finite &= np.isfinite(total) & np.isfinite(cash) & np.isfinite(value)
        paid_back.append(launched & (value >= 0) & within)
        below_floor += within & (total < floor)
        if uniform:
            lowest_cash = np.minimum(lowest_cash, cash)
        else:
            lowest_cash = np.where(within, np.minimum(lowest_cash, cash), lowest_cash)
            last = month == horizon
            final_share = np.where(last, share, final_share)
            final_phase = np.where(last, phase, final_phase)
        rebalancing |= can_rebalance & (phase >= REBALANCE_PHASE)
        if keep:
            rows.append(dict(month=month, client_hours=hours, product_hours=product_hours,
                             service_income=service, units=units, product_income=product_income,
                             total_income=total, cash=cash, reserve_months=reserve, share=share,
                             phase=phase))
    if uniform and simulated:
        final_share, final_phase = share, phase
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # launched in the month after the build: the months sold count back to it; still
        # unbuilt at the horizon, the build goes on at the same pace (never without one)
        launch = np.where(sold_months > 0, simulated - sold_months + 1,
                          np.where(build_rate > 0, np.maximum(simulated + 1, np.ceil(p["build_hours"] / build_rate) + 1),
                                   np.inf))
    # rebalancing lasts to the end, so it started as many months before the horizon as it lasted
    rebalance = np.where(rebalanced_months > 0, horizon - rebalanced_months + 1, np.inf)
    if paid_back:
        hits = np.stack(paid_back)
        breakeven = np.where(hits.any(axis=0), hits.argmax(axis=0) + 1.0, np.inf)
    else:
        breakeven = np.full(count, np.inf)
    return dict(launch=launch, breakeven=breakeven, rebalance=rebalance, lowest_cash=lowest_cash,
                below_floor=below_floor, final_share=final_share,
                final_phase=np.array(PHASE_TITLES, dtype=object)[final_phase], finite=finite, rows=rows)


def _plan_table(simulated: dict[str, Any]):
    """The month rows of one profile's plan as a DataFrame with :data:`PLAN_COLUMNS`."""
    import pandas as pd

    rows = simulated["rows"]
    columns = {name: [row[name] if name == "month" else row[name].item() for row in rows]
               for name in PLAN_COLUMNS}
    return pd.DataFrame(columns, columns=list(PLAN_COLUMNS))
