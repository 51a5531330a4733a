"""Where the months that happened stand against the plan: ahead of it, on it, or behind it.

The seed's transition is reviewed, not forecast once ("quarterly reviews of
revenue distribution ... prevent drift"): the income plan's Dashboard holds
the product income of the last :data:`PLAN_WINDOW` logged months against
what the Plan sheet planned for the same months.  Product income within
:data:`PLAN_BAND` of the plan is on it; more is ahead, less is behind.

Source: active-vs-semi-passive (the Transition Planning Framework's reviews).
"""

from __future__ import annotations

#: Logged months the Dashboard compares with the plan (the last ones).
PLAN_WINDOW = 3
#: Product income within this fraction of the plan's is on the plan.
PLAN_BAND = 0.10
AHEAD, ON, BEHIND = "ahead of the plan", "on the plan", "behind the plan"


def plan_standing(actual: float, planned: float, band: float = PLAN_BAND) -> str:
    """``ahead of the plan``, ``on the plan`` or ``behind the plan``: ``actual`` product income
    (money, summed over the months compared) against the ``planned`` product income of the same months.

    >>> plan_standing(1200, 1000), plan_standing(1050, 1000), plan_standing(850, 1000), plan_standing(0, 0)
    ('ahead of the plan', 'on the plan', 'behind the plan', 'on the plan')
    """
    if actual > planned * (1 + band):
        return AHEAD
    if actual < planned * (1 - band):
        return BEHIND
    return ON
