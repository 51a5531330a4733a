"""The month-by-month transition plan: move client hours into a product, launch it, and cut
client work only when the framework says it is safe.

Source: active-vs-semi-passive (the build phase, the revenue floor, the
Transition Planning Framework, reserves); quitting-passive (maintenance).
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from ..errors import InputError, TooLargeError
from .arrays import as_numbers, broadcast
from .income import WEEKS_PER_YEAR, revenue_floor
from .kernel import blockwise, month_phase, plan_constants, plan_months
from .phase import PHASE_TITLES
from .rules import (
    FRACTION,
    NONNEGATIVE,
    OPTIONAL_NONNEGATIVE,
    POSITIVE,
    WEEKS,
    Interval,
)
from .vectorize import one_profile, result_choice, vectorized

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

PLAN_RULES = dict(
    hourly_rate=POSITIVE, hours_per_week=POSITIVE, build_hours=NONNEGATIVE,
    build_hours_per_week=NONNEGATIVE, price=POSITIVE, units_per_month=NONNEGATIVE,
    business_costs=NONNEGATIVE, personal_costs=NONNEGATIVE, cash=NONNEGATIVE, tax_rate=FRACTION,
    margin=revenue_floor.domain["margin"], fee_rate=FRACTION, monthly_costs=NONNEGATIVE,
    maintenance_hours=NONNEGATIVE, upfront_costs=NONNEGATIVE, ramp_months=Interval(low=1),
    target_hours_per_week=OPTIONAL_NONNEGATIVE, weeks_per_year=WEEKS,
    months=Interval(low=1, high=PLAN_MAX_MONTHS),
)


@vectorized(**PLAN_RULES)
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
    choice = result_choice("result", result, PLAN_RESULTS)
    given = dict(hourly_rate=hourly_rate, hours_per_week=hours_per_week, build_hours=build_hours,
                 build_hours_per_week=build_hours_per_week, price=price,
                 units_per_month=units_per_month, business_costs=business_costs,
                 personal_costs=personal_costs, cash=cash, tax_rate=tax_rate, margin=margin,
                 fee_rate=fee_rate, monthly_costs=monthly_costs, maintenance_hours=maintenance_hours,
                 upfront_costs=upfront_costs, ramp_months=ramp_months,
                 target_hours_per_week=target_hours_per_week, weeks_per_year=weeks_per_year,
                 months=months)
    shape = np.shape(business_costs)
    check_plan(given)
    if choice == "table":
        return _plan_table(fitting(_simulate(one_profile(given, shape), keep=True), ()))
    flat = {name: np.reshape(value, -1) for name, value in given.items()}
    summary = fitting(_summaries(flat), shape)[choice]
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
    arrays = {name: as_numbers(name, bound.arguments[name], rule) for name, rule in PLAN_RULES.items()}
    given = dict(zip(arrays, broadcast(arrays)))
    check_plan(given)
    shape = given["business_costs"].shape
    simulated = fitting(_summaries({name: value.reshape(-1) for name, value in given.items()}), shape)
    return {name: simulated[name].reshape(shape) for name in PLAN_SUMMARIES}


def fitting(simulated: dict[str, Any], shape: tuple[int, ...]) -> dict[str, Any]:
    """``simulated``, or :class:`~xlincome.errors.TooLargeError` at the first profile (of the
    arguments' ``shape``) whose money went beyond the largest float in some month."""
    beyond = ~simulated["finite"]
    if beyond.any():
        first = int(np.argmax(beyond))
        raise TooLargeError(tuple(int(i) for i in np.unravel_index(first, shape)) if shape else None)
    return simulated


def check_plan(given: dict[str, np.ndarray]) -> None:
    """The rules between arguments and the whole number of months."""
    months = given["months"]
    broken = months != np.floor(months)
    if np.any(broken):
        raise InputError("months", f"must be a whole number in [1, {PLAN_MAX_MONTHS}]",
                         f"got {np.asarray(months)[broken].flat[0]:g}")
    with np.errstate(over="ignore"):  # costs beyond a float are more than none
        no_costs = np.any(given["business_costs"] + given["personal_costs"] <= 0)
    if no_costs:
        raise InputError(NO_COSTS.argument, NO_COSTS.rule, "got 0")


#: The rule between the plan's costs: reserves are counted in months of costs.
NO_COSTS = InputError("business_costs", "plus personal_costs must be > 0 (reserve months are months of costs)")


#: Profiles simulated together: a block's month arrays (128 KB each) stay in the CPU cache.
_BLOCK = 16384


def _summaries(p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every summary of every profile, simulated block by block of :data:`_BLOCK` profiles
    (side by side on the kernel's threads)."""
    count = len(p["hourly_rate"])
    if count <= _BLOCK:
        return _simulate(p, keep=False)
    blocks = blockwise(lambda start, stop: _simulate({name: values[start:stop] for name, values in p.items()},
                                                     keep=False), count, _BLOCK)
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
    horizon = p["months"]
    simulated = int(horizon.max(initial=0))
    uniform = bool(horizon.min(initial=0) == simulated)
    build_rate = plan_constants(p)["build_rate"]
    sold_months, value = np.zeros(count), np.zeros(count)
    rebalanced_months = np.zeros(count)
    lowest_cash, below_floor = np.full(count, np.inf), np.zeros(count)
    final_share, final_phase = np.zeros(count), np.zeros(count, dtype=np.int64)
    paid_back: list[np.ndarray] = []
    rows: list[dict[str, np.ndarray]] = []
    for m in plan_months(p, (count,), simulated):
        month, cash = m["month"], m["cash"]
        within = True if uniform else month <= horizon
        rebalanced_months += m["rebalancing"] & within
        sold_months += m["launched"]
        value = value + m["product_cash"] - m["product_hours"] * p["hourly_rate"]
        paid_back.append(m["launched"] & (value >= 0) & within)
        below_floor += within & (m["total_income"] < m["floor"])
        if uniform:
            lowest_cash = np.minimum(lowest_cash, cash)
        else:
            lowest_cash = np.where(within, np.minimum(lowest_cash, cash), lowest_cash)
            last = month == horizon
            if last.any():
                final_share = np.where(last, m["share"], final_share)
                final_phase = np.where(last, month_phase(m), final_phase)
        if keep:
            rows.append({**{name: m[name] for name in PLAN_COLUMNS if name != "phase"}, "phase": month_phase(m)})
    # money beyond a float stays infinite (or NaN) in the cash and the value that add it up
    finite = np.isfinite(m["cash"]) & np.isfinite(value) if simulated else np.ones(count, dtype=bool)
    if simulated and uniform:
        final_share, final_phase = m["share"], month_phase(m)
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
