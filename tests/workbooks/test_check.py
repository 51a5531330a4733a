"""Reading workbooks back (``xlincome.workbooks.check``): the model's results for the named inputs, the
stored results held against them, and a clear refusal of anything that is not a workbook."""

import zipfile

import openpyxl
from openpyxl import load_workbook
import pytest
from click.testing import CliRunner
from generate_fixtures import ANA, MINI_RESULT_NAMES, mini_template, profiles_csv
from openpyxl.workbook.defined_name import DefinedName

from xlincome.workbooks.check import check_workbook
from xlincome.profiles import NUMERIC
from xlincome.cli import main
from xlincome.workbooks.generate import generate
from xlincome.workbooks.personalize import Template
from xlincome.profiles import read_profiles
from xlincome.workbooks.choice import load_template
from xlincome.workbooks.templates import RESULT_NAMES
from xlincome.files.xlsx_parts import MAX_UNCOMPRESSED, UnreadableWorkbook
from xlincome.workbooks import engines


@pytest.fixture
def generated(tmp_path):
    """Ana's workbook from the mini template, not yet opened in a spreadsheet."""
    frame = read_profiles(profiles_csv(tmp_path / "profiles.csv", [ANA]))
    generate(frame, Template(mini_template(tmp_path / "mini.xlsx")), tmp_path / "out")
    return tmp_path / "out" / "Ana Ruiz.xlsx"


def with_stored_results(source, target, stored):
    """``source`` with ``stored`` {cell: value} written over cells, as a spreadsheet saves them."""
    book = openpyxl.load_workbook(source)
    for ref, value in stored.items():
        book.active[ref] = value
    book.save(target)
    return target


def test_inputs_are_read_through_defined_names_and_the_model_runs_on_them(generated):
    report = check_workbook(generated, MINI_RESULT_NAMES)
    assert report.name == "Ana Ruiz" and report.inputs["personal_costs"] == 3600
    model = {result.column: result.model for result in report.results}
    assert model["revenue_floor"] == pytest.approx(6930) and model["service_income"] == 15000
    assert model["reserve_months"] == pytest.approx(21000 / 5100)


def test_a_workbook_never_recalculated_has_no_stored_results_to_disagree(generated):
    report = check_workbook(generated, MINI_RESULT_NAMES)
    assert [result.agrees for result in report.results] == [None, None, None]
    assert report.disagreements == ()


def test_stored_results_equal_to_the_model_agree_and_a_typed_over_result_is_flagged(generated, tmp_path):
    rows = {name: row for row, name in enumerate(MINI_RESULT_NAMES.values(), start=len(NUMERIC) + 4)}
    filled = with_stored_results(generated, tmp_path / "typed.xlsx",
                                 {f"B{rows['floor_result']}": 6930.0000000001, f"B{rows['service_result']}": 15001})
    report = check_workbook(filled, MINI_RESULT_NAMES)
    verdicts = {result.column: (result.agrees, result.formula) for result in report.results}
    assert verdicts["revenue_floor"] == (True, False)
    assert verdicts["service_income"] == (False, False)
    assert [result.column for result in report.disagreements] == ["service_income"]


def test_an_input_that_breaks_a_rule_is_reported_not_computed(generated, tmp_path):
    broken = with_stored_results(generated, tmp_path / "broken.xlsx", {"B5": 1.5})  # tax_rate
    report = check_workbook(broken, MINI_RESULT_NAMES)
    assert report.problems[["column", "rule"]].values.tolist() == [["tax_rate", "must be in [0, 1); for 10 % write 0.10 or 10%"]]
    assert report.results == ()


def test_truncated_file_is_refused_with_a_clear_error(generated, tmp_path):
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(generated.read_bytes()[:2000])
    with pytest.raises(UnreadableWorkbook, match="truncated or damaged"):
        check_workbook(truncated, MINI_RESULT_NAMES)


