"""Income from hours and what it must cover: service income, the revenue floor, the rate and
hours a target needs, and the months reserves last.

Money is per month, hours per week.  Source: active-vs-semi-passive (the
revenue floor, "$125/hour x 30 hours weekly = $15,000 monthly", three to
six months of reserves); quitting-passive (many freelancers never need to
scale: check whether services alone reach the goal).
"""

from __future__ import annotations

from .rules import FRACTION, NONNEGATIVE, POSITIVE, SHARE, WEEKS
from .scaling import overflow_safe
from .vectorize import fits, vectorized

#: Working weeks in a year: 52 less four weeks off.  With it, $125/hour for
#: 30 hours a week is the seed's "$15,000 monthly" (active-vs-semi-passive).
WEEKS_PER_YEAR = 48


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
    return fits(overflow_safe(_service_income, rate, hours_per_week, weeks_per_year))


def _service_income(rate, hours_per_week, weeks_per_year):
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
    return fits(overflow_safe(_revenue_floor, business_costs, personal_costs, tax_rate, margin))


def _revenue_floor(business_costs, personal_costs, tax_rate, margin):
    return (business_costs + personal_costs / (1 - tax_rate)) * (1 + margin)


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
    return fits(overflow_safe(_required_rate, target_income, hours_per_week, weeks_per_year))


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
    return fits(overflow_safe(_hours_needed, target_income, rate, weeks_per_year))


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
    return fits(overflow_safe(_reserve_months, cash, monthly_costs))


def _reserve_months(cash, monthly_costs):
    return cash / monthly_costs
