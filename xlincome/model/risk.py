"""The plan under uncertainty: many futures of the transition plan, and the odds that the savings last.

Each trial is TRANSITION_PLAN with a launch factor (how well this product
does), a client and a sales factor every month, and a chance every month of
losing the largest client for a few months.  The draws come from the
portable generator (:mod:`~xlincome.model.random`), so a workbook computes
the very same futures for the same seed.

Sources: active-vs-semi-passive ("when client demand slows, revenue declines
quickly"; "a launch may perform strongly one month and decline the next";
"a course that takes 120 hours to produce may initially sell only 30
copies"; "losing a major client can create sudden financial gaps";
"maintaining three to six months of expense coverage protects against
seasonal slowdowns or launch underperformance").  The default spreads of
client and sales income are of the order of measured month-to-month swings
of US household income (JPMorgan Chase Institute, 2013-2018: 36 % typical);
the launch spread and the client loss are illustrations.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any

import numpy as np

from ..errors import InputError
from .arrays import as_numbers, broadcast
from .income import WEEKS_PER_YEAR
from .kernel import blockwise, plan_months
from .plan import PLAN_MAX_MONTHS, PLAN_RULES, check_plan, fitting
from .random import MAX_TRIALS, SEED_LIMIT, draws, lognormal_factors, lognormal_sigma, normal_quantile
from .rules import SHARE, Interval
from .vectorize import one_profile, result_choice, vectorized

#: What ``plan_risk`` can return: a summary per profile, or the month table of bands.
RISK_RESULTS = ("ruin", "below_floor", "rebalance", "cash_p10", "cash_p50", "cash_p90", "lowest_p10", "table")
#: The summary results of ``plan_risk`` (one value per profile).
RISK_SUMMARIES = RISK_RESULTS[:-1]
#: Columns of ``plan_risk(..., result="table")``, one row per month.
RISK_COLUMNS = ("month", "cash_p10", "cash_p50", "cash_p90", "income_p10", "income_p50", "income_p90", "ruined")
#: The percentiles of the results, in percent (nearest rank).
PERCENTILES = (10, 50, 90)
#: The largest coefficient of variation accepted (a factor ten times its mean's spread).
MAX_CV = 10
#: The risk arguments and their defaults (client and sales spread, launch spread, the client loss).
RISK_DEFAULTS = dict(client_cv=0.30, sales_cv=0.30, launch_cv=0.50, client_loss=0.0, loss_share=0.5,
                     loss_months=3, trials=1000, seed=1)
#: The arguments that must be whole numbers, with the rule's range in words.
WHOLE_NUMBERS = dict(loss_months=f"[1, {PLAN_MAX_MONTHS}]", trials=f"[1, {MAX_TRIALS:,}]",
                     seed=f"[0, {SEED_LIMIT:,})")

_CV = Interval(low=0, high=MAX_CV, percent=True)
RISK_RULES = dict(
    PLAN_RULES, client_cv=_CV, sales_cv=_CV, launch_cv=_CV, client_loss=SHARE, loss_share=SHARE,
    loss_months=Interval(low=1, high=PLAN_MAX_MONTHS), trials=Interval(low=1, high=MAX_TRIALS),
    seed=Interval(low=0, high=SEED_LIMIT, high_open=True),
)

#: (profile, trial) pairs simulated together in one block of month arrays (512 KB each).
_BLOCK_ELEMENTS = 65536
#: Draws of one kind computed at once (trials x months), 16 MB each; longer runs go by trial chunks.
_DRAW_ELEMENTS = 2 ** 21


@vectorized(**RISK_RULES)
def plan_risk(hourly_rate, hours_per_week, build_hours, build_hours_per_week, price, units_per_month,
              business_costs, personal_costs, cash=0.0, tax_rate=0.0, margin=0.0, fee_rate=0.0,
              monthly_costs=0.0, maintenance_hours=0.0, upfront_costs=0.0, ramp_months=1.0,
              target_hours_per_week=None, weeks_per_year=WEEKS_PER_YEAR, months=24, client_cv=0.30,
              sales_cv=0.30, launch_cv=0.50, client_loss=0.0, loss_share=0.5, loss_months=3, trials=1000,
              seed=1, result="ruin"):
    """The odds of the transition plan: ``trials`` futures with random client and sales months.

    Parameters
    ----------
    hourly_rate ... months : float or array_like
        As in :func:`transition_plan` (the plan of every future).
    client_cv : float or array_like, default 0.30
        Spread of each month's client income around the usual (coefficient
        of variation of a lognormal factor with mean 1); in [0, 10].
    sales_cv : float or array_like, default 0.30
        Spread of each month's sales around the plan's; in [0, 10].
    launch_cv : float or array_like, default 0.50
        Spread of how well the product does, drawn once per future; in [0, 10].
    client_loss : float or array_like, default 0
        Chance per month (outside a loss) that the largest client leaves; in [0, 1].
    loss_share : float or array_like, default 0.5
        Share of client income lost while that client is gone; in [0, 1].
    loss_months : int or array_like, default 3
        Months a loss lasts (the first included); whole, in [1, 120].
    trials : int or array_like, default 1000
        Futures simulated; whole, in [1, 100,000].  A run is the start of
        any longer run with the same seed.
    seed : int or array_like, default 1
        Which futures; whole, in [0, 2^31).  The same seed gives the same
        numbers in Python and in the workbooks.
    result : {"ruin", "below_floor", "rebalance", "cash_p10", "cash_p50", "cash_p90", \
"lowest_p10", "table"}, default "ruin"
        ``ruin``: the share of futures whose savings fall below 0 in some
        month; ``below_floor``: the share with a month under the revenue
        floor; ``rebalance``: the share in which client work starts being
        cut; ``cash_p10/p50/p90``: percentiles of the last month's savings,
        money; ``lowest_p10``: the 10th percentile of each future's lowest
        savings; ``table``: a DataFrame, one row per month, columns
        :data:`RISK_COLUMNS` (one profile only).  Percentiles by nearest
        rank: the ``ceil(p * trials / 100)``-th smallest.

    Notes
    -----
    In trial ``i`` the month's service income is TRANSITION_PLAN's times
    ``C[i, t]`` and times ``1 - loss_share`` in a loss spell; its units are
    the plan's times ``L[i] * S[i, t]``; the hours decision, rebalancing,
    taxes and cash follow as in the plan (the floor's hours need the
    month's realised product income).  Each factor is
    ``exp(sigma * z - sigma^2 / 2)`` with ``sigma^2 = ln(1 + cv^2)`` and ``z``
    the inverse normal of the generator's draw for (seed, trial, month,
    kind).  A loss starts, in a month not already in one, when the month's
    loss draw is below ``client_loss``, and lasts ``loss_months`` months.

    Sources: active-vs-semi-passive (revenue "declines quickly", a launch
    "may perform strongly one month and decline the next", "losing a major
    client can create sudden financial gaps", three to six months of reserves
    against "launch underperformance").

    Examples
    --------
    >>> from xlincome.functions import PLAN_KW1
    >>> plan_risk(**PLAN_KW1, client_cv=0, sales_cv=0, launch_cv=0, result="cash_p50")
    95473.125
    """
    choice = result_choice("result", result, RISK_RESULTS)
    given = {name: value for name, value in locals().items() if name in RISK_RULES}
    shape = np.shape(business_costs)
    check_risk(given)
    if choice == "table":
        return _risk_table(fitting(_risk(one_profile(given, shape), keep=True), ()))
    flat = {name: np.reshape(value, -1) for name, value in given.items()}
    return fitting(_risk(flat, keep=False), shape)[choice].reshape(shape)


def risk_summaries(**arguments: Any) -> dict[str, np.ndarray]:
    """Every summary of :func:`plan_risk` for many profiles, from one simulation.

    Takes :func:`plan_risk`'s arguments (without ``result``), checked by the
    same rules, and returns ``{summary: array}`` for each of
    :data:`RISK_SUMMARIES`, shaped like the broadcast arguments.
    """
    bound = inspect.signature(plan_risk).bind(**arguments)
    bound.apply_defaults()
    arrays = {name: as_numbers(name, bound.arguments[name], rule) for name, rule in RISK_RULES.items()}
    given = dict(zip(arrays, broadcast(arrays)))
    check_risk(given)
    shape = given["business_costs"].shape
    simulated = fitting(_risk({name: value.reshape(-1) for name, value in given.items()}, keep=False), shape)
    return {name: simulated[name].reshape(shape) for name in RISK_SUMMARIES}


#: Columns of :func:`plan_trials`, one row per trial.
TRIAL_COLUMNS = ("trial", "lowest_cash", "final_cash", "ruined", "below_floor", "rebalanced")


def plan_trials(**arguments: Any):
    """The trials behind :func:`plan_risk` for one profile: a DataFrame, one row per trial.

    Takes :func:`plan_risk`'s arguments (without ``result``); columns
    :data:`TRIAL_COLUMNS`: the trial's number (from 1), its lowest and its
    last month's savings (money), whether the savings fell below 0, whether
    a month fell under the revenue floor, whether client work was cut.
    Trial ``i`` is the same future in every run with the same seed.
    """
    import pandas as pd

    bound = inspect.signature(plan_risk).bind(**arguments)
    bound.apply_defaults()
    arrays = {name: as_numbers(name, bound.arguments[name], rule) for name, rule in RISK_RULES.items()}
    given = dict(zip(arrays, broadcast(arrays)))
    check_risk(given)
    if given["business_costs"].size != 1:
        raise InputError("plan_trials", "is for one profile", f"got {given['business_costs'].size} profiles")
    rows = fitting(_risk({name: value.reshape(1) for name, value in given.items()}, keep=True), ())["rows"]
    lowest = rows["lowest"][0]
    return pd.DataFrame(dict(trial=np.arange(1, len(lowest) + 1), lowest_cash=lowest, final_cash=rows["last"][0],
                             ruined=lowest < 0, below_floor=rows["under"][0], rebalanced=rows["rebalanced"][0]),
                        columns=list(TRIAL_COLUMNS))


def check_risk(given: dict[str, np.ndarray]) -> None:
    """The plan's rules between arguments, and the whole numbers of the risk."""
    check_plan(given)
    for name, bounds in WHOLE_NUMBERS.items():
        value = np.asarray(given[name])
        broken = value != np.floor(value)
        if np.any(broken):
            raise InputError(name, f"must be a whole number in {bounds}", f"got {value[broken].flat[0]:g}")


