"""Where the freelancer stands in the seed's Transition Planning Framework (phases 0 to 4).

Source: active-vs-semi-passive (the Transition Planning Framework; product
income "replaces 20-30 %"; "three to six months of expense coverage").
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from .rules import NONNEGATIVE, OPTIONAL_NONNEGATIVE
from .scaling import overflow_safe
from .vectorize import result_choice, vectorized

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


_STEP_ORDER = ("total_floor", "service_floor", "entry_share", "sustain_scale", "reserve_scale",
               "hybrid_share", "sustain_hybrid", "reserve_hybrid", "volatility", "none")


def _product_share(service, product):
    """Product income over total income, right even where the total is beyond the largest float."""
    return overflow_safe(_share, service, product)


def _share(service, product):
    return product / (service + product)


def phase_numbers(service, product, floor, months, reserve, volatility) -> np.ndarray:
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
    choice = result_choice("result", result, PHASE_RESULTS)
    if np.any((service_income == 0) & (product_income == 0)):  # both are >= 0
        raise InputError("service_income", "plus product_income must be > 0", "got 0")
    with np.errstate(over="ignore"):  # a total beyond the largest float compares as infinity
        phase = phase_numbers(service_income, product_income, revenue_floor,
                               months_sustained, reserve_months, volatility)
        if choice == "phase":
            return phase
        if choice == "next":
            return _next_steps(phase, service_income, product_income, revenue_floor,
                               months_sustained, reserve_months)
    return np.array(PHASE_TITLES, dtype=object)[phase]
