"""Many profiles at once: a pandas DataFrame of profiles in, results out.

Every column is checked with one vectorized mask per rule, bad cells are
reported by row and column, and the model runs once over all good rows:
no Python loop over profiles.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from . import model
from .errors import InputError
from .model.arrays import shown
from .profiles.readers.numbers import to_numbers
from .profiles.schema import COLUMNS, PLAN_MONTHS, RISK_COLUMNS, Column, require_columns
from .text.spreadsheet import CONTROL, MAX_CELL_TEXT

#: The result columns of :func:`evaluate`, in order, with what each holds.
RESULTS = {
    "revenue_floor": "revenue_floor(business_costs, personal_costs, tax_rate, margin), money per month",
    "service_income": "service_income(hourly_rate, hours_per_week, weeks_per_year), money per month",
    "required_rate": "required_rate(revenue_floor, hours_per_week, weeks_per_year): rate reaching the floor",
    "hours_needed": "hours_needed(revenue_floor, hourly_rate, weeks_per_year): weekly hours reaching the floor",
    "reserve_months": "reserve_months(cash, business_costs + personal_costs), months",
    "product_breakeven": "product_breakeven(...), months; inf means never",
    "breakeven_units": "breakeven_units(..., horizon_months), units per month",
    "scalable_share": "hybrid_mix share of product_income in service_income + product_income",
    "mix_status": "hybrid_mix status against [target_low, target_high]",
    "mix_gap": "hybrid_mix gap: extra product income per month to reach target_low",
    "effective_streams": "effective_streams([service_income, product_income])",
    "phase": "phase_status(..., result='phase'), 0-4",
    "phase_label": "phase_status(..., result='label')",
    "next_step": "phase_status(..., result='next')",
    "plan_launch": "transition_plan(..., result='launch') over PLAN_MONTHS months: launch month; inf means never",
    "plan_breakeven": "transition_plan(..., result='breakeven'): month the product pays back; inf means never",
    "plan_rebalance": "transition_plan(..., result='rebalance'): month client work is cut; inf means never",
    "plan_lowest_cash": "transition_plan(..., result='lowest_cash'): lowest savings, money",
    "plan_below_floor": "transition_plan(..., result='below_floor'): months under the revenue floor",
    "plan_final_share": "transition_plan(..., result='final_share'): product share in the last month",
    "plan_final_phase": "transition_plan(..., result='final_phase'): phase label in the last month",
}
#: The result columns ``evaluate(..., risk=...)`` adds: the plan's odds over many futures.
RISK_RESULTS = {
    "risk_ruin": "plan_risk(..., result='ruin') over PLAN_MONTHS months: share of futures whose savings run out",
    "risk_below_floor": "plan_risk(..., result='below_floor'): share of futures with a month under the floor",
    "risk_rebalance": "plan_risk(..., result='rebalance'): share of futures in which client work is cut",
    "risk_cash_p10": "plan_risk(..., result='cash_p10'): savings in the last month, a bad one in ten",
    "risk_cash_p50": "plan_risk(..., result='cash_p50'): savings in the last month, the median future",
    "risk_cash_p90": "plan_risk(..., result='cash_p90'): savings in the last month, a good one in ten",
    "risk_lowest_p10": "plan_risk(..., result='lowest_p10'): the lowest savings of a bad one in ten",
}
#: Profiles whose odds are computed between two reports of progress.
RISK_CHUNK = 500

#: The plan's arguments that are profile columns of the same name.
PLAN_ARGUMENTS = ("hourly_rate", "hours_per_week", "build_hours", "build_hours_per_week", "price",
                  "units_per_month", "business_costs", "personal_costs", "cash", "tax_rate", "margin",
                  "fee_rate", "monthly_costs", "maintenance_hours", "upfront_costs", "ramp_months",
                  "target_hours_per_week", "weeks_per_year")

#: Characters no name may hold: control characters (a line break or tab in a name breaks
#: the files it goes into; XML cannot hold most of them at all) and the code points that are
#: no characters.
CONTROL_CHARACTERS = CONTROL.pattern
_CONTROL_BUT_NUL = re.compile(r"[\x01-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_BLANK_TEXT = re.compile(r"\x00\s*\x00")
CONTROL_RULE = "must not contain control characters (tab, line break, escape, ...)"
MAX_TEXT = MAX_CELL_TEXT

#: The rule of a number written in a file that no double holds (``1e999``, 400 digits).
BEYOND_A_DOUBLE = "must be a number a double can hold (at most about 1.8e308)"

#: Columns of the problem table returned by :func:`validate`.
PROBLEM_COLUMNS = ["row", "column", "value", "rule"]
#: Longest number text quoted as it is in a message; longer ones are shortened.
MAX_NUMBER_SHOWN = 40


def validate(frame: pd.DataFrame) -> pd.DataFrame:
    """Every bad cell of a profile table, one line each (row, column, value, rule).

    ``row`` is the frame's index label (the file readers of
    :mod:`xlincome.profiles` make it the row number seen in the file).

    Raises
    ------
    ProfileSchemaError
        When required columns are missing: nothing can be checked then.
    """
    return checked_numbers(frame)[1]


def checked_numbers(frame: pd.DataFrame) -> tuple[dict[str, np.ndarray], pd.DataFrame]:
    """Every number column of the schema as floats (blanks set to their defaults), and
    the problem table of :func:`validate`.

    A column's values are meaningful only for rows absent from the problem
    table; ``volatility`` left blank stays NaN (not checked).

    Raises
    ------
    ProfileSchemaError
        When required columns are missing.
    """
    require_columns(frame)
    numbers: dict[str, np.ndarray] = {}
    problems: list[pd.DataFrame | None] = []
    for column in COLUMNS:
        if column.rule is None:
            problems.extend(_text_problems(frame, column))
            continue
        values, found = _column_numbers(frame, column)
        numbers[column.name] = values
        problems.extend(found)
    problems.extend(_cross_problems(frame, numbers))
    found = [table for table in problems if table is not None]
    table = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=PROBLEM_COLUMNS)
    return numbers, table.sort_values("row", kind="stable", ignore_index=True) if len(table) else table


def _problems(frame: pd.DataFrame, mask: np.ndarray, column: str, rule: str) -> pd.DataFrame | None:
    if not mask.any():
        return None
    raw = frame[column] if column in frame.columns else pd.Series(np.nan, index=frame.index)
    return pd.DataFrame({"row": frame.index[mask], "column": column,
                         "value": raw.to_numpy()[mask], "rule": rule})


def _blank(raw: pd.Series) -> np.ndarray:
    blank = raw.isna().to_numpy().copy()
    if raw.dtype.kind not in "fiub":
        blank |= raw.map(lambda v: isinstance(v, str) and not v.strip()).to_numpy(dtype=bool)
    return blank


def _text_problems(frame: pd.DataFrame, column: Column) -> list[pd.DataFrame | None]:
    """A text column: every cell given, and text (a number read from a file is made text first)
    that a spreadsheet cell can hold: no control characters, at most :data:`MAX_TEXT` characters."""
    raw = frame[column.name]
    if _plain_text(raw):
        return []
    blank = _blank(raw)
    if pd.api.types.infer_dtype(raw, skipna=True) in ("string", "empty"):
        is_text = ~raw.isna().to_numpy()  # every value given is text: no per-row look
    else:
        is_text = raw.map(lambda value: isinstance(value, str)).to_numpy(dtype=bool)
    text = raw.where(is_text, "").astype(str)
    control = is_text & text.str.contains(CONTROL_CHARACTERS, regex=True).to_numpy(dtype=bool)
    too_long = is_text & (text.str.len() > MAX_TEXT).to_numpy(dtype=bool)
    return [_problems(frame, blank, column.name, "is required"),
            _problems(frame, ~blank & ~is_text, column.name, "must be text"),
            _problems(frame, control, column.name, CONTROL_RULE),
            _problems(frame, too_long & ~control, column.name, f"must be at most {MAX_TEXT:,} characters "
                                                                 "(what a spreadsheet cell holds)")]


def _plain_text(raw: pd.Series) -> bool:
    """True when every cell is text, not blank, without control characters and short enough
    for a cell: checked on all the texts joined (one pass in C), not one cell at a time."""
    if raw.isna().any() or pd.api.types.infer_dtype(raw, skipna=True) != "string":
        return False
    texts = raw.to_numpy()
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1 or _CONTROL_BUT_NUL.search(joined):
        return False
    if _BLANK_TEXT.search(f"\x00{joined}\x00"):
        return False
    return len(joined) <= MAX_TEXT or max(map(len, texts)) <= MAX_TEXT


def _column_numbers(frame: pd.DataFrame, column: Column) -> tuple[np.ndarray, list[pd.DataFrame | None]]:
    """One column as floats with blanks set to the default, and its problems."""
    if column.name not in frame.columns:
        fill = np.nan if column.default is None else column.default
        return np.full(len(frame), fill, dtype=np.float64), []
    raw = frame[column.name]
    values, not_number = to_numbers(raw, frame.attrs.get("decimal", "."), column.rule.percent)
    blank = np.isnan(values) & ~not_number
    found = [_problems(frame, not_number, column.name, "must be a number")]
    if column.required:
        found.append(_problems(frame, blank, column.name, "is required"))
    elif column.default is not None:
        values = np.where(blank, column.default, values)
    beyond = ~blank & ~not_number & np.isinf(values)  # text such as 1e999 or 400 digits
    found.append(_problems(frame, beyond, column.name, BEYOND_A_DOUBLE))
    checked = ~blank & ~not_number & ~beyond
    found.append(_problems(frame, checked & column.rule.outside(values), column.name, column.rule.text))
    return values, found


def _cross_problems(frame: pd.DataFrame, numbers: dict[str, np.ndarray]) -> list[pd.DataFrame | None]:
    """Rules between columns: the target band's order, and costs for reserve months."""
    with np.errstate(invalid="ignore", over="ignore"):
        band = numbers["target_low"] > numbers["target_high"]
        no_costs = numbers["business_costs"] + numbers["personal_costs"] <= 0
    return [
        _problems(frame, band, "target_low", "must be <= target_high"),
        _problems(frame, no_costs, model.NO_COSTS.argument, model.NO_COSTS.rule),
    ]


