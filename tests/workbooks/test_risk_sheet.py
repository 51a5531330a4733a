"""The Risk sheet computes PLAN_RISK in every spreadsheet engine: the same draws as Python, exactly,
and the same odds, percentiles and bands to 1e-9.

Every workbook of the module is written first (the transition_plan template as built, with
MODEL.md's kw1 and the default risks; the income plan filled through ``personalize`` for the
other sets), then each engine recalculates them all in one batch (the parity suite's ``engine``
fixture: one ``soffice`` call, ``ssconvert`` side by side).  The odds and bands expected are
``xlincome.model.plan_risk``'s (the ``risk_reference`` fixture); each trial's months and draws are
those of the plain loop of ``risk_reference.py``, itself held to the model below.
"""

from __future__ import annotations

import io

import pytest
import risk_reference as reference
from openpyxl.utils import get_column_letter
from test_templates_parity import Computed, engine, summary  # noqa: F401 (fixtures)

from openpyxl import load_workbook
from xlincome import model
from xlincome.functions import PLAN_KW1, PLAN_KW2
from xlincome.profiles import PLAN_MONTHS
from xlincome.workbooks.personalize import Template
from xlincome.workbooks.templates import build, risk_sheet, risk_trials
from xlincome.workbooks.templates.income_plan import EXAMPLE as PROFILE
from xlincome.workbooks.templates.plan_sheet import INPUTS as PLAN_INPUTS
from xlincome.workbooks.templates.transition_plan import EXAMPLE as TRANSITION_EXAMPLE

TRIALS, P = risk_trials.TRIALS, risk_trials.PRIME
SUMMARIES = ("ruin", "below_floor", "rebalance", "cash_p10", "cash_p50", "cash_p90", "lowest_p10")
TABLE = risk_sheet.BAND_COLUMNS[1:]
_PLAN_DEFAULTS = dict(cash=0.0, tax_rate=0.0, margin=0.0, fee_rate=0.0, monthly_costs=0.0, maintenance_hours=0.0,
                      upfront_costs=0.0, ramp_months=1.0, target_hours_per_week=None, weeks_per_year=48.0)


def _plan(**values) -> dict:
    return {**_PLAN_DEFAULTS, **values}


#: The income-plan sets: (plan arguments, risk inputs as written, None a blank).
CASES = {
    # kw1 with every risk input blank: the defaults, the same futures as the transition_plan template's
    "kwblank": (_plan(**PLAN_KW1), dict.fromkeys(risk_sheet.DEFAULTS)),
    # a thin cushion and a big client that leaves: savings run out in many futures
    "risky": (_plan(**{**PLAN_KW1, "cash": 4000, "upfront_costs": 1500}),
              dict(client_cv=0.45, sales_cv=0.5, launch_cv=0.9, client_loss=0.08, loss_share=0.6, loss_months=4,
                   seed=2 ** 31 - 1)),
    # nothing random: every trial is the plan
    "certain": (_plan(**PLAN_KW2), dict(client_cv=0, sales_cv=0, launch_cv=0, client_loss=0, loss_share=0.5,
                                        loss_months=3, seed=7)),
    # the seed's part below the prime 0 (seed = P), one-month losses, no target: savings run out in some futures
    "seedprime": (_plan(**{**PLAN_KW1, "cash": 5000, "target_hours_per_week": None}),
                  dict(client_cv=0.3, sales_cv=0.2, launch_cv=0.5, client_loss=0.05, loss_share=1, loss_months=1,
                       seed=P)),
    # seed 0, fees, upkeep and a slow ramp
    "seedzero": (_plan(hourly_rate=70, hours_per_week=35, build_hours=200, build_hours_per_week=10, price=149,
                       units_per_month=25, business_costs=900, personal_costs=3200, cash=12000, tax_rate=0.3,
                       margin=0.05, fee_rate=0.1, monthly_costs=60, maintenance_hours=6, ramp_months=5,
                       target_hours_per_week=25, weeks_per_year=46),
                 dict(client_cv=0.2, sales_cv=0.6, launch_cv=0.3, client_loss=0.02, loss_share=0.4, loss_months=6,
                      seed=0)),
    # the other seeds of the generator's grid: 42, and the largest seed below the prime
    "seedfortytwo": (_plan(**PLAN_KW2), {**risk_sheet.DEFAULTS, "client_loss": 0.04, "seed": 42}),
    "seedbelowprime": (_plan(**PLAN_KW1), {**risk_sheet.DEFAULTS, "seed": P - 1}),
}
#: Bad inputs (on kw1) and the text every result shows.
BAD = {
    "badcv": ({"client_cv": -0.1}, "client_cv must be in [0, 10]; for 10 % write 0.10 or 10%"),
    "badmonths": ({"loss_months": 2.5}, "loss_months must be a whole number in [1, 120]"),
    "badseed": ({"seed": 2 ** 31}, "seed must be a whole number in [0, 2147483648)"),
    "badloss": ({"client_loss": "often"}, "client_loss must be in [0, 1]; for 10 % write 0.10 or 10%"),
    "badplan": ({"price": 0}, "price must be > 0"),
}
RESULT_NAMES = [f"risk_{result}" for result in SUMMARIES]


