"""``xlincome generate`` on the command line: hostile and bad rows, exit codes, reporting."""

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from generate_fixtures import ANA, mini_template, profiles_csv, profiles_json

from xlincome import model
from xlincome.cli import main
from xlincome.profiles import PLAN_MONTHS
from xlincome.workbooks.engines import ironcalc

#: Good rows whose names try to escape the folder, hit reserved names or collide.
HOSTILE_GOOD = {
    "../../etc/x": "____etc_x.xlsx",
    "CON": "CON_.xlsx",
    "x" * 500: "x" * 120 + ".xlsx",
    "a/b": "a_b.xlsx",
    "..": "_.xlsx",
    "nul.txt": "nul_.txt.xlsx",
    "=1+1": "=1+1.xlsx",
    "Ana Ruiz": "Ana Ruiz-2.xlsx",  # the second Ana Ruiz
}
#: Bad rows, one kind of bad input each: the column reported and the rule.
BAD = [
    ({"business_costs": -5}, "business_costs", "must be >= 0"),
    ({"hourly_rate": "abc"}, "hourly_rate", "must be a number"),
    ({"personal_costs": ""}, "personal_costs", "is required"),
    ({"tax_rate": 1}, "tax_rate", "must be in [0, 1); for 10 % write 0.10 or 10%"),
    ({"fee_rate": 1.5}, "fee_rate", "must be in [0, 1); for 10 % write 0.10 or 10%"),
    ({"hours_per_week": 0}, "hours_per_week", "must be > 0"),
    ({"price": -1}, "price", "must be > 0"),
    ({"weeks_per_year": 60}, "weeks_per_year", "must be in (0, 52]"),
    ({"target_low": 0.5, "target_high": 0.4}, "target_low", "must be <= target_high"),
    ({"name": ""}, "name", "is required"),
    ({"name": "a/b\x00c"}, "name", "must not contain control characters"),
    ({"units_per_month": "NaN"}, "units_per_month", "must be a number"),
    ({"margin": 10}, "margin", "must be in [0, 1]; for 10 % write 0.10 or 10%"),
    ({"margin": "10 percent"}, "margin", "must be a number"),
    ({"business_costs": 0, "personal_costs": 0}, "business_costs", "plus personal_costs must be > 0"),
    ({"volatility": -0.1}, "volatility", "must be >= 0"),
    ({"horizon_months": 0}, "horizon_months", "must be > 0"),
    ({"cash": "1e999"}, "cash", "must be a number a double can hold (at most about 1.8e308)"),
]


@pytest.fixture
def mini(tmp_path):
    return str(mini_template(tmp_path / "mini.xlsx"))