def checked_risk(frame: pd.DataFrame, given: dict[str, float] | None = None
                 ) -> tuple[dict[str, np.ndarray], pd.DataFrame]:
    """The risk columns (:data:`~xlincome.profiles.schema.RISK_COLUMNS`) as floats, and their problems.

    A value in ``given`` (``client_cv=0.5``) stands for its whole column,
    whatever the file holds; otherwise the column is read like the others
    (absent or blank: the default).
    """
    given = given or {}
    numbers: dict[str, np.ndarray] = {}
    found: list[pd.DataFrame | None] = []
    for column in RISK_COLUMNS:
        if column.name in given:
            numbers[column.name] = np.full(len(frame), float(given[column.name]))
            continue
        numbers[column.name], problems = _column_numbers(frame, column)
        found.extend(problems)
    whole = numbers["loss_months"] != np.floor(numbers["loss_months"])
    if "loss_months" not in given:
        found.append(_problems(frame, whole & np.isfinite(numbers["loss_months"]), "loss_months",
                               f"must be a whole number in [1, {model.PLAN_MAX_MONTHS}]"))
    tables = [table for table in found if table is not None]
    return numbers, pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=PROBLEM_COLUMNS)


def evaluate(frame: pd.DataFrame, risk: dict[str, float] | None = None, progress=None) -> pd.DataFrame:
    """The model's results for every profile of a table, computed vectorized.

    Parameters
    ----------
    frame : DataFrame
        One row per freelancer profile, columns named after the model's
        arguments (see ``docs/profiles.md``); optional columns may be absent
        or blank and take their defaults; unknown columns are ignored.
    risk : dict, optional
        Also the plan's odds (the :data:`RISK_RESULTS` columns): ``trials``
        and ``seed`` of :func:`~xlincome.model.plan_risk`, and any risk
        argument that stands for its whole column (see :func:`checked_risk`).
    progress : callable, optional
        ``progress(done, total)``, called as the odds of each
        :data:`RISK_CHUNK` profiles are computed.

    Returns
    -------
    DataFrame
        Indexed like ``frame``: ``name``, the :data:`RESULTS` columns, and
        ``error``, which is ``None`` for a good row and, for a bad row, every
        problem of that row (its results are left empty).  The problem table
        of :func:`validate` is in ``result.attrs["problems"]``.

    Raises
    ------
    ProfileSchemaError
        When required columns are missing.

    Examples
    --------
    >>> profiles = pd.DataFrame({"name": ["Ana", "Bo"], "business_costs": [1500, 900],
    ...     "personal_costs": [3600, -1], "tax_rate": [0.25, 0.2], "hourly_rate": [125, 90],
    ...     "hours_per_week": [30, 25], "build_hours": [120, 80], "price": [99, 49],
    ...     "units_per_month": [30, 20]})
    >>> results = evaluate(profiles)
    >>> float(results.loc[0, "revenue_floor"]), results.loc[0, "phase_label"]
    (6300.0, 'Phase 1: Build and test product')
    >>> results.loc[1, "error"]
    'personal_costs must be >= 0, got -1'
    """
    numbers, problems = checked_numbers(frame)
    if risk is not None:
        risk_numbers, risk_problems = checked_risk(frame, {k: v for k, v in risk.items() if k not in ("trials", "seed")})
        numbers.update(risk_numbers)
        if len(risk_problems):
            problems = _sorted(pd.concat([problems, risk_problems], ignore_index=True))
    try:
        good, computed = _computed(frame, numbers, problems)
    except InputError:
        problems = _sorted(pd.concat([problems, _model_problems(frame, numbers, problems)], ignore_index=True))
        good, computed = _computed(frame, numbers, problems)
    beyond = pd.DataFrame(columns=PROBLEM_COLUMNS)
    if risk is not None:
        odds, failed = _risk_results({column: values[good] for column, values in numbers.items()}, risk, progress)
        computed.update(odds)
        if failed:  # odds beyond a float: those rows keep their other results, their risk columns empty
            rows = frame.index[np.flatnonzero(good)[[position for position, _ in failed]]]
            beyond = pd.DataFrame({"row": rows, "column": "risk", "value": None,
                                   "rule": [f"{error.argument} {error.rule}" for _, error in failed]})
            problems = _sorted(pd.concat([problems, beyond], ignore_index=True))
    columns = {"name": frame["name"].to_numpy()}
    for column, values in computed.items():
        if good.all():
            columns[column] = values
        else:
            columns[column] = np.full(len(frame), None if values.dtype == object else np.nan,
                                      dtype=values.dtype if values.dtype == object else np.float64)
            columns[column][good] = values
    columns["error"] = np.full(len(frame), None, dtype=object)
    flagged = ~good | frame.index.isin(beyond["row"])
    if flagged.any():
        columns["error"][flagged] = _row_messages(problems).reindex(frame.index[flagged]).to_numpy()
    results = pd.DataFrame(columns, index=frame.index)
    results.attrs["problems"] = problems
    return results