def _profile(plan: dict) -> dict:
    """The income plan's profile columns for a plan (the other columns as its example)."""
    return {**PROFILE, **{name: plan[name] for name, _, _ in PLAN_INPUTS}}


def _risk(inputs: dict) -> dict:
    """The risk arguments the sheet uses: a blank takes its default."""
    return {name: risk_sheet.DEFAULTS[name] if inputs.get(name) is None else inputs[name]
            for name in risk_sheet.DEFAULTS}


@pytest.fixture(scope="module")
def risk_reference():
    """What PLAN_RISK gives for (plan arguments, risk arguments) at the sheet's trials and months:
    ``{result: value}`` for every summary, and ``table`` (rows of the month table)."""
    def expected(plan: dict, risk: dict) -> dict:
        return {result: model.plan_risk(**plan, **risk, trials=TRIALS, months=PLAN_MONTHS, result=result)
                for result in (*SUMMARIES, "table")}
    return expected


def _table_value(table, month: int, column: str) -> float:
    """A month (from 1) of the month table, a list of rows or a DataFrame."""
    return float(table.iloc[month - 1][column]) if hasattr(table, "iloc") else float(table[month - 1][column])


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    root = tmp_path_factory.mktemp("risk")
    folder = root / "in"
    folder.mkdir()
    paths = {"kwone": folder / "kwone.xlsx"}
    build("transition_plan").save(paths["kwone"])
    buffer = io.BytesIO()
    build("income_plan").save(buffer)
    buffer.seek(0)
    template = Template(buffer, optional=True)
    for key, (plan, risk) in CASES.items():
        paths[key] = folder / f"{key}.xlsx"
        paths[key].write_bytes(template.fill(f"Case {key}", {**_profile(plan), **risk}))
    for key, (change, _) in BAD.items():
        plan = _plan(**PLAN_KW1)
        values = {**_profile(plan), **{k: v for k, v in change.items() if k in plan}}
        paths[key] = folder / f"{key}.xlsx"
        paths[key].write_bytes(template.fill(key, {**values, **{k: v for k, v in change.items() if k not in plan}}))
    shapes = {"transition_plan": load_workbook(paths["kwone"]), "income_plan": load_workbook(paths["kwblank"])}

    def read(results: dict) -> dict:
        return {"computed": {key: Computed(shapes["transition_plan" if key == "kwone" else "income_plan"],
                                           results[path]) for key, path in paths.items()}}

    return {"root": root, "files": list(paths.values()), "read": read}


def _cases():
    yield "kwone", _plan(**{**TRANSITION_EXAMPLE}), dict(risk_sheet.DEFAULTS)
    for key, (plan, risk) in CASES.items():
        yield key, plan, _risk(risk)


