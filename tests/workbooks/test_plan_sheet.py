"""The Plan sheet computes what ``xlincome.model.transition_plan`` computes, month by month,
in every spreadsheet engine.

Random valid plans (and MODEL.md's ``kw1`` and ``kw2``, and bad inputs) are
written into the standalone ``transition_plan`` template's named inputs, and
all the workbooks are recalculated by each engine in one batch through the
parity suite's ``engine`` fixture (LibreOffice in one ``soffice`` call,
Gnumeric's ``ssconvert`` one process per file, side by side, IronCalc in this
process).  Each month of
the table and each summary cell is compared with the Python model to 1e-9
relative; the values count in the engine's line of the terminal summary.
The income plan's own Plan sheet, which reads the other inputs by their names
from its other sheets, is checked month by month the same way for random
profiles (its ``plan_*`` results are also held to ``batch.evaluate`` by the
parity suite).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from test_templates_parity import Computed, _write, engine, profile_inputs, summary  # noqa: F401 (fixtures)

from xlincome import batch, model
from xlincome.functions import PLAN_KW1, PLAN_KW2
from xlincome.profiles import PLAN_MONTHS
from xlincome.workbooks.templates import write_templates
from xlincome.workbooks.templates.package import save_untyped_blanks
from xlincome.workbooks.templates.plan_sheet import FIRST_ROW, INPUTS, column_of

#: Random plans in every engine (the issue asks for at least 100).
SETS = 120
#: Random profiles whose income plan's Plan sheet is checked month by month.
PROFILE_SETS = 40
#: Optional inputs a random plan sometimes leaves blank (they take their defaults).
OPTIONAL = ("cash", "tax_rate", "margin", "fee_rate", "monthly_costs", "maintenance_hours", "upfront_costs",
            "ramp_months", "target_hours_per_week", "weeks_per_year", "build_hours_per_week")
#: Inputs that break a rule, and the message every summary cell shows.
BAD = {
    "badramp": ({"ramp_months": 0.5}, "ramp_months must be >= 1"),
    "badprice": ({"price": "lots"}, "price must be > 0"),
    "badcosts": ({"business_costs": 0, "personal_costs": 0},
                 str(model.NO_COSTS)),
    "badtarget": ({"target_hours_per_week": -1}, "target_hours_per_week must be >= 0 or blank"),
    "badrate": ({"hourly_rate": None}, "hourly_rate must be > 0"),
}
SUMMARY_NAMES = {f"plan_{result}": result for result in model.PLAN_SUMMARIES}


def plan_inputs(rng) -> dict:
    values = {
        "hourly_rate": rng.uniform(20, 250), "hours_per_week": rng.uniform(5, 50),
        "build_hours": rng.uniform(0, 300) * (rng.random() > 0.05),
        "build_hours_per_week": rng.uniform(0, 16) * (rng.random() > 0.1),
        "price": rng.uniform(5, 500), "units_per_month": rng.uniform(0, 200),
        "business_costs": rng.uniform(0, 4000), "personal_costs": rng.uniform(100, 7000),
        "cash": rng.uniform(0, 60000), "tax_rate": rng.uniform(0, 0.5), "margin": rng.uniform(0, 0.3),
        "fee_rate": rng.uniform(0, 0.3), "monthly_costs": rng.uniform(0, 500), "maintenance_hours": rng.uniform(0, 20),
        "upfront_costs": rng.uniform(0, 5000), "ramp_months": rng.uniform(1, 8),
        "target_hours_per_week": rng.uniform(0, 35), "weeks_per_year": rng.uniform(30, 52),
    }
    values = {name: float(value) for name, value in values.items()}
    for name in OPTIONAL:
        if rng.random() < 0.1:
            values[name] = None
    return values


def model_arguments(inputs: dict) -> dict:
    """The model's arguments for the workbook's inputs: a blank takes the workbook's default."""
    defaults = {"build_hours_per_week": 8.0, "ramp_months": 1.0, "weeks_per_year": 48.0}
    return {name: (defaults.get(name, None if name == "target_hours_per_week" else 0.0) if value is None else value)
            for name, value in inputs.items()}


def _kw(example: dict) -> dict:
    """A MODEL.md example as the template's inputs (every input named, blanks as None)."""
    return {name: example.get(name) for name, _, _ in INPUTS}


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    """The plans of the run, one workbook each, written once for every engine (the parity
    suite's ``engine`` fixture recalculates them): read back as ``{key: (inputs, computed)}``."""
    root = tmp_path_factory.mktemp("plan")
    template = next(path for path in write_templates(root / "templates", risk=False) if path.stem == "transition_plan")
    rng = np.random.default_rng(20261126)
    cases = {f"random{index:03d}": plan_inputs(rng) for index in range(SETS)}
    cases["kwone"], cases["kwtwo"] = _kw(PLAN_KW1), _kw(PLAN_KW2)
    for key, (change, _) in BAD.items():
        cases[key] = {**_kw(PLAN_KW1), **change}
    paths = {}
    (root / "in").mkdir()
    for key, inputs in cases.items():
        workbook = load_workbook(template)
        _write(workbook, inputs)
        paths[key] = root / "in" / f"{key}.xlsx"
        save_untyped_blanks(workbook, paths[key])
    shape = load_workbook(template)
    income_plan = next(path for path in (root / "templates").glob("income_plan.xlsx"))
    profiles, profile_paths = [], []
    for index in range(PROFILE_SETS):
        profiles.append(profile_inputs(rng))
        workbook = load_workbook(income_plan)
        _write(workbook, profiles[-1])
        profile_paths.append(root / "in" / f"profile{index:03d}.xlsx")
        save_untyped_blanks(workbook, profile_paths[-1])
    income_shape = load_workbook(income_plan)

    def read(results: dict) -> dict:
        return {"plans": {key: (cases[key], Computed(shape, results[paths[key]])) for key in cases},
                "profiles": [(inputs, Computed(income_shape, results[path]))
                             for inputs, path in zip(profiles, profile_paths)]}

    return {"root": root, "files": [*paths.values(), *profile_paths], "read": read}


