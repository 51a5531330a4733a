"""``xlincome actuals`` on the command line: kinds, exit codes, reports, and hostile files."""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from xlincome.cli import main
from xlincome.profiles.actuals import Given, read_actuals, textfile

FIXTURES = Path(__file__).resolve().parents[1] / "profiles" / "actuals" / "fixtures"


def run(*args):
    return CliRunner().invoke(main, ["actuals", *map(str, args)])


def test_a_payment_file_given_bare_stops_naming_the_file_and_the_two_options():
    result = run(FIXTURES / "stripe_unified_payments.csv")
    assert result.exit_code == 2
    assert "stripe_unified_payments.csv is a Stripe payments export" in result.output
    assert "--service stripe_unified_payments.csv or --product stripe_unified_payments.csv" in result.output
    assert run(FIXTURES / "bank_statement.ofx").exit_code == 2


def test_a_file_of_no_known_source_names_the_sources_and_their_columns(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Customer,Invoice,Total\nAcme,17,100\n", encoding="utf-8")
    result = run(path)
    assert result.exit_code == 2
    assert "must be an export of a known source" in result.output
    assert "PayPal activity download (Date, Type, Status" in result.output


def test_the_month_table_is_printed_and_written_with_o(tmp_path):
    out = tmp_path / "months.csv"
    result = run("--product", FIXTURES / "stripe_unified_payments.csv", FIXTURES / "toggl_detailed.csv", "-o", out)
    assert result.exit_code == 0, result.output
    assert "2025-01" in result.output and "185.10" in result.output
    table = pd.read_csv(out)
    assert table.columns.tolist() == ["month", "service_income", "product_income", "billable_hours", "fees",
                                      "refunds", "cash", "transactions"]
    assert table["billable_hours"].tolist() == [3.75, 3.0]
    assert run("--product", FIXTURES / "stripe_unified_payments.csv", "-o", out).exit_code == 2  # exists
    xlsx = tmp_path / "months.xlsx"
    assert run("--product", FIXTURES / "stripe_unified_payments.csv", "-o", xlsx).exit_code == 0
    assert pd.read_excel(xlsx)["product_income"].tolist() == [185.1, 18.5]


def test_bad_rows_are_reported_by_file_row_and_column_and_the_others_still_count(tmp_path):
    path = tmp_path / "months.csv"
    path.write_text("date,amount,kind\n2025-01-15,1000,consulting\nsoon,5,course\n2025-01-20,lots,course\n"
                    "2025-02-01,300,crypto\n2025-02-03,200,course,extra\n2025-02-10,50,course\n", encoding="utf-8")
    result = run(path)
    assert result.exit_code == 1
    assert "months.csv row 3, column date: must be a date" in result.output
    assert "months.csv row 4, column amount: must be a number (got lots)" in result.output
    assert "months.csv row 5, column kind: must be a kind HYBRID_MIX knows" in result.output
    assert "months.csv row 6, column (row): must have 3 fields, like the header" in result.output
    assert "4 rows with errors" in result.output
    read = read_actuals([Given(path)])
    assert read.months["service_income"].tolist() == [1000, 0] and read.months["product_income"].tolist() == [0, 50]


def test_rows_in_another_currency_are_reported_with_their_rows(tmp_path):
    result = run("--service", FIXTURES / "paypal_activity_de.csv", FIXTURES / "gumroad_sales.csv")
    assert result.exit_code == 0
    assert "gumroad_sales.csv: left out 4 rows in USD, not EUR (rows 2, 3, 4, 5); pass --currency USD" in \
        " ".join(result.output.split())


def test_file_text_reaches_the_terminal_inert(tmp_path):
    path = tmp_path / "months.csv"
    path.write_text("date,amount,kind\n2025-01-15,100,[bold red]x[/]\x1b[2J\x1b]8;;http://e.vil\x07\n",
                    encoding="utf-8")
    result = run(path)
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "[bold red]x[/]\\x1b[2J" in result.output  # markup shown as typed, escapes spelled out


def test_damaged_and_hostile_files_stop_with_a_clear_error(tmp_path):
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "must be a text export" in run(binary).output
    truncated = tmp_path / "cut.ofx"
    truncated.write_bytes((FIXTURES / "bank_statement.ofx").read_bytes()[:700])
    result = run("--service", truncated)  # ofxtools reads up to the cut: the cut transaction is reported
    assert result.exit_code == 1 and "cut.ofx transaction 2, column STMTTRN: must be a valid OFX" in result.output
    garbage = tmp_path / "garbage.ofx"
    garbage.write_text("OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><<<>>></OFX>")
    assert run("--service", garbage).exit_code == 2
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&b;</Document>')
    result = run("--product", bomb)
    assert result.exit_code == 2 and "must not declare a DTD or entities" in result.output
    broken = tmp_path / "broken.xml"
    broken.write_text('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>')
    assert "must be a readable camt.053 statement" in run("--product", broken).output
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"date,amount,kind\n2025-01-01,1\x000,service\n")
    assert run(nul).exit_code in (1, 2)


def test_a_huge_file_is_read_in_bounded_memory(tmp_path, monkeypatch):
    """Ten times the rows (both many chunks long) take the same memory but for the ids seen."""
    monkeypatch.setattr(textfile, "CHUNK_ROWS", 5_000)
    def peak(rows: int) -> int:
        path = tmp_path / f"plain{rows}.csv"
        with path.open("w", encoding="utf-8") as handle:
            handle.write("id,date,amount,kind\n")
            for number in range(rows):
                handle.write(f"t{number},2025-{number % 12 + 1:02d}-15,{number % 997}.25,consulting\n")
        tracemalloc.start()
        read = read_actuals([Given(path)])
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert read.months["transactions"].sum() == rows
        return top

    small, large = peak(20_000), peak(200_000)
    assert large < 1.3 * small + 48 * 200_000, (small, large)  # the ids: 8 bytes each, copied while merged  # 8 bytes an id beyond the chunk


def test_an_ofx_file_without_the_optional_ofxtools_says_how_to_add_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "ofxtools", None)  # as where xlincome[ofx] is not installed
    monkeypatch.setitem(sys.modules, "ofxtools.Parser", None)
    result = run("--service", FIXTURES / "bank_statement.ofx")
    assert result.exit_code == 2
    assert "needs ofxtools" in result.output and "pip install 'xlincome[ofx]'" in result.output