def test_reference_with_every_factor_one_is_the_model_transition_plan():
    """The reference's month loop is TRANSITION_PLAN's: with nothing random, every trial is the plan."""
    certain = dict(client_cv=0, sales_cv=0, launch_cv=0, client_loss=0, loss_share=0.5, loss_months=3, seed=1)
    for plan in (_plan(**PLAN_KW1), _plan(**PLAN_KW2), CASES["seedzero"][0]):
        table = model.transition_plan(**plan, months=PLAN_MONTHS, result="table")
        for row in reference.one_trial(plan, certain, 3, PLAN_MONTHS):
            for column in ("client_hours", "service_income", "units", "product_income", "total_income", "cash",
                           "phase"):
                assert row[column] == pytest.approx(float(table[column].iloc[row["month"] - 1]), rel=1e-12,
                                                    abs=1e-9), (column, row["month"])


def test_reference_draws_stay_exact_in_a_double():
    """Every intermediate of the generator below 2^53 and every quotient below 2^27 (Python integers),
    at the seeds' edges and the largest trial and month."""
    for seed in (0, 1, P - 1, P, 2 ** 31 - 1):
        for trial in (1, 2, 99_999, 100_000):
            for month in (0, 1, 119, 120):
                for kind in range(4):
                    assert 0 <= reference.draw(seed, trial, month, kind) < P


def test_the_sheets_results_and_bands_equal_plan_risk(engine, risk_reference):
    for key, plan, risk in _cases():
        computed = engine["computed"][key]
        expected = risk_reference(plan, risk)
        for result in SUMMARIES:
            engine["same"](computed[f"risk_{result}"], expected[result], f"{key} risk_{result}")
        assert computed["risk_trials"] == TRIALS
        for month in range(1, PLAN_MONTHS + 1):
            for offset, column in enumerate(TABLE, start=1):
                got = computed.cell("Risk", f"{get_column_letter(risk_sheet.BAND_COLUMN + offset)}"
                                            f"{risk_sheet.BAND_FIRST + month - 1}")
                engine["same"](got, _table_value(expected["table"], month, column), f"{key} month {month} {column}")


def test_every_trial_month_by_month_equals_the_reference(engine):
    """Each trial's savings, client hours and phase in every month (an independent loop)."""
    for key, plan, risk in _cases():
        computed = engine["computed"][key]
        runs = reference.plan_risk(plan, risk, TRIALS, PLAN_MONTHS)["runs"]
        for trial, run in enumerate(runs, start=1):
            for row in run:
                for column in ("cash", "client_hours", "units", "total_income", "phase"):
                    got = computed.cell("Risk", _step_cell(column, trial, row["month"]))
                    engine["same"](got, row[column], f"{key} trial {trial} month {row['month']} {column}")


def test_the_draws_equal_pythons_exactly(engine):
    """The integer draws of every (trial, month, kind) of the sheet, for seeds 0, 1, 7, 42, P - 1, P and
    2^31 - 1, equal Python's."""
    launch_column = risk_trials.LABEL_COLUMN + list(risk_trials.TRIAL_COLUMNS).index("launch_draw")
    seen = 0
    for key, plan, risk in _cases():
        computed, seed = engine["computed"][key], int(risk["seed"])
        for trial in range(1, TRIALS + 1):
            row = risk_sheet.TRIAL_ROWS[0] + trial - 1
            assert computed.cell("Risk", f"{get_column_letter(launch_column)}{row}") == reference.draw(
                seed, trial, 0, 0), (key, trial)
            for month in range(1, PLAN_MONTHS + 1):
                for kind, name in ((1, "client_draw"), (2, "sales_draw"), (3, "loss_draw")):
                    got = computed.cell("Risk", _step_cell(name, trial, month))
                    assert got == reference.draw(seed, trial, month, kind), (key, trial, month, kind)
                    seen += 1
        for trial in (1, TRIALS):
            for month in (1, PLAN_MONTHS):
                expected = reference.lognormal(risk["client_cv"], reference.draw(seed, trial, month, 1))
                got = computed.cell("Risk", _step_cell("client_factor", trial, month))
                assert got == pytest.approx(expected, rel=1e-13), (key, trial, month)
    assert seen == (len(CASES) + 1) * TRIALS * PLAN_MONTHS * 3


