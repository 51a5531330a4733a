"""Hostile or damaged profile files: never a silent shift, a traceback, a formula cell in an
output, or a cell a spreadsheet cannot hold."""

from __future__ import annotations

import csv
import json
import zipfile

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from generate_fixtures import ANA, mini_template

from xlincome import batch
from xlincome.cli import main
from xlincome.errors import InputError
from xlincome.profiles import read_profiles
from xlincome.workbooks.engines import libreoffice
from xlincome.files.xlsx_parts import MAX_UNCOMPRESSED

HEADER = ",".join(ANA)
LINE = ",".join(str(value) for value in ANA.values())


def run(*args):
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert "Traceback" not in result.output
    return result


# -- rows with more or fewer fields than the header ------------------------------------------------

@pytest.mark.parametrize("body, named", [
    (f"{LINE}\n{LINE},\n{LINE}\n", "row 3 has 13"),            # a trailing comma on one row
    (f"{LINE},\n{LINE},\n", "row 2 has 13, row 3 has 13"),     # on every row: pandas would shift the columns
    (f"{LINE}\n{LINE.rsplit(',', 1)[0]}\n", "row 3 has 11"),   # a field missing
    (f'{LINE}\n"Ruiz, Ana",{LINE.split(",", 1)[1]},\n', "row 3 has 13"),  # quoted, with a separator inside
])
def test_a_row_with_more_or_fewer_fields_than_the_header_is_refused_naming_it(tmp_path, body, named):
    path = tmp_path / "p.csv"
    path.write_text(f"{HEADER}\n{body}")
    with pytest.raises(InputError, match="must have 12 fields in every row, like the header, " + named):
        read_profiles(path)
    out = tmp_path / "out"
    assert run("generate", path, "--template", mini_template(tmp_path / "t.xlsx"), "--out", out).exit_code == 2
    assert not out.exists()
    result = run("evaluate", path)
    assert result.exit_code == 2 and named in result.output


