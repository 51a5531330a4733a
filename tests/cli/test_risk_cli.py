"""``xlincome plan --risk`` and ``evaluate --risk``: the odds in words, the bands on screen and in
files, the risk columns of a profile file, options checked by the model's rules."""

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from xlincome import batch, model
from xlincome.cli import main
from xlincome.functions import PLAN_KW1
from xlincome.profiles import PLAN_MONTHS, read_profiles

KW1_ROW = {"name": "Kim", **PLAN_KW1}


@pytest.fixture
def profiles(tmp_path):
    path = tmp_path / "profiles.csv"
    pd.DataFrame([KW1_ROW, {**KW1_ROW, "name": "Poor [red]Lee[/red]", "cash": 6000, "client_loss": "5%"},
                  {**KW1_ROW, "name": "Bad", "client_cv": -1, "loss_months": 2.5}]).to_csv(path, index=False)
    return path


def run(*args):
    return CliRunner().invoke(main, [*map(str, args)])


def words(output: str) -> str:
    return " ".join(output.split())


def test_plan_risk_puts_the_odds_into_words_from_the_model(profiles):
    result = run("plan", profiles, "--name", "Poor [red]Lee[/red]", "--risk", "--months", 24)
    assert result.exit_code == 0, result.output
    kw = {**PLAN_KW1, "cash": 6000, "client_loss": 0.05}
    ruin, low = model.plan_risk(**kw), model.plan_risk(**kw, result="lowest_p10")
    table = model.plan_risk(**kw, result="table")
    worst = table.loc[table["cash_p10"].idxmin()]
    text = words(result.output)
    assert f"In 1,000 futures (seed 1) your savings ran out in {round(ruin * 1000)} ({ruin:.1%}".replace("%", " %") in text
    assert f"in a bad one in ten they dip to {low:,.0f}" in text
    assert f"the bad tenth's band is lowest in month {int(worst['month'])} ({worst['cash_p10']:,.0f})" in text
    assert "The plan alone, everything as expected: lowest savings 6,975." in text
    assert "Plan risk: Poor [red]Lee[/red]" in text  # markup from the file shown as typed
    assert f"{table['cash_p50'].iloc[-1]:,.0f}" in result.output


def test_never_ran_out_and_options_stand_for_every_profile(profiles):
    result = run("plan", profiles, "--name", "Kim", "--risk", "--trials", 200, "--seed", 7, "--client-cv", 0.1)
    assert result.exit_code == 0, result.output
    low = model.plan_risk(**PLAN_KW1, months=PLAN_MONTHS, trials=200, seed=7, client_cv=0.1, result="lowest_p10")
    assert f"In 200 futures (seed 7) your savings never ran out; in a bad one in ten they dip to {low:,.0f}" \
        in words(result.output)


def test_the_bands_go_to_a_file(profiles, tmp_path):
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"bands{suffix}"
        result = run("plan", profiles, "--risk", "--trials", 100, "-o", path)
        assert result.exit_code == 0, result.output
        expected = model.plan_risk(**PLAN_KW1, months=PLAN_MONTHS, trials=100, result="table")
        read = pd.read_csv(path) if suffix == ".csv" else pd.read_excel(path, sheet_name="risk")
        assert list(read.columns) == list(model.RISK_COLUMNS)
        np.testing.assert_allclose(read.to_numpy(dtype=float), expected.to_numpy(dtype=float), rtol=1e-12)
    assert openpyxl.load_workbook(tmp_path / "bands.xlsx")["risk"]["B2"].number_format == "#,##0.00"


def test_bad_risk_columns_are_listed_and_exit_1(profiles):
    result = run("plan", profiles, "--name", "Bad", "--risk")
    assert result.exit_code == 1
    text = words(result.output)
    assert "column client_cv: client_cv must be in [0, 10]; for 10 % write 0.10 or 10%, got -1" in text
    assert "column loss_months: loss_months must be a whole number in [1, 120], got 2.5" in text


@pytest.mark.parametrize("args, message", [
    (["--client-loss", 2], "client_loss must be in [0, 1]; for 10 % write 0.10 or 10%, got 2"),
    (["--loss-months", 0], "loss_months must be in [1, 120], got 0"),
    (["--trials", 0], "--trials"),
    (["--seed", -1], "--seed"),
])
def test_bad_options_are_usage_errors(profiles, args, message):
    result = run("plan", profiles, "--risk", *args)
    assert result.exit_code == 2 and message in words(result.output)


def test_evaluate_risk_adds_the_odds_of_every_profile(profiles, tmp_path):
    path = tmp_path / "odds.csv"
    result = run("evaluate", profiles, "--risk", "--trials", 300, "-o", path)
    assert result.exit_code == 1  # the bad row
    written = pd.read_csv(path)
    frame = read_profiles(profiles)
    for position, cash, loss in ((0, 18000, 0.0), (1, 6000, 0.05)):
        odds = model.risk_summaries(**{**PLAN_KW1, "cash": cash, "client_loss": loss}, months=PLAN_MONTHS, trials=300)
        for name in model.RISK_SUMMARIES:
            assert written[f"risk_{name}"][position] == pytest.approx(float(odds[name]), rel=1e-12)
    assert np.isnan(written["risk_ruin"][2]) and "client_cv must be in [0, 10]" in written["error"][2]
    assert "Runs out" in result.output
    assert batch.evaluate(frame)["name"].tolist() == ["Kim", "Poor [red]Lee[/red]", "Bad"]


def test_evaluate_risk_progress_and_chunks_give_the_same_odds(monkeypatch):
    frame = pd.DataFrame([{**KW1_ROW, "name": f"p{i}", "cash": 1000.0 * i} for i in range(7)])
    whole = batch.evaluate(frame, risk={"trials": 50})
    monkeypatch.setattr(batch, "RISK_CHUNK", 3)
    seen = []
    chunked = batch.evaluate(frame, risk={"trials": 50, "client_cv": 0.3}, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(3, 7), (6, 7), (7, 7)]
    for column in batch.RISK_RESULTS:
        assert chunked[column].tolist() == whole[column].tolist()
    assert "risk_ruin" not in batch.evaluate(frame).columns


def test_odds_beyond_a_float_leave_that_rows_risk_columns_empty_and_say_why():
    frame = pd.DataFrame([KW1_ROW, {**KW1_ROW, "name": "Huge", "price": 1e305, "units_per_month": 10,
                                    "sales_cv": 10, "launch_cv": 10}])
    assert batch.evaluate(frame)["error"].isna().all()  # the plan alone fits a float
    results = batch.evaluate(frame, risk={"trials": 200})
    assert results.loc[0, "risk_ruin"] == model.plan_risk(**PLAN_KW1, months=PLAN_MONTHS, trials=200)
    assert np.isnan(results.loc[1, "risk_ruin"]) and results.loc[1, "error"] == "risk result is too large to compute"
    assert results.loc[1, "plan_launch"] == 5  # its other results are kept
