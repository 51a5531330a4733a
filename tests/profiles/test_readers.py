"""Profile files as people really have them: one fixture per real-world variant, each read
through ``evaluate`` and ``generate`` to the same numbers as the clean CSV."""

from __future__ import annotations

import codecs
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from generate_fixtures import mini_template

from xlincome import batch
from xlincome.cli import main
from xlincome.errors import InputError
from xlincome.profiles import read_profile_file, read_profiles

HEADER = ["name", "business_costs", "personal_costs", "tax_rate", "margin", "hourly_rate", "hours_per_week",
          "build_hours", "price", "units_per_month"]
#: Two profiles with hand-checkable floors: (1500 + 3600 / 0.75) * 1.1 = 6930 and
#: 900 + 2000.5 / 0.8 = 3400.625; service incomes 125 * 30 * 48 / 12 = 15000 and 90 * 25 * 4 = 9000.
ROWS = [["José Müller", "1500", "3600", "0.25", "0.10", "125", "30", "120", "99", "30"],
        ["Zoë Lefèvre", "900", "2000.5", "0.2", "0", "90", "25", "80", "49", "20"]]
FLOORS = [6930.0, 3400.625]
SERVICE = [15000.0, 9000.0]


def lines(header, rows, sep=","):
    return "".join(sep.join(row) + "\r\n" for row in [header, *rows])


CLEAN = lines(HEADER, ROWS)
EUROPEAN = lines(HEADER, [["José Müller", "1.500,00", "3600", "0,25", "0,1", "125", "30", "120", "99", "30"],
                          ["Zoë Lefèvre", "900", "2.000,50", "0,2", "0", "90", "25", "80", "49", "20"]], ";")
TYPED = lines(HEADER, [["José Müller", '"$1,500"', "€3600", "25%", "10 %", "$125.00", "30", "120", "99", "30"],
                       ["Zoë Lefèvre", "900 EUR", '"2,000.50"', "20%", "0%", "90", "25", "80", "$49", "20"]])
LOOSE = lines(["Name", "Business Costs", "personal-costs", "TAX RATE", "Margin:", "Hourly Rate", "hours per week",
               "build_hours", "Price", "Units per Month"], ROWS)


