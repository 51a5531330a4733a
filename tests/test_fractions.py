"""Fractions typed as percentages: ``margin=10`` (meant as 10 %) is refused in every face
with a message saying to write 0.10 or 10%; ``0.10`` and ``10%`` give the same floor."""

from __future__ import annotations

import asyncio

import pytest
import xlwings as xw
import xlwings.server
from click.testing import CliRunner
from generate_fixtures import ANA, mini_template

from xlincome import batch, model
from xlincome.excel import udfs
from xlincome.cli import main
from xlincome.model.rules import PERCENT_HINT
from xlincome.errors import InputError
from xlincome.profiles import BY_NAME, read_profiles
from xlincome.workbooks.templates import build, formulas

FRACTIONS = ["margin", "tax_rate", "fee_rate", "target_low", "target_high"]
#: The plan's risk columns (``evaluate --risk``): spreads and chances people also type as percentages.
RISK_FRACTIONS = ["client_cv", "sales_cv", "launch_cv", "client_loss", "loss_share"]
HINT = "for 10 % write 0.10 or 10%"
#: (1500 + 3600 / 0.75) * 1.1
FLOOR = 6930.0


def test_every_fraction_rule_carries_the_hint_and_no_other_rule_does():
    assert PERCENT_HINT == HINT
    assert {name for name, column in BY_NAME.items() if column.rule is not None and column.rule.percent} == \
        set(FRACTIONS) | set(RISK_FRACTIONS)
    assert BY_NAME["client_loss"].rule.text == f"must be in [0, 1]; {HINT}"
    assert BY_NAME["client_cv"].rule.text == f"must be in [0, 10]; {HINT}"
    assert BY_NAME["margin"].rule.text == f"must be in [0, 1]; {HINT}"
    assert BY_NAME["tax_rate"].rule.text == f"must be in [0, 1); {HINT}"


def test_python_refuses_a_margin_of_10_and_takes_a_margin_of_1():
    with pytest.raises(InputError, match=f"^margin must be in \\[0, 1\\]; {HINT}, got 10$"):
        model.revenue_floor(1500, 3600, 0.25, margin=10)
    assert model.revenue_floor(1500, 3600, 0.25, margin=1) == 12600
    assert model.revenue_floor(1500, 3600, 0.25, margin=0.10) == pytest.approx(FLOOR, rel=1e-12)


@pytest.mark.parametrize("call, argument", [
    (lambda: model.revenue_floor(1500, 3600, tax_rate=25), "tax_rate"),
    (lambda: model.product_breakeven(120, 150, 99, 30, fee_rate=5), "fee_rate"),
    (lambda: model.hybrid_mix([8000, 2500], ["consulting", "course"], target_low=30), "target_low"),
    (lambda: model.hybrid_mix([8000, 2500], ["consulting", "course"], target_high=40), "target_high"),
])
def test_python_refuses_every_fraction_typed_as_a_whole_percentage(call, argument):
    with pytest.raises(InputError, match=f"^{argument} must be in .*; {HINT}"):
        call()


@pytest.mark.skipif(xw.func is not xlwings.server.func, reason="xlwings was imported before tests/conftest.py")
def test_the_excel_function_shows_the_hint_in_its_cell():
    data = {"func_name": "REVENUE_FLOOR", "args": [[[1500]], [[3600]], [[0.25]], [[10], [0.1]]],
            "caller_address": "Sheet1!A1", "version": xw.__version__, "client": "Office.js", "runtime": "1.4",
            "culture_info_name": "en-US", "date_format": "M/d/yyyy"}
    result = asyncio.run(xlwings.server.custom_functions_call(data, udfs))
    assert result[0] == [f"margin must be in [0, 1]; {HINT}, got 10"]
    assert result[1][0] == pytest.approx(FLOOR, rel=1e-12)


def test_the_template_guard_and_validation_refuse_a_margin_above_1():
    formula = formulas.native("revenue_floor", {name: name for name in
                                                ("business_costs", "personal_costs", "tax_rate", "margin")})
    assert f'margin<0,margin>1)),"margin must be in [0, 1]; {HINT}"' in formula
    book = build("revenue_floor")
    messages = [rule.error for sheet in book.worksheets for rule in sheet.data_validations.dataValidation]
    assert f"margin must be in [0, 1]; {HINT}" in messages
    formulas_of_margin = [rule.formula1 for sheet in book.worksheets
                          for rule in sheet.data_validations.dataValidation
                          if rule.error == f"margin must be in [0, 1]; {HINT}"]
    assert all(">1" in formula for formula in formulas_of_margin)


def profiles(tmp_path, margins):
    path = tmp_path / "p.csv"
    header = ",".join(ANA)
    rows = [",".join(f'"{margin}"' if key == "margin" else str(value) for key, value in ANA.items())
            for margin in margins]
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def test_a_profile_file_refuses_10_and_reads_010_and_10_percent_to_the_same_floor(tmp_path):
    path = profiles(tmp_path, ["0.10", "10%", "10", "10 %"])
    results = batch.evaluate(read_profiles(path))
    assert results.loc[[2, 3, 5], "revenue_floor"].tolist() == pytest.approx([FLOOR] * 3, rel=1e-12)
    assert results.loc[4, "error"] == f"margin must be in [0, 1]; {HINT}, got 10"


def test_evaluate_and_generate_report_margin_10_as_a_bad_row(tmp_path):
    path = profiles(tmp_path, ["10"])
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code == 1
    assert f"row 2 (Ana Ruiz), column margin: margin must be in [0, 1]; {HINT}, got 10" in " ".join(result.output.split())
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", str(path), "--template", str(mini_template(tmp_path / "t.xlsx")),
                                       "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 1 and not list(out.glob("*.xlsx"))
    assert f"must be in [0, 1]; {HINT}" in (out / "errors.csv").read_text()
