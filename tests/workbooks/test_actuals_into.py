"""``xlincome actuals --into``: months from real exports logged into a generated income plan (and a
transition tracker), recomputed by LibreOffice, Gnumeric and IronCalc to what the model gives for those months;
the plan held against them beside each month and on the Dashboard.

The workbooks go through the parity suite's ``engine`` fixture (one batch per engine), so their values
count in the engines' summary line.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from test_templates_parity import Computed, _tracker_expected, engine, summary  # noqa: F401 (fixtures)

from xlincome import batch, model
from xlincome.model.standing import PLAN_WINDOW, plan_standing
from xlincome.profiles.actuals import Given, read_actuals
from xlincome.workbooks.actuals import TrackerError, fill_tracker
from xlincome.workbooks.personalize import Template
from xlincome.workbooks.templates import build, plan_actuals, write_templates
from xlincome.workbooks.templates.income_plan import EXAMPLE
from xlincome.workbooks.templates.plan_sheet import EXAMPLE as PLAN_EXAMPLE
from xlincome.workbooks.templates.plan_sheet import INPUTS
from xlincome.workbooks.templates.transition_tracker import EXAMPLE as TRACKER_EXAMPLE
from xlincome.workbooks.templates.transition_tracker import EXAMPLE_LOG
from xlincome.workbooks.templates.transition_tracker import log_rows

FIXTURES = Path(__file__).resolve().parents[1] / "profiles" / "actuals" / "fixtures"
PROFILE = {**EXAMPLE, **PLAN_EXAMPLE}
NAME = "Ana Ruiz"


def _months_from_exports() -> pd.DataFrame:
    """Three months: a plain file's client work and products, and a bank's credits and balances."""
    return read_actuals([Given(FIXTURES / "plain_months.csv"), Given(FIXTURES / "bank_statement.ofx", "service")]
                        ).months


def _plan() -> pd.DataFrame:
    arguments = {name: PROFILE[name] for name, _, _ in INPUTS}
    return model.transition_plan(**arguments, months=36)


def _synthetic(product: np.ndarray) -> pd.DataFrame:
    """Eight months of 15,000 client income with the given product income, no cash."""
    return pd.DataFrame({"month": [f"2025-{m:02d}" for m in range(1, len(product) + 1)],
                         "service_income": 15000.0, "product_income": product, "billable_hours": 0.0, "fees": 0.0,
                         "refunds": 0.0, "cash": np.nan, "transactions": 1})


def _generated_plan(path: Path, templates: dict[str, Path]) -> Path:
    template = Template(templates["income_plan"])
    path.write_bytes(template.fill(NAME, {column: PROFILE.get(column) for column in template.columns}))
    return path


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    root = tmp_path_factory.mktemp("actuals")
    templates = {path.stem: path for path in write_templates(root / "templates", risk=False)}
    plan = _plan()
    planned = plan["product_income"].to_numpy()[:8]
    cases = {
        "intoexports": _months_from_exports(),
        "intobehind": _synthetic(np.zeros(8)),
        "intoon": _synthetic(planned.copy()),
        "intoahead": _synthetic(planned * 1.5 + 100),
    }
    files, logged = [], {}
    for key, months in cases.items():
        path = _generated_plan(root / f"{key}.xlsx", templates)
        fill_tracker(path, months)
        files.append(path)
        logged[key] = (path, months)
    untouched = _generated_plan(root / "intonone.xlsx", templates)
    tracker = root / "intotracker.xlsx"
    tracker.write_bytes(templates["transition_tracker"].read_bytes())
    with pytest.raises(TrackerError, match="already has Month 1, Month 2, Month 3 logged; pass --force"):
        fill_tracker(tracker, cases["intoexports"])
    fill_tracker(tracker, cases["intoexports"], force=True)
    files += [untouched, tracker]
    book = load_workbook(templates["income_plan"])
    tracker_book = load_workbook(templates["transition_tracker"])

    def read(results):
        return {"plans": {key: (months, Computed(book, results[path])) for key, (path, months) in logged.items()},
                "none": Computed(book, results[untouched]), "tracker": Computed(tracker_book, results[tracker]),
                "plan": plan}
    return {"root": root, "files": files, "read": read}


def _dashboard_row() -> int:
    ws = build("income_plan", risk=False)["Dashboard"]  # the run's workbooks have no Risk sheet
    return next(row for row in range(1, 40) if ws.cell(row, 1).value == plan_actuals.LABEL)


def _log(months: pd.DataFrame) -> list[tuple[float, float, float]]:
    return [(max(0.0, s), max(0.0, p), 0.0 if np.isnan(c) else c)
            for s, p, c in months[["service_income", "product_income", "cash"]].itertuples(index=False)]


def test_exports_logged_into_a_generated_income_plan_recompute_to_the_models_phase(engine):
    months, got = engine["plans"]["intoexports"]
    # service: plain 4,200 + bank 2,000; 3,900 + 1,500; 4,000. products 350, 380, 520. cash from the OFX.
    assert months["service_income"].tolist() == [6200, 5400, 4000]
    assert months["cash"].tolist() == [4000, 5500, 5300]
    profile = batch.evaluate(pd.DataFrame([{"name": NAME, **PROFILE}])).iloc[0]
    costs = PROFILE["business_costs"] + PROFILE["personal_costs"]
    expected = _tracker_expected({"log": _log(months), "revenue_floor": profile["revenue_floor"],
                                  "monthly_costs": costs})
    for row, values in zip(log_rows(), expected):
        for column, value in values.items():
            engine["same"](got.cell("Tracker", f"{column}{row}"), value, f"Tracker!{column}{row}")
    assert got["latest_month"] == 3
    assert got.cell("Tracker", f"B{log_rows()[0]}") == 6200 and got.cell("Tracker", f"D{log_rows()[2]}") == 5300
    assert got.cell("Tracker", f"E{log_rows()[3]}") is None, "month 4 is not logged"
    assert got.cell("Dashboard", "A1") == f"Income plan: {NAME}", "the rest of the workbook is as generated"


def test_the_tracker_shows_the_plans_month_beside_each_logged_month(engine):
    plan = engine["plan"]
    for key, (months, got) in engine["plans"].items():
        logged = len(months)
        for offset, row in enumerate(log_rows()):
            cells = [got.cell("Tracker", f"{column}{row}") for column in "PQRST"]
            if offset >= logged:
                assert cells == [None, None, None, None, 0], f"{key} month {offset + 1} is not logged"
                continue
            total, product = plan["total_income"][offset], plan["product_income"][offset]
            actual_total = max(0, months["service_income"][offset]) + max(0, months["product_income"][offset])
            for got_value, expected, what in zip(cells, (total, product, actual_total - total,
                                                         max(0, months["product_income"][offset]) - product,
                                                         1 if offset >= logged - PLAN_WINDOW else 0),
                                                 ("plan total", "plan product", "total against", "product against",
                                                  "last three")):
                engine["same"](got_value, float(expected), f"{key} month {offset + 1} {what}")


@pytest.mark.parametrize("key, standing", [("intobehind", "behind the plan"), ("intoon", "on the plan"),
                                            ("intoahead", "ahead of the plan"), ("intoexports", "ahead of the plan")])
def test_the_dashboard_says_ahead_on_or_behind_the_plan_by_the_last_three_months(engine, key, standing):
    months, got = engine["plans"][key]
    plan = engine["plan"]
    window = slice(len(months) - PLAN_WINDOW, len(months))
    actual = months["product_income"].clip(lower=0).to_numpy()[window].sum()
    planned = plan["product_income"].to_numpy()[window].sum()
    assert plan_standing(actual, planned) == standing  # the cases reach each standing
    row = _dashboard_row()
    engine["same"](got.cell("Dashboard", f"C{row}"), plan_actuals.STATUS[standing], f"{key} standing")
    engine["same"](got.cell("Dashboard", f"B{row}"), float(actual), f"{key} product income of the last three")
    rule = got.cell("Dashboard", f"D{row}")
    assert rule.startswith(f"Product income of your last {PLAN_WINDOW} logged months against the plan's ")


def test_a_plan_with_no_month_logged_says_so(engine):
    row = _dashboard_row()
    got = engine["none"]
    assert got.cell("Dashboard", f"C{row}") == plan_actuals.NOTHING_LOGGED
    assert got.cell("Dashboard", f"D{row}").startswith("Log months in the Tracker")


def test_the_transition_tracker_takes_the_months_over_its_example_with_force(engine):
    got = engine["tracker"]
    months = _months_from_exports()
    expected = _tracker_expected({"log": _log(months) + list(EXAMPLE_LOG[3:]),
                                  "revenue_floor": TRACKER_EXAMPLE["revenue_floor"],
                                  "monthly_costs": TRACKER_EXAMPLE["monthly_costs"]})
    for row, values in zip(log_rows(), expected):
        for column, value in values.items():
            engine["same"](got.cell("Tracker", f"{column}{row}"), value, f"tracker {column}{row}")


# -- the rest of the workbook untouched, whole or not at all (no engine needed) --------------------------

def _snapshot(path: Path) -> dict:
    book = load_workbook(path)
    cells = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                cells[(ws.title, cell.coordinate)] = (cell.value, cell.style, cell.number_format,
                                                      cell.protection.locked)
    validations = {ws.title: sorted(str(rule.sqref) + (rule.formula1 or "") for rule in ws.data_validations.dataValidation)
                   for ws in book.worksheets}
    formats = {ws.title: sorted(str(cf.sqref) for cf in ws.conditional_formatting) for ws in book.worksheets}
    return {"cells": cells, "validations": validations, "formats": formats,
            "names": {name: value.attr_text for name, value in book.defined_names.items()}}


def test_into_changes_only_the_months_cells_and_keeps_formulas_charts_validations_and_styles(tmp_path):
    templates = {path.stem: path for path in write_templates(tmp_path / "templates", risk=False)}
    path = _generated_plan(tmp_path / "plan.xlsx", templates)
    before, before_zip = _snapshot(path), zipfile.ZipFile(path)
    before_parts = {name: before_zip.read(name) for name in before_zip.namelist()}
    months = _months_from_exports()
    filled = fill_tracker(path, months)
    assert (filled.months, filled.cash) == (3, True)
    after = _snapshot(path)
    changed = {key for key in before["cells"] if before["cells"][key] != after["cells"].get(key)}
    rows = log_rows()
    assert changed == {("Tracker", f"{column}{rows[offset]}") for column in "BCD" for offset in range(3)}
    assert after["cells"][("Tracker", f"B{rows[0]}")][1:] == before["cells"][("Tracker", f"B{rows[0]}")][1:]
    assert after["validations"] == before["validations"] and after["formats"] == before["formats"]
    assert after["names"] == before["names"]
    after_zip = zipfile.ZipFile(path)
    assert after_zip.namelist() == list(before_parts)
    for name in before_parts:  # charts, drawings, styles, shared strings: byte for byte
        if not (name.startswith("xl/worksheets/sheet") or name == "xl/workbook.xml"):
            assert after_zip.read(name) == before_parts[name], name
    assert b'fullCalcOnLoad="1"' in after_zip.read("xl/workbook.xml")


def test_into_refuses_months_that_do_not_fit_and_leaves_the_file_as_it_was(tmp_path):
    templates = {path.stem: path for path in write_templates(tmp_path / "templates", risk=False)}
    path = _generated_plan(tmp_path / "plan.xlsx", templates)
    data = path.read_bytes()
    with pytest.raises(TrackerError, match="Tracker holds 24 months, the files give 25"):
        fill_tracker(path, _synthetic(np.zeros(25)))
    with pytest.raises(TrackerError, match="no Tracker log to fill"):
        fill_tracker(templates["revenue_floor"], _synthetic(np.zeros(2)))
    assert path.read_bytes() == data
    assert list(tmp_path.glob(".*.part")) == []


def test_into_logs_negative_months_as_zero_and_says_so(tmp_path):
    templates = {path.stem: path for path in write_templates(tmp_path / "templates", risk=False)}
    path = _generated_plan(tmp_path / "plan.xlsx", templates)
    filled = fill_tracker(path, _synthetic(np.array([-30.0, 50.0])))
    assert filled.negative == ("2025-01",)
    ws = load_workbook(path)["Tracker"]
    assert [ws.cell(row, 3).value for row in log_rows()[:2]] == [0, 50]
