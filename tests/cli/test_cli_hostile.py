"""Hostile profile text on the command line: shown literally, never as markup or escape codes;
an unexpected error is one line (the traceback only with --debug); the terminal table is bounded."""

import io
import json
import os
import re
import signal
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from xlincome import batch
from xlincome.cli import results_table
from xlincome.cli import main
from xlincome.workbooks.templates import TEMPLATES
from xlincome.text.terminal import inert

GOOD = {"name": "Ana", "business_costs": 1500, "personal_costs": 3600, "tax_rate": 0.25, "margin": 0.1,
        "hourly_rate": 125, "hours_per_week": 30, "build_hours": 120, "price": 99, "units_per_month": 30}
#: The names of the attack campaign, and what the terminal must show for each.
HOSTILE = {
    "[/]": "[/]",
    "Di [/red]": "Di [/red]",
    "Bo [b]old": "Bo [b]old",
    "[link=file:///etc/passwd]click[/link]": "[link=file:///etc/passwd]click[/link]",
    "Ana\x1b[2J": "Ana\\x1b[2J",
    "Eve\x1b]8;;http://evil/\x1b\\x": "Eve\\x1b]8;;http://evil/\\x1b\\x",
    "Cid\x9b31m": "Cid\\x9b31m",
    "Dan\u202eexe.xlsx": "Dan\\u202eexe.xlsx",
    "Fay\x07\x08": "Fay\\x07\\x08",
}


#: The hostile names holding control characters: refused as bad names (a row of their own),
#: their messages quoting them inertly; the others are computed and shown in the table.
REFUSED = [name for name in HOSTILE if re.search(batch.CONTROL_CHARACTERS, name)]
CONTROL_PROBLEM = "name must not contain control characters"


def profiles_json(path: Path, rows: list[dict]) -> Path:
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def results_for(names):
    return batch.evaluate(pd.DataFrame([{**GOOD, "name": name} for name in names],
                                       index=pd.RangeIndex(2, 2 + len(names), name="row")))


def test_terminal_text_spells_out_controls_and_keeps_markup_literal():
    assert inert("Ana\x1b[2J\u202e\u2028") == "Ana\\x1b[2J\\u202e\\u2028"
    assert inert("[b]bold[/b]") == "[b]bold[/b]"
    assert inert(12.5) == "12.5"
    assert inert("é中文 🙂") == "é中文 🙂"  # printable text is kept as typed


def test_hostile_names_print_literally_with_no_escape_sequence_on_a_colour_terminal():
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="truecolor", width=200)
    results = results_for(list(HOSTILE))
    results_table.show(results, console)
    results_table.show_problems(results.attrs["problems"], console)
    shown = buffer.getvalue()
    for name, literal in HOSTILE.items():
        assert literal in shown if name not in REFUSED else f"got '{name[:3]}" in shown
    assert shown.count(CONTROL_PROBLEM) == len(REFUSED) == 4
    assert "\x1b]8;" not in shown  # no hyperlink
    assert "\x1b[2J" not in shown and "\x9b" not in shown and "\u202e" not in shown and "\x07" not in shown


def test_evaluate_shows_hostile_names_and_headers_literally(tmp_path):
    rows = [{**GOOD, "name": name, "[/] x \x1b[2J": 1} for name in HOSTILE]
    result = CliRunner().invoke(main, ["evaluate", str(profiles_json(tmp_path / "p.json", rows))])
    assert result.exit_code == 1, result.output
    assert "ignored unknown columns: [/] x \\x1b[2J" in result.output
    for name, literal in HOSTILE.items():
        if name not in REFUSED:
            assert literal in result.output
    assert result.output.count(CONTROL_PROBLEM) == len(REFUSED)
    assert "\x1b" not in result.output and "Traceback" not in result.output