def test_a_quoted_name_with_the_separator_and_a_line_break_is_one_field(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(f'{HEADER}\n"Ruiz, Ana\nConsulting",{LINE.split(",", 1)[1]}\n{LINE}\n')
    frame = read_profiles(path)
    assert frame["name"].tolist() == ["Ruiz, Ana\nConsulting", "Ana Ruiz"]
    assert batch.evaluate(frame)["revenue_floor"].tolist()[1] == pytest.approx(6930, rel=1e-12)


# -- JSON --------------------------------------------------------------------------------------------

def test_a_json_key_given_twice_is_refused_like_a_column_named_twice(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('[{"name": "Ana", "price": 99, "price": 79}]')
    with pytest.raises(InputError, match="must name each key of a record once, got 'price' twice"):
        read_profiles(path)
    assert run("evaluate", path).exit_code == 2


@pytest.mark.parametrize("number, rule", [
    ("1" * 400, "must be a number a double can hold (at most about 1.8e308)"),
    ("-" + "9" * 400, "must be a number a double can hold (at most about 1.8e308)"),
    ("1e999", "must be a number a double can hold (at most about 1.8e308)"),
    ("9" * 5000, "must be a number a double can hold (at most about 1.8e308)"),
    ("NaN", "must be a number"), ("Infinity", "must be a number"), ("-Infinity", "must be a number"),
], ids=["400-digits", "negative-400-digits", "1e999", "5000-digits", "NaN", "Infinity", "-Infinity"])
def test_a_json_number_no_double_holds_is_a_row_error_and_the_other_profiles_are_done(tmp_path, number, rule):
    path = tmp_path / "huge.json"
    without_price = {key: value for key, value in ANA.items() if key != "price"}
    bad = json.dumps({**without_price, "name": "r"})[:-1] + f', "price": {number}}}'  # as written, not as parsed
    path.write_text(f'[{bad}, {json.dumps({**ANA, "name": "ok"})}]')
    frame = read_profiles(path)
    assert frame["name"].tolist() == ["r", "ok"]
    problems = batch.validate(frame)
    assert problems[["row", "column", "rule"]].values.tolist() == [[1, "price", rule]]
    for command, options in (("evaluate", []), ("generate", ["--out", tmp_path / "out"]),
                             ("plan", ["--name", "r"]), ("plan", ["--name", "ok"])):
        result = run(command, path, *options)
        good = options == ["--name", "ok"]
        assert result.exit_code == (0 if good else 1), result.output
        if not good and command != "generate":  # generate lists the bad rows in errors.csv
            assert f"row 1 (r), column price: price {rule}" in " ".join(result.output.split())
    assert [p.name for p in (tmp_path / "out").glob("*.xlsx")] == ["ok.xlsx"]
    errors = list(csv.DictReader((tmp_path / "out" / "errors.csv").open(encoding="utf-8")))
    assert [(row["row"], row["name"], row["column"], row["rule"]) for row in errors] == [("1", "r", "price", rule)]


def test_a_large_json_integer_that_fits_a_double_is_read(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([{**ANA, "cash": 10**30}]))
    assert read_profiles(path)["cash"].tolist() == [1e30]


# -- XLSX ----------------------------------------------------------------------------------------------

def test_a_profile_workbook_that_inflates_past_the_check_bound_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")  # a workbook but for its size
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            block = b"\0" * (1 << 20)
            for _ in range(MAX_UNCOMPRESSED // len(block) + 1):
                entry.write(block)
    assert path.stat().st_size < 1 << 20
    with pytest.raises(InputError, match="must be a readable XLSX workbook, bomb.xlsx uncompresses to more than"):
        read_profiles(path)
    assert run("evaluate", path).exit_code == 2


# -- names ----------------------------------------------------------------------------------------------

def test_names_are_kept_as_typed_leading_spaces_included(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(f'{HEADER}\n  Ana Ruiz,{LINE.split(",", 1)[1]}\n" Bo ",{LINE.split(",", 1)[1]}\n')
    assert read_profiles(path)["name"].tolist() == ["  Ana Ruiz", " Bo "]
    book = openpyxl.Workbook()
    book.active.append(list(ANA))
    book.active.append(["  Cy", *list(ANA.values())[1:]])
    book.save(tmp_path / "p.xlsx")
    assert read_profiles(tmp_path / "p.xlsx")["name"].tolist() == ["  Cy"]


@pytest.mark.parametrize("name, rule", [
    ("Ana\x1b[2J", "must not contain control characters"),
    ("\r=1+1", "must not contain control characters"),
    ("Tab\tName", "must not contain control characters"),
    ("x" * 32_768, "must be at most 32,767 characters"),
])
def test_a_name_no_cell_can_hold_is_a_bad_name_row(tmp_path, name, rule):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([ANA, {**ANA, "name": name}]))
    problems = batch.validate(read_profiles(path))
    assert problems[["row", "column"]].values.tolist() == [[2, "name"]]
    assert problems["rule"].iloc[0].startswith(rule)
    output = tmp_path / "results.xlsx"
    result = run("evaluate", path, "-o", output)
    assert result.exit_code == 1
    names = [row[1] for row in openpyxl.load_workbook(output).active.iter_rows(min_row=2, values_only=True)]
    assert names[0] == "Ana Ruiz" and len(names[1]) <= 32_767 and "\x1b" not in names[1]


def test_a_name_of_32767_characters_is_fine():
    frame = pd.DataFrame([{**ANA, "name": "x" * 32_767}])
    assert batch.validate(frame).empty


# -- outputs: no formula cell, whatever the names hold -------------------------------------------

HOSTILE = ["\r=1+1", "=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", "a\n=2+2", "\t=3+3", "1001", "  Ana"]


def hostile_results(tmp_path, suffix):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([{**ANA, "name": name} for name in HOSTILE]))
    output = tmp_path / f"results{suffix}"
    run("evaluate", path, "-o", output)
    return output


def test_results_and_errors_csv_have_one_record_per_row_and_no_cell_starting_a_formula(tmp_path):
    output = hostile_results(tmp_path, ".csv")
    generate_out = tmp_path / "out"
    run("generate", tmp_path / "p.json", "--template", mini_template(tmp_path / "t.xlsx"), "--out", generate_out)
    for written, rows in ((output, len(HOSTILE)), (generate_out / "errors.csv", 3)):
        raw = written.read_bytes()
        assert b"\r=" not in raw and b"\n=" not in raw
        with written.open(newline="") as handle:
            records = list(csv.reader(handle))
        assert len(records) == 1 + rows
        cells = [cell for record in records for cell in record]
        assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))]
        assert not [cell for cell in cells if "\r" in cell or "\n" in cell]
        # every text field is quoted
        assert raw.count(b'"') >= 2 * len(records[0])
    names = [record[1] for record in csv.reader(output.open(newline=""))][1:]
    assert names == ["'\\r=1+1", "'=1+1", "'+SUM(A1)", "'-2+3", "'@SUM(A1)", "a\\n=2+2", "'\\t=3+3", "1001", "  Ana"]
    errors = pd.read_csv(generate_out / "errors.csv")
    assert errors.columns.tolist() == ["row", "name", "column", "value", "rule"]
    assert errors["row"].tolist() == [1, 6, 7] and errors["name"].tolist()[0] == "'\\r=1+1"