def rank(percent: int, trials: int) -> int:
    """The nearest rank of ``percent`` among ``trials`` values: ``ceil(percent * trials / 100)``, in integers."""
    return -(-percent * trials // 100)


def _risk(p: dict[str, np.ndarray], keep: bool) -> dict[str, Any]:
    """Every summary of every profile (1-D arrays), profiles with one seed and trials together.

    The draws depend on (seed, trial, month, kind) only: they are made once
    for the profiles that share a seed and a number of trials.
    """
    count = len(p["hourly_rate"])
    out: dict[str, Any] = {name: np.empty(count) for name in RISK_SUMMARIES}
    out["finite"] = np.ones(count, dtype=bool)
    runs, which = np.unique(np.stack([p["seed"], p["trials"]], axis=1), axis=0, return_inverse=True)
    for number, (seed, trials) in enumerate(runs):
        members = np.flatnonzero(which.reshape(-1) == number)
        trials, months = int(trials), int(p["months"][members].max())
        chunk = max(1, min(trials, _DRAW_ELEMENTS // months))
        spans = [(first, min(trials, first + chunk)) for first in range(0, trials, chunk)]
        shared = [_normals(int(seed), first, last, months) for first, last in spans] if len(spans) == 1 else None
        size = max(1, _BLOCK_ELEMENTS // trials)

        def run(start: int, stop: int, seed=int(seed), spans=spans, shared=shared, members=members) -> dict:
            """One block's summaries (its trials' arrays let go as soon as they are summarised)."""
            q = {name: values[members[start:stop], None] for name, values in p.items()}
            normals = shared or (_normals(seed, first, last, months) for first, last in spans)
            trials_of_block = _joined([_trials(q, z, keep) for z in normals])
            return dict(_summarised(trials_of_block), rows=trials_of_block if keep else None)

        spans_of_profiles = [(start, min(len(members), start + size)) for start in range(0, len(members), size)]
        for (start, stop), block in zip(spans_of_profiles, blockwise(run, len(members), size)):
            rows = members[start:stop]
            for name in (*RISK_SUMMARIES, "finite"):
                out[name][rows] = block[name]
            if keep:
                out["rows"] = block["rows"]
    return out


def _normals(seed: int, first: int, last: int, months: int) -> dict[str, np.ndarray]:
    """The normal draws of trials ``first + 1 .. last`` (the loss draws stay uniform).

    Small runs (up to :data:`_REMEMBERED` draws of a kind) are remembered, a
    few at a time: a sheet of PLAN_RISK cells with one seed draws once.
    """
    if (last - first) * months <= _REMEMBERED:
        return _remembered_normals(seed, first, last, months)
    return _made_normals(seed, first, last, months)


#: The most draws of one kind a remembered run holds (1,000 trials x 120 months: 1 MB a kind).
_REMEMBERED = 120_000


@functools.lru_cache(maxsize=8)
def _remembered_normals(seed: int, first: int, last: int, months: int) -> dict[str, np.ndarray]:
    return _made_normals(seed, first, last, months)


def _made_normals(seed: int, first: int, last: int, months: int) -> dict[str, np.ndarray]:
    u = draws(seed, last - first, months, first=first + 1)
    made = dict(launch=normal_quantile(u["launch"]), client=normal_quantile(u["client"]),
                sales=normal_quantile(u["sales"]), loss=u["loss"])
    for values in made.values():
        values.flags.writeable = False  # shared by every caller: never written
    return made


def _sigma(cv: np.ndarray):
    """The lognormal sigma of a column of profiles: one number when they all share it."""
    return lognormal_sigma(cv[0, 0]) if np.all(cv == cv[0, 0]) else lognormal_sigma(cv)


@np.errstate(over="ignore", invalid="ignore")  # money beyond a float is found by looking (finite)
def _trials(q: dict[str, np.ndarray], z: dict[str, np.ndarray], keep: bool) -> dict[str, np.ndarray]:
    """Profiles ``q`` (columns, one row each) over the trials of ``z``: each trial's summaries."""
    count, trials = len(q["hourly_rate"]), len(z["launch"])
    shape = (count, trials)
    client_sigma, sales_sigma, launch_sigma = (_sigma(q[name]) for name in ("client_cv", "sales_cv", "launch_cv"))
    launch = lognormal_factors(z["launch"], launch_sigma)
    losing = bool(np.any((q["client_loss"] > 0) & (q["loss_share"] > 0)))
    left = np.zeros(shape)

    def factors(month: int):
        nonlocal left
        client = None if np.all(client_sigma == 0) else lognormal_factors(z["client"][month - 1], client_sigma)
        units = None
        if np.any(sales_sigma != 0) or np.any(launch_sigma != 0):
            units = launch * lognormal_factors(z["sales"][month - 1], sales_sigma)
        loss = None
        if losing:
            starts = z["loss"][month - 1] < q["client_loss"]
            spell = (left > 0) | starts
            left = np.where(left > 0, left - 1, np.where(starts, q["loss_months"] - 1, 0.0))
            loss = np.where(spell, 1 - q["loss_share"], 1.0)
        return client, loss, units

    horizon = q["months"]
    uniform = bool(np.all(horizon == horizon[0, 0]))
    lowest, last = np.full(shape, np.inf), np.zeros(shape)
    under, rebalanced = np.zeros(shape, dtype=bool), np.zeros(shape, dtype=bool)
    cash_rows, income_rows = [], []
    for m in plan_months(q, shape, int(horizon.max()), factors):
        within = True if uniform else m["month"] <= horizon
        cash = m["cash"]
        lowest = np.minimum(lowest, cash) if uniform else np.where(within, np.minimum(lowest, cash), lowest)
        under |= within & (m["total_income"] < m["floor"])
        rebalanced |= m["rebalancing"] & within
        if not uniform:
            last = np.where(m["month"] == horizon, cash, last)
        if keep:
            cash_rows.append(cash[0])
            income_rows.append(m["total_income"][0])
    if uniform:
        last = cash
    # money beyond a float stays infinite (or NaN) in the cash that adds it up
    trial = dict(lowest=lowest, last=last, under=under, rebalanced=rebalanced, finite=np.isfinite(cash))
    if keep:
        trial.update(cash_rows=np.array(cash_rows), income_rows=np.array(income_rows))
    return trial


def _joined(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """The trials of consecutive chunks side by side (trials are the last axis)."""
    if len(parts) == 1:
        return parts[0]
    return {name: np.concatenate([part[name] for part in parts], axis=-1) for name in parts[0]}


def _summarised(trial: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each profile's shares and percentiles from its trials' summaries."""
    trials = trial["lowest"].shape[1]
    ranks = [rank(percent, trials) - 1 for percent in PERCENTILES]
    last = np.partition(trial["last"], ranks, axis=1)[:, ranks]
    lowest = np.partition(trial["lowest"], ranks[0], axis=1)[:, ranks[0]]
    return dict(ruin=np.count_nonzero(trial["lowest"] < 0, axis=1) / trials,
                below_floor=np.count_nonzero(trial["under"], axis=1) / trials,
                rebalance=np.count_nonzero(trial["rebalanced"], axis=1) / trials,
                cash_p10=last[:, 0], cash_p50=last[:, 1], cash_p90=last[:, 2], lowest_p10=lowest,
                finite=trial["finite"].all(axis=1))


def _risk_table(simulated: dict[str, Any]):
    """The month rows of one profile's bands as a DataFrame with :data:`RISK_COLUMNS`."""
    import pandas as pd

    rows = simulated["rows"]
    cash, income = rows["cash_rows"], rows["income_rows"]  # months x trials
    trials = cash.shape[1]
    ranks = [rank(percent, trials) - 1 for percent in PERCENTILES]
    cash_bands = np.partition(cash, ranks, axis=1)[:, ranks]
    income_bands = np.partition(income, ranks, axis=1)[:, ranks]
    ruined = np.count_nonzero(np.logical_or.accumulate(cash < 0, axis=0), axis=1) / trials
    columns = dict(month=np.arange(1, len(cash) + 1))
    for number, percent in enumerate(PERCENTILES):
        columns[f"cash_p{percent}"] = cash_bands[:, number]
    for number, percent in enumerate(PERCENTILES):
        columns[f"income_p{percent}"] = income_bands[:, number]
    columns["ruined"] = ruined
    return pd.DataFrame(columns, columns=list(RISK_COLUMNS))