def files_under(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def test_good_rows_are_written_and_every_bad_row_is_in_errors_csv_nothing_outside_out(tmp_path, mini, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    rows = [{**ANA, "kind": "crypto"}] + [{**ANA, "name": name} for name in HOSTILE_GOOD]
    rows += [{**ANA, "name": f"Bad {i}", **change} for i, (change, _, _) in enumerate(BAD)]
    profiles = profiles_csv(work / "profiles.csv", rows)
    before = files_under(tmp_path)
    monkeypatch.chdir(work)
    result = CliRunner().invoke(main, ["generate", str(profiles), "--template", mini, "--out", "out", "--jobs", "2"])
    assert result.exit_code == 1, result.output
    written = sorted(path.name for path in (work / "out").glob("*.xlsx"))
    assert written == sorted(["Ana Ruiz.xlsx", *HOSTILE_GOOD.values()])
    errors = pd.read_csv(work / "out" / "errors.csv", keep_default_na=False)
    first_bad_row = 2 + 1 + len(HOSTILE_GOOD)
    expected = [[first_bad_row + i, column] for i, (_, column, _) in enumerate(BAD)]
    assert errors[["row", "column"]].values.tolist() == expected
    for rule, (_, _, wanted) in zip(errors["rule"], BAD):
        assert rule.startswith(wanted)
    assert files_under(tmp_path) - before == {"work/out", "work/out/errors.csv",
                                               *(f"work/out/{name}" for name in written)}
    assert f"generated {len(written)}, skipped 0, failed {len(BAD)}" in result.output
    assert result.output.count("ignored unknown columns: kind") == 1


def test_a_name_given_as_a_number_is_written_and_other_non_text_names_are_reported(tmp_path, mini):
    profiles = profiles_json(tmp_path / "p.json", [{**ANA, "name": 42}, {**ANA, "name": True}])
    result = CliRunner().invoke(main, ["generate", str(profiles), "--template", mini, "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert sorted(path.name for path in (tmp_path / "out").glob("*.xlsx")) == ["42.xlsx"]
    errors = pd.read_csv(tmp_path / "out" / "errors.csv")
    assert errors[["row", "column", "rule"]].values.tolist() == [[2, "name", "must be text"]]
    assert "generated 1, skipped 0, failed 1" in result.output


def test_names_of_hostile_rows_are_kept_whole_inside_the_workbook(tmp_path, mini):
    profiles = profiles_csv(tmp_path / "p.csv", [{**ANA, "name": "x" * 500}, {**ANA, "name": "../../etc/x"}])
    CliRunner().invoke(main, ["generate", str(profiles), "--template", mini, "--out", str(tmp_path / "out")])
    long_name = openpyxl.load_workbook(tmp_path / "out" / ("x" * 120 + ".xlsx"))["My plan"]["B2"].value
    assert long_name == "x" * 500
    assert openpyxl.load_workbook(tmp_path / "out" / "____etc_x.xlsx")["My plan"]["B2"].value == "../../etc/x"


def test_a_clean_run_exits_0_and_a_second_run_skips_every_workbook(tmp_path, mini):
    profiles = profiles_csv(tmp_path / "p.csv", [ANA, {**ANA, "name": "Bo"}])
    args = ["generate", str(profiles), "--template", mini, "--out", str(tmp_path / "out")]
    first, second = CliRunner().invoke(main, args), CliRunner().invoke(main, args)
    assert first.exit_code == 0 and "generated 2, skipped 0, failed 0" in first.output
    assert second.exit_code == 0 and "generated 0, skipped 2, failed 0" in second.output
    forced = CliRunner().invoke(main, [*args, "--force"])
    assert "generated 2, skipped 0, failed 0" in forced.output


def test_progress_is_plain_lines_when_not_on_a_terminal(tmp_path, mini):
    profiles = profiles_csv(tmp_path / "p.csv", [{**ANA, "name": f"P{i}"} for i in range(120)])
    result = CliRunner().invoke(main, ["generate", str(profiles), "--template", mini, "--out", str(tmp_path / "o"),
                                       "--jobs", "1"])
    assert "50/120 workbooks" in result.output and "120/120 workbooks" in result.output


def test_missing_required_columns_stop_with_exit_2_before_any_file(tmp_path, mini):
    profiles = profiles_csv(tmp_path / "p.csv", [{"name": "Ana", "business_costs": 1, "price": 9}])
    result = CliRunner().invoke(main, ["generate", str(profiles), "--template", mini, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "lack required columns" in result.output
    assert "personal_costs, hourly_rate, hours_per_week, build_hours, units_per_month" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("problem, args", [
    ("missing profiles file", ["generate", "missing.csv"]),
    ("unreadable profiles file", ["generate", "README.md"]),
    ("unknown template", ["generate", "examples/profiles.csv", "--template", "no_such_plan"]),
    ("template file that is no workbook", ["generate", "examples/profiles.csv", "--template", "README.xlsx"]),
    ("bad --formulas", ["generate", "examples/profiles.csv", "--formulas", "vba"]),
    ("--jobs 0", ["generate", "examples/profiles.csv", "--jobs", "0"]),
])
def test_usage_errors_exit_with_2(problem, args, tmp_path):
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, (problem, result.output)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("out, message", [("out", "is a file"), ("out/workbooks", "cannot write into")])
def test_out_that_is_or_lies_under_a_file_is_a_usage_error(tmp_path, mini, out, message):
    (tmp_path / "out").write_text("a file")
    result = CliRunner().invoke(main, ["generate", "examples/profiles.csv", "--template", mini,
                                       "--out", str(tmp_path / out)])
    assert result.exit_code == 2 and message in result.output
    assert (tmp_path / "out").read_text() == "a file"


def test_unknown_template_lists_the_usable_ones(tmp_path):
    result = CliRunner().invoke(main, ["generate", "examples/profiles.csv", "--template", "nope",
                                       "--out", str(tmp_path / "out")])
    assert "unknown template 'nope'" in result.output and "income_plan" in result.output


@pytest.mark.parametrize("formulas, start", [("native", "=IF("), ("udf", "=REVENUE_FLOOR(business_costs,")])
def test_formulas_option_picks_the_income_plan_variant(tmp_path, formulas, start):
    result = CliRunner().invoke(main, ["generate", "examples/profiles.csv", "--formulas", formulas,
                                       "--out", str(tmp_path), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "Ana Ruiz.xlsx")
    sheet, ref = next(iter(book.defined_names["revenue_floor"].destinations))
    assert book[sheet][ref.replace("$", "")].value.startswith(start)
    assert len(list(tmp_path.glob("*.xlsx"))) == 12


def _sheets(path: Path) -> list[str]:
    return openpyxl.load_workbook(path, read_only=True).sheetnames


def test_risk_adds_the_risk_sheet_reading_the_profiles_plan(tmp_path):
    frame = pd.read_csv("examples/profiles.csv").head(2)
    frame.to_csv(tmp_path / "two.csv", index=False)
    plain = CliRunner().invoke(main, ["generate", str(tmp_path / "two.csv"), "--out", str(tmp_path / "plain"),
                                      "--jobs", "1"])
    risky = CliRunner().invoke(main, ["generate", str(tmp_path / "two.csv"), "--risk", "--out",
                                      str(tmp_path / "risky"), "--jobs", "1"])
    assert plain.exit_code == risky.exit_code == 0, plain.output + risky.output
    name = f"{frame['name'].iloc[0]}.xlsx"
    assert "Risk" not in _sheets(tmp_path / "plain" / name)
    assert "Risk" in _sheets(tmp_path / "risky" / name)
    book = openpyxl.load_workbook(tmp_path / "risky" / name)
    cells = {defined: book[sheet][ref.replace("$", "")] for defined in ("hourly_rate", "client_cv", "seed", "risk_ruin")
             for sheet, ref in book.defined_names[defined].destinations}
    assert cells["hourly_rate"].value == frame["hourly_rate"].iloc[0]
    assert (cells["client_cv"].value, cells["seed"].value) == (0.3, 1)  # the Risk sheet's defaults
    assert cells["risk_ruin"].value.startswith("=IF(")
    # the Risk sheet is optional: without --risk the workbooks are as small as before
    assert (tmp_path / "plain" / name).stat().st_size * 5 < (tmp_path / "risky" / name).stat().st_size


def test_risk_needs_a_template_with_a_risk_sheet(tmp_path):
    result = CliRunner().invoke(main, ["generate", "examples/profiles.csv", "--risk", "--template", "revenue_floor",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "--risk needs a template with a Risk sheet: income_plan" in result.output


def test_risk_fills_the_risk_inputs_from_the_profiles_own_columns(tmp_path):
    """A profile's client_cv ... loss_months reach its Risk sheet, and IronCalc computes there the
    odds plan_risk gives for them; a bad risk value is that row's error, the others written."""
    if ironcalc.module() is None:
        pytest.skip(ironcalc.INSTALL_HINT)
    frame = pd.read_csv("examples/profiles.csv").head(3)
    frame["client_cv"] = [0.5, None, -1]
    frame["client_loss"] = [0.05, 0.1, 0]
    frame.to_csv(tmp_path / "three.csv", index=False)
    result = CliRunner().invoke(main, ["generate", str(tmp_path / "three.csv"), "--risk", "--out",
                                       str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    errors = pd.read_csv(tmp_path / "out" / "errors.csv")
    assert list(errors["row"]) == [4] and list(errors["column"]) == ["client_cv"]
    assert errors["rule"].iloc[0].startswith("must be in [0, 10]")
    for position, (client_cv, client_loss) in enumerate(((0.5, 0.05), (0.3, 0.1))):
        path = tmp_path / "out" / f"{frame['name'].iloc[position]}.xlsx"
        book = openpyxl.load_workbook(path)
        cells = {defined: book[sheet][ref.replace("$", "")].value for defined in ("client_cv", "client_loss")
                 for sheet, ref in book.defined_names[defined].destinations}
        assert cells == {"client_cv": client_cv, "client_loss": client_loss}
        computed = ironcalc.evaluated(path)
        sheet, ref = next(iter(book.defined_names["risk_ruin"].destinations))
        cell = book[sheet][ref.replace("$", "")]
        got = computed.get_cell_value(book.sheetnames.index(sheet), cell.row, cell.column)
        plan = {name: frame[name].iloc[position] for name in model.transition_plan.domain
                if name in frame.columns and name != "months" and pd.notna(frame[name].iloc[position])}
        expected = model.plan_risk(**plan, client_cv=client_cv, client_loss=client_loss, trials=100,
                                   months=PLAN_MONTHS, result="ruin")
        assert float(got) == pytest.approx(float(expected), abs=1e-12)
