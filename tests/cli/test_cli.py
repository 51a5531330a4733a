"""The ``xlincome evaluate`` command: output, exit codes, and files never clobbered."""

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from xlincome.cli import main

GOOD = {"name": "Ana", "business_costs": 1500, "personal_costs": 3600, "tax_rate": 0.25, "margin": 0.1,
        "hourly_rate": 125, "hours_per_week": 30, "build_hours": 120, "price": 99, "units_per_month": 30}


@pytest.fixture
def profiles(tmp_path):
    path = tmp_path / "profiles.csv"
    pd.DataFrame([GOOD, {**GOOD, "name": "=HYPERLINK(\"http://x\",\"y\")"},
                  {**GOOD, "name": "Bad", "hours_per_week": -3}]).to_csv(path, index=False)
    return path


def test_example_file_evaluates_with_exit_code_0():
    result = CliRunner().invoke(main, ["evaluate", "examples/profiles.csv"])
    assert result.exit_code == 0, result.output
    assert "Ana Ruiz" in result.output and "6,930" in result.output
    assert "12 profiles computed, 0 with errors" in result.output


def test_bad_row_is_reported_with_row_and_column_and_exit_code_1(profiles):
    result = CliRunner().invoke(main, ["evaluate", str(profiles)])
    assert result.exit_code == 1
    assert "row 4 (Bad), column hours_per_week: hours_per_week must be > 0" in result.output
    assert "2 profiles computed, 1 with errors" in result.output


def test_output_file_has_every_result_and_names_stay_text(profiles, tmp_path):
    out = tmp_path / "results.xlsx"
    result = CliRunner().invoke(main, ["evaluate", str(profiles), "-o", str(out)])
    assert result.exit_code == 1
    sheet = openpyxl.load_workbook(out).active
    header = [cell.value for cell in sheet[1]]
    assert {"revenue_floor", "product_breakeven", "phase_label", "error"} <= set(header)
    name_cell = sheet.cell(row=3, column=header.index("name") + 1)
    assert name_cell.data_type == "s" and name_cell.value.startswith("=HYPERLINK")


def test_existing_output_is_kept_unless_forced(profiles, tmp_path):
    out = tmp_path / "results.csv"
    out.write_text("precious")
    result = CliRunner().invoke(main, ["evaluate", str(profiles), "-o", str(out)])
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_text() == "precious"
    forced = CliRunner().invoke(main, ["evaluate", str(profiles), "-o", str(out), "--force"])
    assert forced.exit_code == 1
    assert pd.read_csv(out)["name"].tolist()[1] == "'=HYPERLINK(\"http://x\",\"y\")"


@pytest.mark.parametrize("args", [["evaluate", "missing.csv"], ["evaluate", "README.md"]])
def test_usage_errors_exit_with_2(args):
    assert CliRunner().invoke(main, args).exit_code == 2


def test_missing_columns_are_listed_before_anything_runs(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("name,business_costs\nAna,100\n")
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code == 2
    assert "lack required columns" in result.output and "units_per_month" in result.output


def test_a_blank_required_cell_is_reported_without_a_made_up_value(tmp_path):
    path = tmp_path / "p.csv"
    pd.DataFrame([{**GOOD, "price": None}]).to_csv(path, index=False)
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code == 1
    assert "row 2 (Ana), column price: price is required\n" in result.output
    assert "nan" not in result.output


def test_output_into_a_missing_folder_names_that_folder(profiles, tmp_path):
    result = CliRunner().invoke(main, ["evaluate", str(profiles), "-o", str(tmp_path / "nowhere" / "r.csv")])
    assert result.exit_code == 2
    assert "no such folder" in result.output and "nowhere" in result.output and ".part" not in result.output


@pytest.mark.parametrize("suffix, options, warned", [
    (".json", ["--sep", ";"], ["--sep settles a CSV file; ignored for p.json"]),
    (".json", ["--sheet", "Plan"], ["--sheet settles an XLSX workbook; ignored for p.json"]),
    (".xlsx", ["--sep", "tab"], ["--sep settles a CSV file; ignored for p.xlsx"]),
    (".csv", ["--sheet", "Plan", "--sep", ","], ["--sheet settles an XLSX workbook; ignored for p.csv"]),
    (".xlsx", ["--sheet", "Sheet1", "--decimal", ","], []),
], ids=["json-sep", "json-sheet", "xlsx-sep", "csv-sheet", "xlsx-all-apply"])
@pytest.mark.parametrize("command", ["evaluate", "generate", "plan"])
def test_a_reading_option_that_does_not_apply_to_the_file_kind_is_a_one_line_warning(tmp_path, suffix, options,
                                                                                      warned, command):
    path = tmp_path / f"p{suffix}"
    frame = pd.DataFrame([GOOD])
    if suffix == ".json":
        frame.to_json(path, orient="records")
    elif suffix == ".xlsx":
        frame.to_excel(path, index=False, sheet_name="Sheet1")
    else:
        frame.to_csv(path, index=False)
    extra = {"generate": ["--out", str(tmp_path / "out")], "plan": ["--name", "Ana"]}.get(command, [])
    result = CliRunner().invoke(main, [command, str(path), *options, *extra])
    assert result.exit_code == 0, result.output
    lines = [line.removeprefix("warning: ") for line in result.output.splitlines() if line.startswith("warning:")]
    assert lines == warned