def test_renamed_text_file_is_refused_with_a_clear_error(tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("name,business_costs\nAna,1500\n")
    with pytest.raises(UnreadableWorkbook, match="not an .xlsx workbook"):
        check_workbook(text, MINI_RESULT_NAMES)


def zip_bomb(path):
    """A workbook-shaped zip whose sheet uncompresses to just over the limit (a few hundred KB packed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"\0" * (1024 * 1024)
            for _ in range(MAX_UNCOMPRESSED // len(block) + 1):
                sheet.write(block)
    return path


def test_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bomb = zip_bomb(tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(UnreadableWorkbook, match="zip bomb"):
        check_workbook(bomb, MINI_RESULT_NAMES)


def test_xml_with_entity_expansion_is_refused(tmp_path):
    laughs = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
              '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&b;</workbook>')
    path = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", laughs)
        archive.writestr("xl/_rels/workbook.xml.rels", "<Relationships/>")
    with pytest.raises(UnreadableWorkbook, match="not safe, well-formed XML"):
        check_workbook(path, MINI_RESULT_NAMES)


def test_workbook_without_the_inputs_names_is_refused(tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = "just a sheet"
    book.save(tmp_path / "plain.xlsx")
    with pytest.raises(UnreadableWorkbook, match="no defined names for business_costs, personal_costs"):
        check_workbook(tmp_path / "plain.xlsx", MINI_RESULT_NAMES)


def with_stream_table(source, target, added, stored):
    """``source`` with a stream table (defined names ``amounts`` and ``kinds`` on B40:C43): the two
    linked rows as formulas, then ``added`` (kind, amount) rows; ``stored`` result cells by name."""
    book = openpyxl.load_workbook(source)
    sheet = book.active
    rows = [("service", "=hourly_rate*hours_per_week*weeks_per_year/12"), ("product", "=product_income"), *added]
    for row, (kind, amount) in enumerate(rows, start=40):
        sheet.cell(row, 2, kind)
        sheet.cell(row, 3, amount)
    for name, ref in (("kinds", "$B$40:$B$43"), ("amounts", "$C$40:$C$43")):
        book.defined_names[name] = DefinedName(name, attr_text=f"'My plan'!{ref}")
    for row, (name, value) in enumerate(stored.items(), start=45):
        sheet.cell(row, 2, value)
        book.defined_names[name] = DefinedName(name, attr_text=f"'My plan'!$B${row}")
    book.save(target)
    return target


def test_mix_results_count_the_streams_added_below_the_linked_rows(generated, tmp_path):
    # Ana: service income 125 x 30 h x 48 weeks / 12 = 15000, no product income, a course of 3000.
    share, streams = 3000 / 18000, 1 / ((15000 / 18000) ** 2 + (3000 / 18000) ** 2)
    added = with_stream_table(generated, tmp_path / "added.xlsx", [("course", 3000)],
                              {"share_result": share, "streams_result": streams})
    names = {**MINI_RESULT_NAMES, "scalable_share": "share_result", "effective_streams": "streams_result"}
    report = check_workbook(added, names)
    assert report.added_streams == 1
    checked = {result.column: (result.model, result.agrees) for result in report.results}
    assert checked["scalable_share"] == (pytest.approx(1 / 6), True)
    assert checked["effective_streams"] == (pytest.approx(324 / 234), True)


def test_an_added_amount_without_a_kind_is_an_input_problem_named_by_its_cell(generated, tmp_path):
    orphan = with_stream_table(generated, tmp_path / "orphan.xlsx", [(None, 3000)], {})
    report = check_workbook(orphan, MINI_RESULT_NAMES)
    assert report.problems[["column", "rule"]].values.tolist() == [
        ["kinds at My plan!B42", "must be given for every amount"]]
    assert report.results == ()


def test_text_typed_as_an_added_amount_is_an_input_problem_named_by_its_cell(generated, tmp_path):
    text = with_stream_table(generated, tmp_path / "text.xlsx", [("course", "abc")], {})
    report = check_workbook(text, MINI_RESULT_NAMES)
    assert report.problems[["column", "value", "rule"]].values.tolist() == [
        ["amounts at My plan!C42", "abc", "must be a number"]]


def test_check_of_an_income_plan_never_calculated_exits_0_and_says_nothing_was_checked(tmp_path):
    frame = read_profiles(profiles_csv(tmp_path / "profiles.csv", [ANA]))
    generate(frame, load_template("income_plan"), tmp_path / "out")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "out" / "Ana Ruiz.xlsx")])
    assert result.exit_code == 0, result.output
    assert "nothing was checked: the workbook holds no calculated results" in result.output
    assert result.output.count("not calculated yet") == len(RESULT_NAMES)


@pytest.mark.skipif(not engines.available("libreoffice"), reason=f"needs LibreOffice: {engines.install_hint('libreoffice')}")
def test_check_accepts_an_income_plan_with_its_risk_sheet_recalculated_by_libreoffice(tmp_path):
    frame = read_profiles(profiles_csv(tmp_path / "profiles.csv", [ANA]))
    generate(frame, load_template("income_plan", risk=True), tmp_path / "out")
    saved = engines.recalculate_xlsx([tmp_path / "out" / "Ana Ruiz.xlsx"], tmp_path / "calculated")
    workbook = saved[tmp_path / "out" / "Ana Ruiz.xlsx"]
    assert "Risk" in load_workbook(workbook, read_only=True).sheetnames
    result = CliRunner().invoke(main, ["check", str(workbook)])
    assert result.exit_code == 0, result.output
    assert f"all {len(RESULT_NAMES)} headline results agree with the model" in result.output
