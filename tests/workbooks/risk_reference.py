"""A reference simulation of PLAN_RISK for the Risk sheet's tests, written in the tests only.

A plain Python loop over trials and months, straight from MODEL.md (TRANSITION_PLAN's
steps 1-11 and PLAN_RISK) and the portable generator's specification (the prime
2^26 - 5, keyed rounds of the counter, ``statistics.NormalDist().inv_cdf`` as the
inverse normal): an implementation independent of the sheet's formulas.  Its plan steps
are held to ``xlincome.model.transition_plan`` by ``test_risk_sheet`` (every factor 1), and
its odds and bands to ``xlincome.model.plan_risk`` by ``test_the_reference_is_the_model``.
"""

from __future__ import annotations

import math
from statistics import NormalDist

from draw_grid import P, reference_draw

from xlincome import model

_NORMAL = NormalDist()


def draw(seed: int, trial: int, month: int, kind: int) -> int:
    """The integer draw x of (seed, trial, month, kind), in [0, P): the generator's plain reference."""
    return reference_draw(seed, trial, month, kind)[0]


def uniform(x: int) -> float:
    return (x + 0.5) / P


def lognormal(cv: float, x: int) -> float:
    """The factor with mean 1 and coefficient of variation ``cv`` (exactly 1 for cv 0)."""
    sigma = math.sqrt(math.log(1 + cv * cv))
    return math.exp(sigma * _NORMAL.inv_cdf(uniform(x)) - sigma * sigma / 2)


def _phase(service: float, product: float, floor: float, sustained: float, reserve: float) -> int:
    if service + product <= 0:
        return 0
    return int(model.phase_status(service, product, floor, sustained, reserve, result="phase"))


def one_trial(p: dict, risk: dict, trial: int, months: int) -> list[dict]:
    """The months of one trial: TRANSITION_PLAN with the trial's factors and loss spell."""
    w = p["weeks_per_year"] / 12
    floor = model.revenue_floor(p["business_costs"], p["personal_costs"], p["tax_rate"], p["margin"])
    costs = p["business_costs"] + p["personal_costs"]
    target = p["target_hours_per_week"]
    seed = risk["seed"]
    launch = lognormal(risk["launch_cv"], draw(seed, trial, 0, 0))
    built = sold = sustained = 0.0
    cash, rebalancing, left, phase = p["cash"], False, 0, 0
    rows = []
    for t in range(1, months + 1):
        if t > 1 and target is not None and phase >= model.REBALANCE_PHASE:
            rebalancing = True
        launched = built >= p["build_hours"]
        build = min(p["build_hours"], built + p["build_hours_per_week"] * w) - built
        built += build
        sold += launched
        product_hours = build + p["maintenance_hours"] * launched
        client = lognormal(risk["client_cv"], draw(seed, trial, t, 1))
        sales = lognormal(risk["sales_cv"], draw(seed, trial, t, 2))
        if left > 0:
            spell, left = True, left - 1
        elif uniform(draw(seed, trial, t, 3)) < risk["client_loss"]:
            spell, left = True, int(risk["loss_months"]) - 1
        else:
            spell, left = False, 0
        units = p["units_per_month"] * min(1.0, sold / p["ramp_months"]) * launch * sales if launched else 0.0
        gross = p["price"] * (1 - p["fee_rate"]) * units - (p["monthly_costs"] if launched else 0.0)
        product_income = max(0.0, gross)
        product_cash = gross - (p["upfront_costs"] if t == 1 else 0.0)
        hours = max(0.0, p["hours_per_week"] - product_hours / w)
        if rebalancing:
            need = max(0.0, (floor * model.FLOOR_GUARD - product_income) / (p["hourly_rate"] * w))
            hours = min(hours, max(target, need))
        service = p["hourly_rate"] * hours * w * client * ((1 - risk["loss_share"]) if spell else 1.0)
        total = service + product_income
        profit = service + product_cash - p["business_costs"]
        cash = cash + (profit * (1 - p["tax_rate"]) if profit > 0 else profit) - p["personal_costs"]
        reserve = max(0.0, cash) / costs
        share = product_income / total if total > 0 else 0.0
        sustained = sustained + 1 if share >= model.ENTRY_SHARE else 0.0
        phase = _phase(service, product_income, floor, sustained, reserve)
        rows.append(dict(month=t, client_hours=hours, service_income=service, units=units,
                         product_income=product_income, total_income=total, cash=cash, phase=phase,
                         rebalancing=rebalancing, floor=floor))
    return rows


def _nearest_rank(values: list[float], percent: int) -> float:
    rank = -(-percent * len(values) // 100)
    return sorted(values)[rank - 1]


def plan_risk(plan: dict, risk: dict, trials: int, months: int) -> dict:
    """Every result of PLAN_RISK for one plan (arguments complete, blanks resolved): the summaries
    by name and ``table``, a list of month rows."""
    runs = [one_trial(plan, risk, trial, months) for trial in range(1, trials + 1)]
    floor = runs[0][0]["floor"]
    lowest = [min(row["cash"] for row in run) for run in runs]
    finals = [run[-1]["cash"] for run in runs]
    table = []
    for t in range(months):
        cash = [run[t]["cash"] for run in runs]
        income = [run[t]["total_income"] for run in runs]
        ruined = sum(min(row["cash"] for row in run[:t + 1]) < 0 for run in runs) / trials
        table.append(dict(month=t + 1, **{f"cash_p{p}": _nearest_rank(cash, p) for p in (10, 50, 90)},
                          **{f"income_p{p}": _nearest_rank(income, p) for p in (10, 50, 90)}, ruined=ruined))
    return dict(
        ruin=sum(low < 0 for low in lowest) / trials,
        below_floor=sum(min(row["total_income"] for row in run) < floor for run in runs) / trials,
        rebalance=sum(run[-1]["rebalancing"] for run in runs) / trials,
        **{f"cash_p{p}": _nearest_rank(finals, p) for p in (10, 50, 90)},
        lowest_p10=_nearest_rank(lowest, 10), table=table, runs=runs)