def _good_rows(frame: pd.DataFrame, problems: pd.DataFrame) -> np.ndarray:
    """Mask of the rows with no problem."""
    return ~frame.index.isin(problems["row"]) if len(problems) else np.ones(len(frame), dtype=bool)


def _computed(frame: pd.DataFrame, numbers: dict[str, np.ndarray],
              problems: pd.DataFrame) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The good rows' mask and their results, in one vectorized model pass."""
    good = _good_rows(frame, problems)
    return good, _results({column: values[good] for column, values in numbers.items()})


def _model_problems(frame: pd.DataFrame, numbers: dict[str, np.ndarray], problems: pd.DataFrame) -> pd.DataFrame:
    """The rows the model refuses although every value keeps its rule: a result beyond the
    largest float (:class:`~xlincome.errors.TooLargeError`).  Found row by row, which only
    happens when the vectorized pass failed, so the other rows are still computed."""
    found = []
    for position in np.flatnonzero(_good_rows(frame, problems)):
        try:
            _results({column: values[position:position + 1] for column, values in numbers.items()})
        except InputError as error:
            found.append({"row": frame.index[position], "column": error.argument, "value": None, "rule": error.rule})
    return pd.DataFrame(found, columns=PROBLEM_COLUMNS)


def _sorted(problems: pd.DataFrame) -> pd.DataFrame:
    return problems.sort_values("row", kind="stable", ignore_index=True)