def month_cell(computed: Computed, month: int, column: str):
    """The value of ``column`` of the month table (or a helper column) in ``month`` (from 1)."""
    return computed.cell("Plan", f"{get_column_letter(column_of(column))}{FIRST_ROW + month - 1}")


def assert_plan(engine, inputs: dict, computed: Computed, where: str, arguments: dict | None = None) -> None:
    """Every month of the table and every summary equal to the model's (for ``arguments``,
    or the template's ``inputs`` with their blanks at the template's defaults)."""
    arguments = model_arguments(inputs) if arguments is None else arguments
    table = model.transition_plan(**arguments, months=PLAN_MONTHS, result="table")
    for month in range(1, PLAN_MONTHS + 1):
        for column in model.PLAN_COLUMNS:
            engine["same"](month_cell(computed, month, column), float(table[column].iloc[month - 1]),
                           f"{where}: month {month} {column} for {inputs}")
    for name, result in SUMMARY_NAMES.items():
        expected = model.transition_plan(**arguments, months=PLAN_MONTHS, result=result)
        engine["same"](computed[name], expected, f"{where}: {name} for {inputs}")


def test_random_plans_match_the_model_month_by_month(engine):
    phases, launches, rebalances = set(), set(), set()
    randoms = {key: plan for key, plan in engine["plans"].items() if key.startswith("random")}
    assert len(randoms) == SETS >= 100
    for key, (inputs, computed) in randoms.items():
        assert_plan(engine, inputs, computed, key)
        phases.add(computed["plan_final_phase"])
        launches.add(isinstance(computed["plan_launch"], float))
        rebalances.add(isinstance(computed["plan_rebalance"], float))
    assert len(phases) >= 3, "the random plans end in several phases"
    assert launches == rebalances == {True, False}, "some plans never launch, some never cut client hours"


def test_model_md_examples_hold_in_the_workbook(engine):
    same = engine["same"]
    kw1 = engine["plans"]["kwone"][1]
    assert_plan(engine, _kw(PLAN_KW1), kw1, "kw1")
    assert (kw1["plan_launch"], kw1["plan_breakeven"], kw1["plan_rebalance"]) == (5, 9, 10)
    assert kw1["plan_lowest_cash"] == 18975 and kw1["plan_lowest_month"] == 1
    assert kw1["plan_final_phase"] == "Phase 4: Optimize hybrid structure"
    # month 5: 8 build hours a week done, 29 client hours (upkeep 4 h a month), 26,438.125 saved
    assert [month_cell(kw1, 5, column) for column in ("client_hours", "service_income", "phase")] == [29, 11600, 1]
    same(month_cell(kw1, 5, "cash"), 26438.125, "kw1 month 5 cash")
    # month 10: cut to the 20-hour target, phase 3
    assert [month_cell(kw1, 10, column) for column in ("client_hours", "service_income", "phase")] == [20, 8000, 3]
    same(month_cell(kw1, 10, "cash"), 51871.875, "kw1 month 10 cash")
    same(kw1["plan_summary"], "launches in month 5, pays back in month 9, lowest savings 18,975 in month 1, "
         "you can cut to 20 hours from month 10", "kw1 in words")
    kw2 = engine["plans"]["kwtwo"][1]
    assert_plan(engine, _kw(PLAN_KW2), kw2, "kw2")
    assert (kw2["plan_launch"], kw2["plan_breakeven"], kw2["plan_rebalance"]) == (5, 11, "never")
    assert kw2["plan_below_floor"] == 0 and kw2["plan_final_phase"] == "Phase 1: Build and test product"
    same(kw2["plan_final_share"], 0.198396793587174, "kw2 final share")


@pytest.mark.parametrize("key", sorted(BAD))
def test_a_broken_rule_shows_in_every_summary_and_the_table_stays_empty(engine, key):
    computed = engine["plans"][key][1]
    message = BAD[key][1]
    for name in (*SUMMARY_NAMES, "plan_lowest_month", "plan_summary"):
        engine["same"](computed[name], message, f"{key}: {name}")
    for column in model.PLAN_COLUMNS[1:]:
        assert month_cell(computed, 1, column) is None, f"{key}: month 1 {column} stays empty"


def test_the_income_plans_plan_sheet_matches_the_model_for_random_profiles(engine):
    """The Plan sheet of income_plan.xlsx reads the profile's inputs from the other sheets; a
    blank takes the profile's default there, as ``batch`` fills it."""
    profiles = engine["profiles"]
    frame = pd.DataFrame([{"name": f"Person {index}", **inputs} for index, (inputs, _) in enumerate(profiles)])
    numbers, problems = batch.checked_numbers(frame)
    assert problems.empty
    for index, (inputs, computed) in enumerate(profiles):
        arguments = {name: float(numbers[name][index]) for name in batch.PLAN_ARGUMENTS}
        if np.isnan(arguments["target_hours_per_week"]):
            arguments["target_hours_per_week"] = None
        assert_plan(engine, inputs, computed, f"income plan {index}", arguments)
