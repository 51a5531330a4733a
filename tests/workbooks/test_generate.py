"""Batch generation through ``xlincome.workbooks.generate``: values in the named cells, text never a
formula, bad rows in errors.csv, atomic and repeatable runs, the same files for any job count."""

import os
import signal
import re
import subprocess
import sys
import zipfile

import openpyxl
import pandas as pd
import pytest
from generate_fixtures import ANA, mini_template, profiles_csv, profiles_json

from xlincome.workbooks.generate import CHUNK_ROWS, generate
from xlincome.workbooks.personalize import Template, TemplateError
from xlincome.profiles import read_profiles

INJECTIONS = ['=HYPERLINK("http://x","y")', "=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)"]


@pytest.fixture
def template(tmp_path):
    return Template(mini_template(tmp_path / "mini.xlsx"))


def named_values(path):
    """Every defined name of the workbook -> the value of its cell (openpyxl, formulas as text)."""
    book = openpyxl.load_workbook(path)
    values = {}
    for name, defined in book.defined_names.items():
        sheet, ref = next(iter(defined.destinations))
        values[name] = book[sheet][ref.replace("$", "")]
    return values


def run(tmp_path, rows, template, **options):
    frame = read_profiles(profiles_csv(tmp_path / "profiles.csv", rows))
    return generate(frame, template, tmp_path / "out", **options)


def test_profile_values_and_name_land_in_the_named_cells(tmp_path, template):
    summary = run(tmp_path, [{**ANA, "volatility": 0.12}], template)
    assert (summary.generated, summary.skipped, summary.failed) == (1, 0, 0)
    cells = named_values(tmp_path / "out" / "Ana Ruiz.xlsx")
    assert cells["profile_name"].value == "Ana Ruiz"
    assert cells["business_costs"].value == 1500 and cells["tax_rate"].value == 0.25
    assert cells["volatility"].value == 0.12
    assert cells["horizon_months"].value == 12  # blank optional column: its default
    assert cells["floor_result"].value == "=(business_costs+personal_costs/(1-tax_rate))*(1+margin)"


def test_blank_volatility_leaves_its_cell_empty_but_styled(tmp_path, template):
    run(tmp_path, [ANA], template)
    cell = named_values(tmp_path / "out" / "Ana Ruiz.xlsx")["volatility"]
    assert cell.value is None and cell.fill.fgColor.rgb == "00FFF2CC"


@pytest.mark.parametrize("name", INJECTIONS)
def test_formula_like_names_are_stored_as_plain_text(tmp_path, template, name):
    frame = read_profiles(profiles_json(tmp_path / "profiles.json", [{**ANA, "name": name}]))
    generate(frame, template, tmp_path / "out")
    [workbook] = (tmp_path / "out").glob("*.xlsx")
    cell = named_values(workbook)["profile_name"]
    assert cell.data_type == "s" and cell.value == name


def test_text_is_xml_escaped(tmp_path, template):
    name = 'Tom & Jerry <"Ltd"> ]]>'
    run(tmp_path, [{**ANA, "name": name}], template)
    assert named_values(next((tmp_path / "out").glob("*.xlsx")))["profile_name"].value == name


def test_workbook_recalculates_on_open_and_carries_no_stale_results(tmp_path):
    source = mini_template(tmp_path / "mini.xlsx")
    stale = tmp_path / "stale.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(stale, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                # openpyxl writes the empty value as <v /> without lxml, <v></v> with it.
                data = re.sub(rb"\*weeks_per_year/12</f>(<v ?/>|<v></v>)", b"*weeks_per_year/12</f><v>999</v>", data)
                assert b"<v>999</v>" in data
            if info.filename == "xl/workbook.xml":
                data = data.replace(b' fullCalcOnLoad="1"', b"")
            new.writestr(info, data)
    run(tmp_path, [ANA], Template(stale))
    with zipfile.ZipFile(tmp_path / "out" / "Ana Ruiz.xlsx") as written:
        assert b"<v>999</v>" not in written.read("xl/worksheets/sheet1.xml")
        assert b'fullCalcOnLoad="1"' in written.read("xl/workbook.xml")
        assert written.testzip() is None