@pytest.mark.skipif(libreoffice.soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_imports_results_csv_without_computing_any_cell(tmp_path):
    output = hostile_results(tmp_path, ".csv")
    libreoffice.convert([output], tmp_path / "lo", "xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "lo" / "results.xlsx").active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert sheet.max_row == 1 + len(HOSTILE)
    assert [sheet.cell(row, 2).value for row in range(2, 4)] == ["'\\r=1+1", "'=1+1"]


def test_results_xlsx_reads_like_a_report(tmp_path):
    output = hostile_results(tmp_path, ".xlsx")
    sheet = openpyxl.load_workbook(output).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["row", "name", "revenue_floor"] and header[-1] == "error"
    assert all(cell.font.bold for cell in sheet[1]) and sheet["A1"].fill.fgColor.rgb.endswith("305496")
    assert sheet.freeze_panes == "C2"
    names = [sheet.cell(row, 2) for row in range(2, 2 + len(HOSTILE))]
    assert [cell.value for cell in names] == ["\\r=1+1", "=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", "a\\n=2+2",
                                              "\\t=3+3", "1001", "  Ana"]
    assert all(cell.data_type == "s" for cell in names)
    good = 3  # "=1+1": a good row
    formats = {title: sheet.cell(good, column).number_format for column, title in enumerate(header, start=1)}
    assert sheet.cell(good, header.index("revenue_floor") + 1).value == pytest.approx(6930, rel=1e-12)
    assert formats["revenue_floor"] == formats["service_income"] == "#,##0.00"
    assert formats["scalable_share"] == "0.0%" and formats["reserve_months"] == "#,##0.0"
    assert sheet.column_dimensions["C"].width >= len("revenue_floor")


@pytest.mark.parametrize("cell", ["9" * 5000, "1e999", "-" + "9" * 400])
def test_a_csv_number_no_double_holds_is_named_as_such_not_as_a_blank(tmp_path, cell):
    path = tmp_path / "p.csv"
    pd.DataFrame([{**ANA, "name": "r", "cash": cell}, {**ANA, "name": "ok"}]).to_csv(path, index=False)
    problems = batch.validate(read_profiles(path))
    assert problems[["row", "column", "rule"]].values.tolist() == [
        [2, "cash", "must be a number a double can hold (at most about 1.8e308)"]]
    assert run("evaluate", path).exit_code == 1