def test_with_nothing_random_every_future_is_the_plan(engine):
    computed = engine["computed"]["certain"]
    plan = CASES["certain"][0]
    lowest = model.transition_plan(**plan, months=PLAN_MONTHS, result="lowest_cash")
    table = model.transition_plan(**plan, months=PLAN_MONTHS, result="table")
    final = float(table["cash"].iloc[-1])
    for name in ("risk_cash_p10", "risk_cash_p50", "risk_cash_p90"):
        engine["same"](computed[name], final, name)
    engine["same"](computed["risk_lowest_p10"], lowest, "risk_lowest_p10")
    engine["same"](computed["risk_ruin"], 1.0 if lowest < 0 else 0.0, "risk_ruin")


def test_bad_inputs_show_their_rule_in_every_result(engine):
    for key, (_, message) in BAD.items():
        computed = engine["computed"][key]
        for name in RESULT_NAMES:
            assert computed[name] == message, (key, name)
        assert computed["risk_status"] == message
        assert computed.cell("Risk", f"{get_column_letter(risk_sheet.BAND_COLUMN + 1)}{risk_sheet.BAND_FIRST}") \
            is None, "the bands stay empty"


def _expected_status(ruin: float) -> str:
    level = "Good" if ruin < risk_sheet.RUIN_GOOD else "Watch" if ruin <= risk_sheet.RUIN_WATCH else "Act"
    return risk_sheet.RUIN_STATUS[level]


def test_the_status_says_good_watch_or_act_by_the_odds(engine, risk_reference):
    levels = set()
    for key, plan, risk in _cases():
        computed = engine["computed"][key]
        ruin = risk_reference(plan, risk)["ruin"]
        assert computed["risk_status"] == _expected_status(ruin), key
        levels.add(computed["risk_status"].split(":")[0])
        if key != "kwone":  # the income plan's Dashboard shows the same odds and status
            row = _dashboard_risk_row(computed)
            assert computed.cell("Dashboard", f"C{row}") == _expected_status(ruin)
            assert computed.cell("Dashboard", f"B{row}") == pytest.approx(ruin)
    assert levels == {"Good", "Watch", "Act"}, "the sets show every colour"


def _dashboard_risk_row(computed) -> int:
    ws = computed.workbook["Dashboard"]
    return next(row for row in range(1, 30) if ws[f"A{row}"].value == "Odds your savings run out")


def _step_cell(key: str, trial: int, month: int) -> str:
    """The cell of step table ``key`` for a trial in a month (both from 1)."""
    return f"{get_column_letter(risk_trials.MONTH_COLUMN + month - 1)}{risk_sheet.TABLE_ROWS[key] + trial - 1}"


def test_the_reference_is_the_model(risk_reference):
    """The plain loop of ``risk_reference.py`` gives plan_risk's odds, percentiles and bands."""
    for key, plan, risk in _cases():
        loop, expected = reference.plan_risk(plan, risk, TRIALS, PLAN_MONTHS), risk_reference(plan, risk)
        for result in SUMMARIES:
            assert loop[result] == pytest.approx(float(expected[result]), rel=1e-12, abs=1e-9), (key, result)
        for month in range(1, PLAN_MONTHS + 1):
            for column in model.RISK_COLUMNS[1:]:
                assert _table_value(loop["table"], month, column) == pytest.approx(
                    _table_value(expected["table"], month, column), rel=1e-12, abs=1e-9), (key, month, column)