def test_problems_quote_hostile_values_inertly(tmp_path):
    rows = [{**GOOD, "name": "[b]x", "price": "[red]\x1b[2J"}]
    result = CliRunner().invoke(main, ["evaluate", str(profiles_json(tmp_path / "p.json", rows))])
    assert result.exit_code == 1
    assert "row 1 ([b]x), column price: price must be a number, got '[red]\\x1b[2J'" in result.stderr
    assert "\x1b" not in result.output


def test_generate_prints_a_hostile_out_folder_and_names_literally(tmp_path):
    rows = [{**GOOD, "name": name} for name in ("[/]", "Bo [b]old", "Bad\x00")]
    out = tmp_path / "[/] out"
    result = CliRunner().invoke(main, ["generate", str(profiles_json(tmp_path / "p.json", rows)),
                                       "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert "generated 2, skipped 0, failed 1" in result.output
    assert f"bad rows are listed in {out / 'errors.csv'}" in result.output
    assert sorted(path.name for path in out.glob("*.xlsx")) == ["Bo [b]old.xlsx", "[_].xlsx"]


def test_the_table_shows_at_most_50_rows_and_says_where_the_rest_is(tmp_path):
    rows = [{**GOOD, "name": f"P{i}"} for i in range(120)] + [{**GOOD, "name": f"B{i}", "price": -1}
                                                               for i in range(60)]
    result = CliRunner().invoke(main, ["evaluate", str(profiles_json(tmp_path / "p.json", rows))])
    assert result.exit_code == 1
    assert "│ P49 " in result.stdout and "P50 " not in result.stdout
    assert "showing the first 50 of 120 computed profiles; -o results.csv (or .xlsx) writes every row" in result.stdout
    problem_lines = [line for line in result.stderr.splitlines() if line.startswith("row ")]
    assert len(problem_lines) == 50 and problem_lines[0].startswith("row 121 (B0), column price")
    assert "... and 10 more problems" in result.stderr
    assert "120 profiles computed, 60 with errors" in result.stdout


def test_an_unexpected_error_is_one_line_with_exit_2_and_the_traceback_only_with_debug(monkeypatch):
    def broken(frame):
        raise KeyError("boom \x1b[2J")

    monkeypatch.setattr(batch, "evaluate", broken)
    result = CliRunner().invoke(main, ["evaluate", "examples/profiles.csv"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "Error: unexpected KeyError: 'boom \\x1b[2J' (run again with --debug to see where it happened,"
        " and please report it)"]
    assert "Traceback" not in result.output
    debug = CliRunner().invoke(main, ["--debug", "evaluate", "examples/profiles.csv"])
    assert isinstance(debug.exception, KeyError)


def test_a_click_error_quoting_a_file_is_made_inert(tmp_path):
    path = tmp_path / "p.csv"
    # a column named twice: the message quotes it
    path.write_text("name,business_costs,personal_costs,hourly_rate,hours_per_week,build_hours,price,units_per_month,"
                    "pri\x1b[2Jce,pri\x1b[2Jce\nAna,1500,3600,125,30,120,99,30,1,2\n")
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code == 2
    assert "pri\\x1b[2Jce twice" in result.output and "\x1b" not in result.output


def test_sigterm_during_evaluate_exits_143_and_writes_no_output(monkeypatch, tmp_path):
    evaluate = batch.evaluate

    def terminated_while_computing(frame):
        os.kill(os.getpid(), signal.SIGTERM)
        return evaluate(frame)

    monkeypatch.setattr(batch, "evaluate", terminated_while_computing)
    out = tmp_path / "r.csv"
    result = CliRunner().invoke(main, ["evaluate", "examples/profiles.csv", "-o", str(out)])
    assert result.exit_code == 143
    assert "stopped by a signal" in result.stderr and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


# -- fuzzing -------------------------------------------------------------------------------

#: Pieces the fuzzer builds names and headers from: markup, escape sequences, controls, bidi
#: and separator characters, CSV and JSON syntax.
PIECES = ["[", "]", "/", "[/]", "[b]", "[/b]", "[red]", "[link=file:///etc/passwd]", "[/link]", "[@click]",
          "\x1b[2J", "\x1b]8;;http://x\x1b\\", "\x1b[31m", "\x9b", "\x07", "\x08", "\x00", "\x7f", "\r", "\n",
          "\t", "\u202e", "\u2066", "\u200d", "\u2028", "\u2029", "\ufeff", '"', "'", ",", ";", "=", "+", "-",
          "@", "\\", ":", "{", "}", " "]
hostile_text = st.one_of(
    st.lists(st.one_of(st.sampled_from(PIECES), st.characters(codec="utf-8")), max_size=12).map("".join),
    st.tuples(st.sampled_from(PIECES + ["x"]), st.integers(1000, 40_000)).map(lambda piece: piece[0] * piece[1]),
)


def assert_clean(result):
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "Error: unexpected" not in result.output  # no bug reached the last line
    assert "\x1b" not in result.output and "\x9b" not in result.output


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(hostile_text, min_size=1, max_size=4), header=hostile_text,
       kind=st.sampled_from(["json", "csv"]))
def test_evaluate_never_shows_a_traceback_or_an_escape_whatever_the_text(names, header, kind):
    rows = [{**GOOD, "name": name, header: name} for name in names]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"p.{kind}"
        if kind == "json":
            profiles_json(path, rows)
        else:
            pd.DataFrame(rows).to_csv(path, index=False)
        for args in (["evaluate", str(path)], ["evaluate", str(path), "-o", str(Path(folder) / "r.csv")]):
            assert_clean(CliRunner().invoke(main, args))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(hostile_text, min_size=1, max_size=3))
def test_generate_never_shows_a_traceback_or_an_escape_whatever_the_name(names):
    rows = [{**GOOD, "name": name} for name in names]
    with tempfile.TemporaryDirectory() as folder:
        path = profiles_json(Path(folder) / "p.json", rows)
        result = CliRunner().invoke(main, ["generate", str(path), "--out", str(Path(folder) / "out"),
                                           "--jobs", "1"])
        assert_clean(result)
        assert not list((Path(folder) / "out").glob(".*"))
        for workbook in (Path(folder) / "out").glob("*.xlsx"):
            assert workbook.resolve().parent == (Path(folder) / "out").resolve()


@pytest.mark.parametrize("args", [["check", "README.md"], ["templates", "--out", "README.md"],
                                  ["generate", "README.md"], ["evaluate", "Makefile"]])
def test_wrong_files_are_usage_errors_without_a_traceback(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "Traceback" not in result.output and "unexpected" not in result.output


def test_check_shows_a_hostile_name_from_the_workbook_literally(tmp_path):
    rows = [{**GOOD, "name": "[link=file:///etc/passwd]Di [/red]\u202eexe"}]
    CliRunner().invoke(main, ["generate", str(profiles_json(tmp_path / "p.json", rows)), "--out",
                              str(tmp_path / "out"), "--jobs", "1"])
    (workbook,) = (tmp_path / "out").glob("*.xlsx")
    result = CliRunner().invoke(main, ["check", str(workbook)])
    assert result.exit_code == 0, result.output
    assert ": [link=file:///etc/passwd]Di [/red]\\u202eexe\n" in result.output


def test_templates_prints_a_hostile_out_folder_literally(tmp_path):
    out = tmp_path / "[/]t"
    result = CliRunner().invoke(main, ["templates", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{len(TEMPLATES)} workbooks with native formulas in {out}" in result.output.replace("\n", "")  # rich wraps at 80


def test_an_unexpected_error_with_a_huge_message_is_cut_and_still_says_how_to_see_more(monkeypatch):
    def broken(frame):
        raise ValueError("\x00" * 100_000)

    monkeypatch.setattr(batch, "evaluate", broken)
    result = CliRunner().invoke(main, ["evaluate", "examples/profiles.csv"])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: unexpected ValueError: \\x00\\x00") and "(100,000 characters)" in line
    assert line.endswith("(run again with --debug to see where it happened, and please report it)")
    assert len(line) < 2500
