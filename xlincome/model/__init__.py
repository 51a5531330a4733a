"""The xlincome income model: pure, vectorized arithmetic.

Every function here is patterned on a spreadsheet function of the same name
(``revenue_floor`` is ``=REVENUE_FLOOR(...)``), broadcasts over numpy arrays
and pandas Series like numpy-financial does, and raises
:class:`xlincome.errors.InputError` naming the argument and the rule for any
input outside its domain.  No I/O, no xlwings, no openpyxl.  A result that
fits a float is right even where a step of its formula would overflow
(:mod:`xlincome.model.scaling`); one beyond the largest float raises
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

The subjects, one module each: :mod:`~xlincome.model.income` (service
income, the revenue floor, rate, hours, reserves),
:mod:`~xlincome.model.product` (break-even), :mod:`~xlincome.model.mix`
(the hybrid mix), :mod:`~xlincome.model.phase` (the framework) and
:mod:`~xlincome.model.plan` (the month-by-month plan, its month loop in
:mod:`~xlincome.model.kernel`), :mod:`~xlincome.model.risk` (the plan's odds
over many futures, drawn by :mod:`~xlincome.model.random`); beside them the
rules every argument is checked against (:mod:`~xlincome.model.rules`) and
the machinery every function shares (:mod:`~xlincome.model.arrays`,
:mod:`~xlincome.model.scaling`, :mod:`~xlincome.model.vectorize`).
"""

from .income import (
                     WEEKS_PER_YEAR,
                     hours_needed,
                     required_rate,
                     reserve_months,
                     revenue_floor,
                     service_income,
)
from .mix import (
                     ACTIVE_KINDS,
                     KINDS,
                     MIX_RESULTS,
                     MIX_STATUSES,
                     SCALABLE_KINDS,
                     TARGET_HIGH,
                     TARGET_LOW,
                     effective_streams,
                     hybrid_mix,
)
from .phase import (
                     ENTRY_SHARE,
                     HYBRID_SHARE,
                     NEXT_STEPS,
                     PHASE_LABELS,
                     PHASE_RESULTS,
                     PHASE_TITLES,
                     RESERVE_HYBRID,
                     RESERVE_SCALE,
                     SUSTAIN_HYBRID,
                     SUSTAIN_SCALE,
                     VOLATILITY_LIMIT,
                     phase_status,
)
from .kernel import FLOOR_GUARD, REBALANCE_PHASE
from .plan import (
                     NO_COSTS,
                     PLAN_COLUMNS,
                     PLAN_MAX_MONTHS,
                     PLAN_RESULTS,
                     PLAN_SUMMARIES,
                     plan_summaries,
                     transition_plan,
)
from .product import NEVER, breakeven_units, product_breakeven
from .risk import (
                     PERCENTILES,
                     RISK_COLUMNS,
                     RISK_DEFAULTS,
                     RISK_RESULTS,
                     RISK_SUMMARIES,
                     TRIAL_COLUMNS,
                     plan_risk,
                     plan_trials,
                     risk_summaries,
)

__all__ = [
    "service_income", "revenue_floor", "product_breakeven", "breakeven_units", "hybrid_mix",
    "effective_streams", "phase_status", "required_rate", "hours_needed", "reserve_months",
    "transition_plan", "plan_summaries", "plan_risk", "risk_summaries", "plan_trials",
    "NEVER", "WEEKS_PER_YEAR", "ACTIVE_KINDS", "SCALABLE_KINDS", "KINDS", "TARGET_LOW", "TARGET_HIGH",
    "MIX_RESULTS", "MIX_STATUSES", "ENTRY_SHARE", "HYBRID_SHARE", "SUSTAIN_SCALE", "SUSTAIN_HYBRID",
    "RESERVE_SCALE", "RESERVE_HYBRID", "VOLATILITY_LIMIT", "PHASE_LABELS", "PHASE_TITLES", "PHASE_RESULTS",
    "NEXT_STEPS", "PLAN_RESULTS", "PLAN_SUMMARIES", "PLAN_COLUMNS", "PLAN_MAX_MONTHS", "REBALANCE_PHASE",
    "FLOOR_GUARD", "NO_COSTS", "RISK_RESULTS", "RISK_SUMMARIES", "RISK_COLUMNS", "RISK_DEFAULTS", "PERCENTILES",
    "TRIAL_COLUMNS",
]
