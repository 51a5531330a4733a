"""The month loop of the transition plan, shared by one future (TRANSITION_PLAN) and many (PLAN_RISK).

:func:`plan_months` runs steps 1 to 11 of the plan for arrays of profiles
(and, for the risk, of trials) one month at a time and hands each month's
numbers to its caller, who keeps the summaries it needs.  Random factors
enter in two places only: the client factor and the loss multiplier scale
the month's service income (step 4), the sales factor scales its units
(step 5); without them (``factors=None``) the month is TRANSITION_PLAN's to
the last bit.

Source: active-vs-semi-passive (the build phase, the revenue floor, the
Transition Planning Framework, reserves); quitting-passive (maintenance).
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Iterator, Optional

import numpy as np

from .income import revenue_floor
from .phase import ENTRY_SHARE, RESERVE_SCALE, SUSTAIN_SCALE, phase_numbers

#: Phases from which client work may be cut (Rebalance workload, Optimize hybrid structure).
REBALANCE_PHASE = 3
#: The hours the floor needs are worked out for a floor this much higher (one part in a
#: trillion), so that rounding never leaves a month cut exactly to the floor a hair under it.
FLOOR_GUARD = 1 + 1e-12

#: ``factors(month) -> (client, loss, units)``: what multiplies the month's service income
#: (the client factor, then the loss multiplier) and its units; ``None`` for a factor of 1.
Factors = Callable[[int], tuple[Optional[np.ndarray], Optional[np.ndarray], Optional[np.ndarray]]]


#: Threads that simulate blocks of profiles side by side (numpy lets go of the GIL in its loops);
#: one in Pyodide (xlwings Lite), which has no threads.
WORKERS = 1 if sys.platform == "emscripten" else max(1, min(4, os.cpu_count() or 1))


def blockwise(run: Callable[[int, int], Any], count: int, size: int) -> list[Any]:
    """``run(start, stop)`` for each block of ``size`` of ``count`` items, in order, on :data:`WORKERS` threads."""
    spans = [(start, min(count, start + size)) for start in range(0, count, size)]
    if len(spans) <= 1 or WORKERS == 1:
        return [run(start, stop) for start, stop in spans]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(lambda span: run(*span), spans))


def plan_constants(p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """What every month of a profile's plan uses: weeks per month, the floor, the costs."""
    weeks = p["weeks_per_year"] / 12
    return dict(weeks=weeks,
                floor=revenue_floor.__wrapped__(p["business_costs"], p["personal_costs"], p["tax_rate"], p["margin"]),
                costs=p["business_costs"] + p["personal_costs"],
                build_rate=p["build_hours_per_week"] * weeks)


