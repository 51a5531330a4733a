"""The xlincome income model: pure, vectorized arithmetic.

Every function here is patterned on a spreadsheet function of the same name
(``revenue_floor`` is ``=REVENUE_FLOOR(...)``), broadcasts over numpy arrays
and pandas Series like numpy-financial does, and raises
:class:`xlincome.errors.InputError` naming the argument and the rule for any
input outside its domain.  No I/O, no xlwings, no openpyxl.

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

from .arrays import as_number, as_numbers, broadcast, is_plain_scalar, restorer
from .domains import (
    FRACTION,
    NONNEGATIVE,
    OPTIONAL_NONNEGATIVE,
    POSITIVE,
    SHARE,
    WEEKS,
    Interval,
)
from .errors import InputError

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
        raise InputError(name, f"must be one of {', '.join(choices)}", f"got {value!r}")
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
    return rate * hours_per_week * weeks_per_year / 12


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
    investment = _investment(build_hours, hourly_rate, upfront_costs)
    monthly_net = price * units_per_month * (1 - fee_rate) - _running_costs(
        monthly_costs, maintenance_hours, hourly_rate)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(monthly_net > 0, investment / monthly_net, np.inf)


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
    items = np.asarray(kinds, dtype=object)
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
    raise InputError("kinds", "must be a known kind: " + ", ".join(KINDS), f"got {item!r}", position)


def _portfolio(amounts, kinds) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Active and scalable totals per portfolio (streams on the last axis)."""
    values = _stream_amounts(amounts)
    codes = _stream_kinds(kinds, values.shape)
    orphan = (codes == 0) & ~np.isnan(values)
    if orphan.any():
        position = tuple(int(i) for i in np.argwhere(orphan)[0])
        raise InputError("kinds", "must be given for every amount", "got a blank", position)
    values = np.nan_to_num(values, nan=0.0)
    active = np.einsum("...i,...i->...", values, (codes == 1).astype(np.float64))
    scalable = np.einsum("...i,...i->...", values, (codes == 2).astype(np.float64))
    if np.any(active + scalable <= 0):
        raise InputError("amounts", "must have a positive total", "got 0")
    return values, active, scalable


def _targets(target_low, target_high) -> tuple[np.ndarray, np.ndarray]:
    low = as_numbers("target_low", target_low, FRACTION)
    high = as_numbers("target_high", target_high, SHARE)
    if np.any(low > high):
        raise InputError("target_low", "must be <= target_high",
                         f"got {float(np.max(low)):g} > {float(np.min(high)):g}")
    return low, high


def _mix_status(share, low, high) -> np.ndarray:
    code = np.select([share < low, share > high], [0, 2], 1)
    return np.array(MIX_STATUSES, dtype=object)[code]


def _inverse_hhi(values: np.ndarray) -> np.ndarray:
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
    values, active, scalable = _portfolio(amounts, kinds)
    low, high = _targets(target_low, target_high)
    share = scalable / (active + scalable)
    restore = restorer([share if share.ndim else 0.0])
    if choice == "share":
        return restore(share)
    if choice == "status":
        return restore(_mix_status(share, low, high))
    gap = np.maximum(0.0, low * active / (1 - low) - scalable)
    if choice == "gap":
        return restore(gap)
    return {
        "active": restore(active),
        "scalable": restore(scalable),
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
    if np.any(values.sum(axis=-1) <= 0):
        raise InputError("amounts", "must have a positive total", "got 0")
    result = _inverse_hhi(values)
    return restorer([result if result.ndim else 0.0])(result)


_STEP_ORDER = ("total_floor", "service_floor", "entry_share", "sustain_scale", "reserve_scale",
               "hybrid_share", "sustain_hybrid", "reserve_hybrid", "volatility", "none")


def _phase_numbers(service, product, floor, months, reserve, volatility) -> np.ndarray:
    total = service + product
    share = product / total
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
    share = product / (service + product)
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
    if np.any(service_income + product_income <= 0):
        raise InputError("service_income", "plus product_income must be > 0", "got 0")
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
    return cash / monthly_costs
