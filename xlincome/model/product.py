"""A product against the client hours it costs: months to break even, and units a horizon needs.

Build and maintenance hours are valued at the client rate (the work given
up).  Source: active-vs-semi-passive (the build phase "is financially
silent before it becomes productive"); quitting-passive (products need
constant maintenance).
"""

from __future__ import annotations

import numpy as np

from .rules import FRACTION, NONNEGATIVE, POSITIVE
from .scaling import DOUBT, beyond_float, overflow_safe, rationally, to_float
from .vectorize import fits, vectorized

#: How a break-even that never comes (``math.inf`` in Python) reads in a cell or a file.
NEVER = "never"


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
    given = (build_hours, hourly_rate, price, units_per_month, fee_rate, monthly_costs, maintenance_hours,
             upfront_costs)
    with np.errstate(all="ignore"):  # a zero net divides by zero: "never", set below
        months, net_sign = overflow_safe(_breakeven_months, *given)
        doubtful = ~(np.abs(net_sign) > DOUBT)  # a net within rounding of 0 (NaN: 0 - 0)
        if np.any(doubtful):
            months, net_sign = _settled_exactly(doubtful, months, net_sign, given)
        repays = net_sign > 0
        if np.any(beyond_float(months) & repays):
            fits(np.where(repays, months, 0.0))
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


def _settled_exactly(doubtful, months, net_sign, given) -> tuple[np.ndarray, np.ndarray]:
    """Months and the net's sign where the float net is within rounding of 0, from the exact
    net (the same formula in rational arithmetic): never where it is not positive."""
    months, net_sign = np.array(months, dtype=np.float64), np.array(net_sign, dtype=np.float64)
    for index, exact in rationally(doubtful, *given):
        build, rate, price, units, fee, costs, maintenance, upfront = exact
        net = price * units * (1 - fee) - _running_costs(costs, maintenance, rate)
        net_sign[index] = 1.0 if net > 0 else -1.0
        months[index] = to_float(_investment(build, rate, upfront) / net) if net > 0 else np.inf
    return months, net_sign


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
    return fits(overflow_safe(_breakeven_units, build_hours, hourly_rate, price, horizon_months,
                               fee_rate, monthly_costs, maintenance_hours, upfront_costs))


def _breakeven_units(build_hours, hourly_rate, price, horizon_months, fee_rate,
                     monthly_costs, maintenance_hours, upfront_costs):
    needed = _investment(build_hours, hourly_rate, upfront_costs) / horizon_months + _running_costs(
        monthly_costs, maintenance_hours, hourly_rate)
    return needed / (price * (1 - fee_rate))