def plan_months(p: dict[str, np.ndarray], shape: tuple[int, ...], months: int,
                factors: Factors | None = None) -> Iterator[dict[str, np.ndarray]]:
    """Each month of the plan, for ``p`` (arrays that broadcast to ``shape``), months 1 to ``months``.

    Yields, per month, a dict of arrays shaped ``shape``: ``month``,
    ``launched`` (sales this month), ``rebalancing`` (client work cut this
    month), ``build``, ``product_hours``, ``units``, ``product_income``,
    ``product_cash`` (less ``upfront_costs`` in month 1), ``client_hours``,
    ``service_income``, ``total_income``, ``cash``, ``reserve_months``,
    ``share``, ``sustained`` (months in a row with a 20 % share) and
    ``floor``; the month's phase is :func:`month_phase` of it, worked out
    only where a caller needs it (rebalancing needs only :func:`may_rebalance`).
    The caller reads a month before asking for the next; arrays it keeps
    are not written again.  Money beyond a float shows as a last month's
    cash that is not finite (it stays infinite or NaN once it is); the
    caller runs the loop under ``np.errstate(over="ignore", invalid="ignore")``.
    """
    fixed = plan_constants(p)
    weeks, floor, costs, build_rate = fixed["weeks"], fixed["floor"], fixed["costs"], fixed["build_rate"]
    target = p["target_hours_per_week"]
    can_rebalance = ~np.isnan(target)
    net_price = p["price"] * (1 - p["fee_rate"])
    rate_per_month = p["hourly_rate"] * weeks
    keep = 1 - p["tax_rate"]
    built, sold_months, sustained = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    cash = np.array(np.broadcast_to(p["cash"], shape), dtype=np.float64)
    rebalancing = np.zeros(shape, dtype=bool)
    for month in range(1, months + 1):
        launched = built >= p["build_hours"]
        selling = launched.astype(np.float64)
        build = np.minimum(p["build_hours"], built + build_rate) - built  # 0 once built
        built = built + build
        sold_months += selling
        product_hours = build + p["maintenance_hours"] * selling
        units = p["units_per_month"] * np.minimum(1.0, sold_months / p["ramp_months"])  # 0 before launch
        client, loss, unit_factor = factors(month) if factors is not None else (None, None, None)
        if unit_factor is not None:
            units = units * unit_factor
        gross = net_price * units - p["monthly_costs"] * selling
        product_income = np.maximum(0.0, gross)
        hours = np.maximum(0.0, p["hours_per_week"] - product_hours / weeks)
        if rebalancing.any():
            need = np.maximum(0.0, (floor * FLOOR_GUARD - product_income) / rate_per_month)
            hours = np.where(rebalancing, np.minimum(hours, np.maximum(target, need)), hours)
        service = p["hourly_rate"] * hours * weeks
        if client is not None:
            service = service * client
        if loss is not None:
            service = service * loss
        product_cash = gross - p["upfront_costs"] if month == 1 else gross
        total = service + product_income
        profit = service + product_cash - p["business_costs"]
        # a profit is taxed, a loss not: with 0 < keep <= 1, profit * keep is the smaller one
        # exactly when profit > 0 (the same value as where(profit > 0, profit * keep, profit))
        cash = cash + np.minimum(profit * keep, profit) - p["personal_costs"]
        reserve = np.maximum(0.0, cash) / costs
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(total > 0, product_income / total, 0.0)
        sustained = np.where(share >= ENTRY_SHARE, sustained + 1, 0.0)
        m = dict(month=month, launched=launched, rebalancing=rebalancing, build=build,
                 product_hours=product_hours, units=units, product_income=product_income,
                 product_cash=product_cash, client_hours=hours, service_income=service,
                 total_income=total, cash=cash, reserve_months=reserve, share=share, sustained=sustained,
                 floor=floor)
        yield m
        rebalancing = rebalancing | (can_rebalance & may_rebalance(m))


def may_rebalance(m: dict[str, np.ndarray]) -> np.ndarray:
    """Where the month is in phase 3 or 4 (:data:`REBALANCE_PHASE` or more), without the phase itself.

    ``month_phase(m) >= 3`` exactly where the month's income reaches the
    floor, the product's share is at least 20 %, and it has held for
    :data:`~xlincome.model.phase.SUSTAIN_SCALE` months with
    :data:`~xlincome.model.phase.RESERVE_SCALE` months of reserves (the
    framework's conditions below phase 3 all failing); a test holds the two
    together.
    """
    return ((m["total_income"] >= m["floor"]) & (m["share"] >= ENTRY_SHARE) & (m["sustained"] >= SUSTAIN_SCALE)
            & (m["reserve_months"] >= RESERVE_SCALE))


def month_phase(m: dict[str, np.ndarray]) -> np.ndarray:
    """The month's phase, 0 to 4 (:func:`~xlincome.model.phase.phase_status`, volatility not checked).

    A month without income is under the floor (> 0): phase 0, as phase_status says.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return phase_numbers(m["service_income"], m["product_income"], m["floor"], m["sustained"],
                             m["reserve_months"], np.nan)