def _results(p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The model over good rows only (every argument already within its domain).

    The plan, most of the work, is simulated on a thread of its own while the
    other results are worked out (numpy lets go of the GIL in its loops).
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        planned = pool.submit(model.plan_summaries, **{name: p[name] for name in PLAN_ARGUMENTS}, months=PLAN_MONTHS)
        others = _snapshot_results(p)
        plan = planned.result()
    return {**others, **{f"plan_{name}": plan[name] for name in model.PLAN_SUMMARIES}}


def _snapshot_results(p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every result but the plan's: this month's floor, income, break-even, mix and phase."""
    floor = model.revenue_floor(p["business_costs"], p["personal_costs"], p["tax_rate"], p["margin"])
    service = model.service_income(p["hourly_rate"], p["hours_per_week"], p["weeks_per_year"])
    product = {name: p[name] for name in ("build_hours", "hourly_rate", "price", "fee_rate",
                                          "monthly_costs", "maintenance_hours", "upfront_costs")}
    reserve = model.reserve_months(p["cash"], p["business_costs"] + p["personal_costs"])
    streams = np.column_stack([service, p["product_income"]])
    mix = model.hybrid_mix(streams, ["service", "product"], p["target_low"], p["target_high"],
                           result="table")
    phase = dict(service_income=service, product_income=p["product_income"], revenue_floor=floor,
                 months_sustained=p["months_sustained"], reserve_months=reserve,
                 volatility=p["volatility"])
    number = model.phase_status(**phase, result="phase")
    return {
        "revenue_floor": floor,
        "service_income": service,
        "required_rate": model.required_rate(floor, p["hours_per_week"], p["weeks_per_year"]),
        "hours_needed": model.hours_needed(floor, p["hourly_rate"], p["weeks_per_year"]),
        "reserve_months": reserve,
        "product_breakeven": model.product_breakeven(units_per_month=p["units_per_month"], **product),
        "breakeven_units": model.breakeven_units(horizon_months=p["horizon_months"], **product),
        "scalable_share": mix["share"],
        "mix_status": mix["status"],
        "mix_gap": mix["gap"],
        "effective_streams": mix["effective streams"],
        "phase": number,
        "phase_label": np.array(model.PHASE_TITLES, dtype=object)[number],
        "next_step": model.phase_status(**phase, result="next"),
    }


def _risk_results(p: dict[str, np.ndarray], risk: dict[str, float], progress
                  ) -> tuple[dict[str, np.ndarray], list[tuple[int, InputError]]]:
    """The plan's odds over good rows, :data:`RISK_CHUNK` profiles at a time (memory stays that
    of a chunk), and the positions whose odds the model refused (beyond a float), with why."""
    count = len(p["hourly_rate"])
    out = {column: np.full(count, np.nan) for column in RISK_RESULTS}
    failed: list[tuple[int, InputError]] = []
    arguments = (*PLAN_ARGUMENTS, *(column.name for column in RISK_COLUMNS))
    settings = dict(months=PLAN_MONTHS, trials=risk.get("trials", model.RISK_DEFAULTS["trials"]),
                    seed=risk.get("seed", model.RISK_DEFAULTS["seed"]))

    def fill(start: int, stop: int) -> None:
        odds = model.risk_summaries(**{name: p[name][start:stop] for name in arguments}, **settings)
        for name in model.RISK_SUMMARIES:
            out[f"risk_{name}"][start:stop] = odds[name]

    for start in range(0, count, RISK_CHUNK):
        stop = min(count, start + RISK_CHUNK)
        try:
            fill(start, stop)
        except InputError:  # found row by row, so that the chunk's other rows are still computed
            for position in range(start, stop):
                try:
                    fill(position, position + 1)
                except InputError as error:
                    failed.append((position, error))
        if progress is not None:
            progress(stop, count)
    return out, failed


def problem_message(column: str, rule: str, value: object) -> str:
    """One problem in words: ``price must be > 0, got 0`` (no "got" for a blank)."""
    return f"{column} {rule}{_got(value)}"


def _row_messages(problems: pd.DataFrame) -> pd.Series:
    """One message per bad row: every problem of the row, joined by '; '."""
    if not len(problems):
        return pd.Series(dtype=object)
    texts = [problem_message(p.column, p.rule, p.value) for p in problems.itertuples(index=False)]
    return pd.Series(texts, index=problems.index).groupby(problems["row"], sort=False).agg("; ".join)


def _got(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, str) and len(value) <= MAX_NUMBER_SHOWN and _reads_as_number(value):
        return f", got {value}"
    return f", got {shown(value)}"


def _reads_as_number(text: str) -> bool:
    """True for text a file held for a number (``"-5"`` from a CSV): shown without quotes."""
    try:
        float(text)
    except ValueError:
        return False
    return text == text.strip()