def test_template_without_profile_name_is_refused(tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = 1
    book.save(tmp_path / "plain.xlsx")
    with pytest.raises(TemplateError, match="profile_name"):
        Template(tmp_path / "plain.xlsx")


def test_bad_rows_go_to_errors_csv_with_row_and_column_and_good_rows_are_written(tmp_path, template):
    rows = [ANA, {**ANA, "name": "Bo", "tax_rate": 1}, {**ANA, "name": "Cy", "hourly_rate": "abc"},
            {**ANA, "name": "Nul\x00byte"}, {**ANA, "name": "Di"}]
    summary = run(tmp_path, rows, template)
    assert (summary.generated, summary.failed) == (2, 3)
    errors = pd.read_csv(tmp_path / "out" / "errors.csv")
    assert errors[["row", "column"]].values.tolist() == [[3, "tax_rate"], [4, "hourly_rate"], [5, "name"]]
    assert errors["rule"].tolist()[0] == "must be in [0, 1); for 10 % write 0.10 or 10%"
    assert errors["value"].tolist()[2] == "Nul\\x00byte"
    assert sorted(p.name for p in (tmp_path / "out").glob("*.xlsx")) == ["Ana Ruiz.xlsx", "Di.xlsx"]


def test_missing_required_columns_stop_before_any_file_is_written(tmp_path, template):
    frame = read_profiles(profiles_csv(tmp_path / "profiles.csv", [{"name": "Ana", "business_costs": 1}]))
    with pytest.raises(ValueError, match="personal_costs, hourly_rate, hours_per_week"):
        generate(frame, template, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_existing_workbooks_are_skipped_unless_forced(tmp_path, template):
    first = run(tmp_path, [ANA, {**ANA, "name": "Bo"}], template)
    (tmp_path / "out" / "Bo.xlsx").write_bytes(b"kept")
    second = run(tmp_path, [ANA, {**ANA, "name": "Bo"}], template)
    assert (first.generated, second.generated, second.skipped) == (2, 0, 2)
    assert (tmp_path / "out" / "Bo.xlsx").read_bytes() == b"kept"
    forced = run(tmp_path, [ANA, {**ANA, "name": "Bo"}], template, force=True)
    assert (forced.generated, forced.skipped) == (2, 0)
    assert named_values(tmp_path / "out" / "Bo.xlsx")["profile_name"].value == "Bo"


def test_duplicate_and_case_twin_names_get_numbered_files(tmp_path, template):
    run(tmp_path, [ANA, ANA, {**ANA, "name": "ana ruiz"}], template)
    names = sorted(p.name for p in (tmp_path / "out").glob("*.xlsx"))
    assert names == ["Ana Ruiz-2.xlsx", "Ana Ruiz.xlsx", "ana ruiz-3.xlsx"]


def test_fixing_a_bad_row_later_does_not_rename_the_others(tmp_path, template):
    run(tmp_path, [{**ANA, "tax_rate": 2}, ANA], template)
    assert [p.name for p in (tmp_path / "out").glob("*.xlsx")] == ["Ana Ruiz-2.xlsx"]
    rerun = run(tmp_path, [ANA, ANA], template)
    assert (rerun.generated, rerun.skipped) == (1, 1)


def test_two_processes_write_the_same_bytes_as_one(tmp_path, template):
    rows = [{**ANA, "name": f"P{i}", "cash": i * 1000} for i in range(2 * CHUNK_ROWS + 7)]
    frame = read_profiles(profiles_csv(tmp_path / "profiles.csv", rows))
    one = generate(frame, template, tmp_path / "one", jobs=1)
    two = generate(frame, template, tmp_path / "two", jobs=2)
    assert one.generated == two.generated == len(rows)
    for path in (tmp_path / "one").glob("*.xlsx"):
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()
    assert named_values(tmp_path / "two" / "P9.xlsx")["cash"].value == 9000


def test_ctrl_c_stops_with_the_summary_so_far(tmp_path, template):
    rows = [{**ANA, "name": f"P{i}"} for i in range(3 * CHUNK_ROWS)]

    def interrupt(done, total):  # Ctrl-C pressed as the first chunk is reported
        os.kill(os.getpid(), signal.SIGINT)

    frame = read_profiles(profiles_csv(tmp_path / "profiles.csv", rows))
    summary = generate(frame, template, tmp_path / "out", progress=interrupt)
    assert summary.interrupted and summary.generated == CHUNK_ROWS
    assert len(list((tmp_path / "out").glob("*.xlsx"))) == CHUNK_ROWS
    assert not list((tmp_path / "out").glob(".*.part"))


def test_a_failed_write_is_a_failed_row_in_errors_csv(tmp_path, template, monkeypatch):
    def full_disk(self, name, values):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Template, "fill", full_disk)
    summary = run(tmp_path, [ANA], template)
    assert (summary.generated, summary.failed) == (0, 1)
    errors = pd.read_csv(tmp_path / "out" / "errors.csv")
    assert errors.values.tolist() == [[2, "Ana Ruiz", "file", "Ana Ruiz.xlsx", "could not be written: No space left on device"]]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["errors.csv"]


def test_temporaries_of_a_killed_run_are_removed_and_those_of_a_live_run_are_kept(tmp_path, template):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / "out").mkdir()
        leftover = tmp_path / "out" / f".Ana Ruiz.{gone.pid}-abc12345.xlsx.part"
        in_progress = tmp_path / "out" / f".Bo.{alive.pid}-abc12345.xlsx.part"
        for path in (leftover, in_progress):
            path.write_bytes(b"half")
        run(tmp_path, [ANA], template)
        assert not leftover.exists() and in_progress.exists()
    finally:
        alive.kill()
        alive.wait()


def test_a_signal_during_a_run_stops_it_with_its_number_and_no_temporary_left(tmp_path, template):
    rows = [{**ANA, "name": f"P{i}"} for i in range(3 * CHUNK_ROWS)]

    def terminate(done, total):  # SIGTERM arrives as the first chunk is reported
        os.kill(os.getpid(), signal.SIGTERM)

    summary = run(tmp_path, rows, template, progress=terminate)
    assert summary.interrupted and summary.stop_signal == signal.SIGTERM and summary.generated == CHUNK_ROWS
    assert not list((tmp_path / "out").glob(".*.part"))
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the run's handler is gone after it


def test_an_unexpected_error_writing_one_row_fails_that_row_and_the_others_are_written(tmp_path, template,
                                                                                      monkeypatch):
    fill = Template.fill

    def fails_for_bo(self, name, values):
        if name == "Bo":
            raise KeyError("a bug")
        return fill(self, name, values)

    monkeypatch.setattr(Template, "fill", fails_for_bo)
    summary = run(tmp_path, [ANA, {**ANA, "name": "Bo"}], template)
    assert (summary.generated, summary.failed) == (1, 1)
    errors = pd.read_csv(tmp_path / "out" / "errors.csv")
    assert errors.values.tolist() == [[3, "Bo", "file", "Bo.xlsx",
                                       "could not be written: unexpected KeyError: 'a bug'"]]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["Ana Ruiz.xlsx", "errors.csv"]

