"""The Plan sheet computes what ``xlincome.model.transition_plan`` computes, month by month.

Random valid plans (and MODEL.md's ``kw1`` and ``kw2``, and bad inputs) are
written into the standalone ``transition_plan`` template's named inputs,
every workbook recalculated by LibreOffice in one ``soffice`` call, and each
month of the table and each summary cell compared with the Python model to
1e-9 relative.  A few of them are recalculated by Gnumeric as well
(``ssconvert --recalc``) when it is installed.
"""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
from openpyxl import load_workbook
from test_templates_parity import Computed, _write, assert_same

from xlincome import model
from xlincome.functions import PLAN_KW1, PLAN_KW2
from xlincome.profiles import PLAN_MONTHS
from xlincome.templates import libreoffice, write_templates
from xlincome.templates.plan_sheet import FIRST_ROW, INPUTS, column_of

pytestmark = pytest.mark.skipif(libreoffice.soffice() is None,
                                reason=f"needs LibreOffice headless: {libreoffice.INSTALL_HINT}")

#: Random plans (the issue asks for at least 100).
SETS = 120
#: Optional inputs a random plan sometimes leaves blank (they take their defaults).
OPTIONAL = ("cash", "tax_rate", "margin", "fee_rate", "monthly_costs", "maintenance_hours", "upfront_costs",
            "ramp_months", "target_hours_per_week", "weeks_per_year", "build_hours_per_week")
#: Inputs that break a rule, and the message every summary cell shows.
BAD = {
    "badramp": ({"ramp_months": 0.5}, "ramp_months must be >= 1"),
    "badprice": ({"price": "lots"}, "price must be > 0"),
    "badcosts": ({"business_costs": 0, "personal_costs": 0},
                 "business_costs plus personal_costs must be > 0 (reserve months are months of costs)"),
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
def plans(tmp_path_factory):
    """Every workbook of the run, recalculated in one soffice call: {key: (inputs, computed, path)}."""
    root = tmp_path_factory.mktemp("plan")
    template = next(path for path in write_templates(root / "templates") if path.stem == "transition_plan")
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
        workbook.save(paths[key])
    results = libreoffice.recalculate(list(paths.values()), root / "out")
    shape = load_workbook(template)
    return {key: (cases[key], Computed(shape, results[paths[key]]), paths[key]) for key in cases}


def assert_plan(inputs: dict, read_cell, read_name, where: str) -> None:
    """Every month of the table and every summary equal to the model's."""
    arguments = model_arguments(inputs)
    table = model.transition_plan(**arguments, months=PLAN_MONTHS)
    for month in range(PLAN_MONTHS):
        for column in model.PLAN_COLUMNS:
            got = read_cell(FIRST_ROW + month, column_of(column))
            assert_same(got, float(table[column].iloc[month]), f"{where}: month {month + 1} {column} for {inputs}")
    for name, result in SUMMARY_NAMES.items():
        expected = model.transition_plan(**arguments, months=PLAN_MONTHS, result=result)
        assert_same(read_name(name), expected, f"{where}: {name} for {inputs}")


def _libreoffice_reader(computed: Computed):
    from openpyxl.utils import get_column_letter

    return (lambda row, column: computed.cell("Plan", f"{get_column_letter(column)}{row}"),
            lambda name: computed[name])


def test_random_plans_match_the_model_month_by_month_in_libreoffice(plans):
    phases, launches = set(), set()
    for key, (inputs, computed, _) in plans.items():
        if key.startswith("random"):
            assert_plan(inputs, *_libreoffice_reader(computed), key)
            phases.add(computed["plan_final_phase"])
            launches.add(isinstance(computed["plan_launch"], float))
    assert len(phases) >= 3 and launches == {True, False}, "the random plans reach several phases, some never launch"


def test_model_md_examples_hold_in_the_workbook(plans):
    _, kw1, _ = plans["kwone"]
    assert_plan(_kw(PLAN_KW1), *_libreoffice_reader(kw1), "kw1")
    assert (kw1["plan_launch"], kw1["plan_breakeven"], kw1["plan_rebalance"]) == (5, 9, 10)
    assert kw1["plan_lowest_cash"] == 18975 and kw1["plan_final_phase"] == "Phase 4: Optimize hybrid structure"
    read_cell, _ = _libreoffice_reader(kw1)
    month_5 = {column: read_cell(FIRST_ROW + 4, column_of(column)) for column in model.PLAN_COLUMNS}
    assert month_5["client_hours"] == 29 and month_5["service_income"] == 11600 and month_5["phase"] == 1
    assert_same(month_5["cash"], 26438.125, "kw1 month 5 cash")
    month_10 = {column: read_cell(FIRST_ROW + 9, column_of(column)) for column in model.PLAN_COLUMNS}
    assert month_10["client_hours"] == 20 and month_10["service_income"] == 8000 and month_10["phase"] == 3
    assert_same(month_10["cash"], 51871.875, "kw1 month 10 cash")
    assert kw1["plan_summary"] == ("launches in month 5, pays back in month 9, lowest savings 18,975 in month 1, "
                                   "you can cut to 20 hours from month 10")
    _, kw2, _ = plans["kwtwo"]
    assert_plan(_kw(PLAN_KW2), *_libreoffice_reader(kw2), "kw2")
    assert (kw2["plan_launch"], kw2["plan_breakeven"], kw2["plan_rebalance"]) == (5, 11, "never")
    assert kw2["plan_below_floor"] == 0 and kw2["plan_final_phase"] == "Phase 1: Build and test product"
    assert_same(kw2["plan_final_share"], 0.198396793587174, "kw2 final share")


@pytest.mark.parametrize("key", sorted(BAD))
def test_a_broken_rule_shows_in_every_summary_and_the_table_stays_empty(plans, key):
    _, computed, _ = plans[key]
    message = BAD[key][1]
    for name in (*SUMMARY_NAMES, "plan_summary"):
        assert computed[name] == message, name
    read_cell, _ = _libreoffice_reader(computed)
    assert read_cell(FIRST_ROW, column_of("cash")) is None


@pytest.mark.skipif(shutil.which("ssconvert") is None, reason="needs Gnumeric's ssconvert")
def test_gnumeric_computes_the_same_plans(plans, tmp_path):
    keys = ["kwone", "kwtwo", *sorted(key for key in plans if key.startswith("random"))[:12]]
    for key in keys:
        inputs, _, path = plans[key]
        out = tmp_path / f"{key}.xlsx"
        subprocess.run(["ssconvert", "--recalc", str(path), str(out)], check=True, capture_output=True, timeout=300)
        book = load_workbook(out, data_only=True)
        sheet = book["Plan"]

        def named(name: str, book=book):
            (title, ref), = book.defined_names[name].destinations
            value = book[title][ref.replace("$", "")].value
            return float(value) if isinstance(value, int) else value

        def cell(row: int, column: int, sheet=sheet):
            value = sheet.cell(row, column).value
            return float(value) if isinstance(value, int) else value

        assert_plan(inputs, cell, named, f"gnumeric {key}")