def xlsx_on_second_sheet(path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active["A1"] = "Profiles are on the next sheet"
    sheet = book.create_sheet("Freelancers")
    sheet.append(["Freelancer profiles, 2026"])
    sheet.append([])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append([row[0], *map(float, row[1:])])
    sheet.append([])
    book.save(path)


VARIANTS = {
    "clean.csv": lambda path: path.write_text(CLEAN, encoding="utf-8"),
    "utf8-bom.csv": lambda path: path.write_bytes(codecs.BOM_UTF8 + CLEAN.encode()),
    "windows-1252.csv": lambda path: path.write_bytes(CLEAN.encode("cp1252")),
    "unicode-text.txt": lambda path: path.write_bytes(lines(HEADER, ROWS, "\t").encode("utf-16")),
    "european.csv": lambda path: path.write_bytes(EUROPEAN.encode("cp1252")),
    "typed-numbers.csv": lambda path: path.write_text(TYPED, encoding="utf-8"),
    "loose-headers.csv": lambda path: path.write_text(LOOSE, encoding="utf-8"),
    "title-row.csv": lambda path: path.write_text("Freelancer profiles;;\r\n\r\n" + CLEAN, encoding="utf-8"),
    "second-sheet.xlsx": xlsx_on_second_sheet,
    "trailing-blank-rows.csv": lambda path: path.write_text(CLEAN + ",,,,,,,,,\r\n" * 3 + "\r\n",
                                                            encoding="utf-8"),
    "mac-line-ends.csv": lambda path: path.write_bytes(CLEAN.replace("\r\n", "\r").encode("cp1252")),
    "blank-rows-between.csv": lambda path: path.write_text(
        lines(HEADER, [ROWS[0], [""] * len(HEADER), ROWS[1]]), encoding="utf-8"),
}


@pytest.fixture(params=sorted(VARIANTS))
def variant(request, tmp_path):
    path = tmp_path / request.param
    VARIANTS[request.param](path)
    return path


def test_every_variant_reads_to_the_clean_numbers(variant):
    results = batch.evaluate(read_profiles(variant))
    assert results["error"].isna().all(), results["error"].tolist()
    assert results["name"].tolist() == ["José Müller", "Zoë Lefèvre"]
    assert results["revenue_floor"].tolist() == pytest.approx(FLOORS, rel=1e-12)
    assert results["service_income"].tolist() == pytest.approx(SERVICE, rel=1e-12)


def test_every_variant_evaluates_on_the_command_line_to_the_clean_results(variant, tmp_path):
    output = tmp_path / "results.csv"
    result = CliRunner().invoke(main, ["evaluate", str(variant), "-o", str(output)])
    assert result.exit_code == 0, result.output
    results = pd.read_csv(output)
    assert results["revenue_floor"].tolist() == pytest.approx(FLOORS, rel=1e-12)
    assert results["service_income"].tolist() == pytest.approx(SERVICE, rel=1e-12)


def test_every_variant_generates_the_workbooks_of_the_clean_file(variant, tmp_path):
    template = mini_template(tmp_path / "mini.xlsx")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", str(variant), "--template", str(template), "--out", str(out),
                                       "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.glob("*.xlsx")) == ["José Müller.xlsx", "Zoë Lefèvre.xlsx"]
    book = openpyxl.load_workbook(out / "José Müller.xlsx")
    cells = {name: book[sheet][ref.replace("$", "")].value for name, defined in book.defined_names.items()
             for sheet, ref in defined.destinations}
    assert (cells["business_costs"], cells["personal_costs"], cells["tax_rate"], cells["margin"]) == \
        (1500, 3600, 0.25, 0.1)


@pytest.mark.parametrize("file, notices", [
    ("windows-1252.csv", ["read as Windows-1252 (cp1252)"]),
    ("unicode-text.txt", ["read as UTF-16", "read as tab-separated with a decimal point"]),
    ("european.csv", ["read as Windows-1252 (cp1252)", "read as ';'-separated with a decimal comma"]),
    ("title-row.csv", ["header found on row 3"]),
    ("second-sheet.xlsx", ["read sheet 'Freelancers'", "header found on row 3"]),
    ("clean.csv", []),
    ("utf8-bom.csv", ["read as UTF-8 with a byte-order mark"]),
])
def test_what_the_reader_found_is_said_once(tmp_path, file, notices):
    path = tmp_path / file
    VARIANTS[file](path)
    assert read_profile_file(path).notices == notices
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    for notice in notices:
        assert result.output.count(notice) == 1


def test_loosely_matched_headers_are_listed_once(tmp_path):
    path = tmp_path / "loose.csv"
    VARIANTS["loose-headers.csv"](path)
    [notice] = read_profile_file(path).notices
    assert notice.startswith("columns matched by name: 'Name' -> name, 'Business Costs' -> business_costs")
    assert "'Units per Month' -> units_per_month" in notice and "build_hours" not in notice


def test_a_blank_row_keeps_the_row_numbers_of_the_rows_below_it(tmp_path):
    path = tmp_path / "p.csv"
    VARIANTS["blank-rows-between.csv"](path)
    assert list(read_profiles(path).index) == [2, 4]


def test_rows_below_a_title_are_numbered_as_the_spreadsheet_shows_them(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("My profiles\n\n" + lines(HEADER, [ROWS[0], [*ROWS[1][:5], "n/a", *ROWS[1][6:]]]))
    assert batch.validate(read_profiles(path))[["row", "column", "value"]].values.tolist() == \
        [[5, "hourly_rate", "n/a"]]


# -- numbers as typed -----------------------------------------------------------------------------

@pytest.mark.parametrize("typed, number", [
    ("25%", 0.25), ("12.5 %", 0.125), ("$1,500", 1500), ("€1.500,00", 1500), ("1 500", 1500),
    ("1,500.50", 1500.5), ("-$20", -20), ("USD 1,234,567.89", 1234567.89), ("1\u00a0500", 1500), (".5", 0.5),
])
def test_numbers_as_people_type_them_in_a_comma_file(tmp_path, typed, number):
    path = tmp_path / "p.csv"
    path.write_text(lines(["name", "tax_rate" if "%" in typed else "cash"], [["Ana", f'"{typed}"']]))
    frame = read_profiles(path)
    assert frame[frame.columns[1]].tolist() == [pytest.approx(number, rel=1e-15)]


@pytest.mark.parametrize("typed, number", [("1.500,00", 1500), ("0,25", 0.25), ("€ 2.000,5", 2000.5),
                                           ("1 500,75", 1500.75), ("12", 12)])
def test_numbers_with_a_decimal_comma_in_a_semicolon_file(tmp_path, typed, number):
    path = tmp_path / "p.csv"
    path.write_text(lines(["name", "cash", "price"], [["Ana", typed, "0,5"]], ";"))
    assert read_profiles(path)["cash"].tolist() == [number]


@pytest.mark.parametrize("typed", ["12abc", "1.2.3", "$", "1,5,0", "++5", "5%%", "ten", "1,500.2.5"])
def test_anything_else_is_an_error_naming_row_column_and_the_value_as_typed(tmp_path, typed):
    path = tmp_path / "p.csv"
    path.write_text(lines(["name", "cash", "tax_rate"], [["Ana", "100", "20%"], ["Bo", f'"{typed}"', "20%"]]))
    problems = batch.validate(pd.concat([read_profiles(path).assign(business_costs=1, personal_costs=1,
                                                                    hourly_rate=1, hours_per_week=1,
                                                                    build_hours=1, price=1, units_per_month=1)]))
    assert problems[["row", "column", "value", "rule"]].values.tolist() == [[3, "cash", typed, "must be a number"]]


def test_a_percentage_outside_a_fraction_column_is_an_error(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(lines(HEADER, [[*ROWS[0][:5], "30%", *ROWS[0][6:]]]))
    problems = batch.validate(read_profiles(path))
    assert problems[["row", "column", "value"]].values.tolist() == [[2, "hourly_rate", "30%"]]


# -- what settles a file the reader cannot: --sep, --decimal, --sheet ------------------------------

def test_an_ambiguous_separator_names_sep_and_sep_settles_it(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("name,cash;price;margin;fee_rate,tax_rate\nAna,1;2;0.1;0.2,0.3\n")
    with pytest.raises(InputError, match="pass --sep"):
        read_profiles(path)
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code == 2 and "--sep" in result.output
    assert read_profiles(path, sep=",").columns.tolist() == ["name", "cash;price;margin;fee_rate", "tax_rate"]
    assert read_profiles(path, sep=";")["price"].tolist() == [2]


def test_both_decimal_marks_name_decimal_and_decimal_settles_it(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(lines(["name", "cash", "tax_rate"], [["Ana", "1,5", "0.25"]], ";"))
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code == 2 and "--decimal" in result.output
    frame = read_profiles(path, decimal=".")
    assert frame["tax_rate"].tolist() == [0.25]
    assert batch.validate(frame.assign(business_costs=1, personal_costs=1, hourly_rate=1, hours_per_week=1,
                                       build_hours=1, price=1, units_per_month=1))["value"].tolist() == ["1,5"]


def test_sheet_picks_the_sheet_and_an_unknown_sheet_lists_the_sheets(tmp_path):
    path = tmp_path / "p.xlsx"
    xlsx_on_second_sheet(path)
    assert read_profiles(path, sheet="Freelancers")["name"].tolist() == ["José Müller", "Zoë Lefèvre"]
    result = CliRunner().invoke(main, ["evaluate", str(path), "--sheet", "Sheet9"])
    assert result.exit_code == 2 and "'Notes', 'Freelancers'" in result.output
    result = CliRunner().invoke(main, ["evaluate", str(path), "--sheet", "Notes"])
    assert result.exit_code == 2 and "sheet 'Notes' has no row" in result.output


def test_a_file_without_a_header_row_says_what_it_looks_for(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(InputError, match="header row naming the profile columns"):
        read_profiles(path)


def test_another_windows_code_page_is_found_by_the_detector(tmp_path):
    path = tmp_path / "p.csv"
    names = ["Жанна Петрова", "Сергей Иванов", "Ольга Смирнова"]
    path.write_bytes(lines(HEADER, [[name, *ROWS[0][1:]] for name in names]).encode("cp1251"))
    read = read_profile_file(path)
    assert read.frame["name"].tolist() == names
    assert read.notices == ["read as Windows-1251 (cp1251)"]


def test_a_column_mixing_numbers_text_and_blanks_as_a_workbook_gives_it():
    from xlincome.profiles.readers.numbers import to_numbers

    raw = pd.Series([None, "5", 3.0, True, float("nan"), " ", "25%", "abc"], dtype=object)
    values, bad = to_numbers(raw, percent=True)
    assert values[[1, 2, 6]].tolist() == [5.0, 3.0, 0.25]
    assert bad.tolist() == [False, False, False, True, False, False, False, True]
    values, bad = to_numbers(pd.Series([None, None], dtype=object))
    assert not bad.any()


def test_a_windows_1252_name_far_below_an_ascii_start_is_read_right(tmp_path):
    path = tmp_path / "p.csv"
    many = [[f"Ana {i}", *ROWS[0][1:]] for i in range(8000)]  # more than the 256 KB looked at first
    path.write_bytes(lines(HEADER, [*many, ROWS[0]]).encode("cp1252"))
    read = read_profile_file(path)
    assert read.frame["name"].iloc[-1] == "José Müller" and len(read.frame) == 8001
    assert read.notices == ["read as Windows-1252 (cp1252)"]


def test_a_workbook_whose_declared_size_is_too_small_is_read_whole(tmp_path):
    import re
    import zipfile

    path, shrunk = tmp_path / "p.xlsx", tmp_path / "shrunk.xlsx"
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in ROWS * 3:
        book.active.append([row[0], *map(float, row[1:])])
    book.save(path)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(shrunk, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":  # a writer that declares 2 data rows only
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:J3"', data)
            target.writestr(item, data)
    assert read_profiles(shrunk)["name"].tolist() == [row[0] for row in ROWS * 3]


def test_a_chart_sheet_before_the_profiles_is_passed_over(tmp_path):
    from openpyxl.chart import BarChart

    path = tmp_path / "p.xlsx"
    book = openpyxl.Workbook()
    book.create_chartsheet("Chart", 0).add_chart(BarChart())
    sheet = book["Sheet"]
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append([row[0], *map(float, row[1:])])
    book.save(path)
    assert read_profiles(path)["name"].tolist() == ["José Müller", "Zoë Lefèvre"]
    result = CliRunner().invoke(main, ["evaluate", str(path), "--sheet", "Chart"])
    assert result.exit_code == 2 and "must name a sheet of the workbook that holds cells" in result.output
