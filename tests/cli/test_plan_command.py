"""``xlincome plan`` and the batch plan columns: one profile's month table, in words and in files."""

import math

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
    pd.DataFrame([{**KW1_ROW, "name": "[bold red]Kim\x1b[2J"}, KW1_ROW, {**KW1_ROW, "name": "Bad", "price": -1},
                  {**KW1_ROW, "name": "Lee", "target_hours_per_week": None, "build_hours_per_week": 0}]
                 ).to_csv(path, index=False)
    return path


def run(*args):
    return CliRunner().invoke(main, ["plan", *map(str, args)])


def test_kw1_plan_in_words(profiles):
    result = run(profiles, "--name", "Kim", "--months", 24)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert ("launches in month 5, pays back in month 9, lowest savings 18,975 in month 1, "
            "you can cut to 20 hours from month 10") in text
    assert "month 24: Phase 4: Optimize hybrid structure, product share 31%" in text
    assert "51,872" in result.output  # month 10's cash, 51,871.875


def test_markup_and_escape_codes_from_the_file_are_shown_as_text(profiles):
    # a name holding an escape code is a bad name (control characters are refused), and
    # its message shows the markup and the escape as text
    result = run(profiles, "--row", 2, "--months", 3)
    assert result.exit_code == 1, result.output
    assert "name must not contain control characters" in result.output
    assert "[bold red]Kim" in result.output and "\\x1b[2J" in result.output
    assert "\x1b" not in result.output


def test_never_launches_and_never_cut_in_words(profiles):
    result = run(profiles, "--name", "Lee")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "never launches" in text and "client hours are never cut" in text
    assert f"month {PLAN_MONTHS}: Phase 1" in text


def test_a_bad_profile_lists_its_problems_and_exits_1(profiles):
    result = run(profiles, "--row", 4)
    assert result.exit_code == 1
    assert "row 4 (Bad), column price: price must be > 0, got -1" in result.output


@pytest.mark.parametrize("args, message", [
    (["--row", 9], "the file has no row 9 (it has rows 2 to 5)"),
    (["--name", "Nobody"], "no profile named 'Nobody'"),
    (["--row", 2, "--name", "Kim"], "give --row or --name, not both"),
    (["--months", 0], "0 is not in the range 1<=x<=120"),
    (["-o", "plan.txt"], "must end in .csv or .xlsx"),
])
def test_usage_errors_exit_2(profiles, args, message):
    result = run(profiles, *args)
    assert result.exit_code == 2 and message in result.output


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_table_goes_to_a_file_and_an_existing_file_is_kept_without_force(profiles, tmp_path, suffix):
    out = tmp_path / f"plan{suffix}"
    assert run(profiles, "--name", "Kim", "--months", 12, "-o", out).exit_code == 0
    if suffix == ".csv":
        written = pd.read_csv(out)
    else:
        rows = list(openpyxl.load_workbook(out).active.values)
        written = pd.DataFrame(rows[1:], columns=rows[0])
    expected = model.transition_plan(**PLAN_KW1, months=12)
    assert list(written.columns) == list(model.PLAN_COLUMNS)
    np.testing.assert_allclose(written.to_numpy(float), expected.to_numpy(float), rtol=1e-12)
    before = out.read_bytes()
    again = run(profiles, "--name", "Kim", "-o", out)
    assert again.exit_code == 2 and "exists; pass --force" in again.output and out.read_bytes() == before
    assert run(profiles, "--name", "Kim", "-o", out, "--force").exit_code == 0
    assert out.read_bytes() != before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan" + suffix, "profiles.csv"]


def test_batch_plan_columns_equal_the_model_for_every_example_profile():
    frame = read_profiles("examples/profiles.csv")
    results = batch.evaluate(frame)
    numbers, _ = batch.checked_numbers(frame)
    for position, row in enumerate(results.index):
        arguments = {name: numbers[name][position] for name in batch.PLAN_ARGUMENTS}
        for summary in model.PLAN_SUMMARIES:
            expected = model.transition_plan(**arguments, months=PLAN_MONTHS, result=summary)
            got = results.loc[row, f"plan_{summary}"]
            assert got == expected if isinstance(expected, str) or math.isinf(expected) else \
                got == pytest.approx(expected, rel=1e-12)


def test_the_new_profile_columns_take_their_defaults():
    frame = pd.DataFrame([{k: v for k, v in KW1_ROW.items()
                           if k not in ("build_hours_per_week", "ramp_months", "target_hours_per_week")}])
    numbers, problems = batch.checked_numbers(frame)
    assert not len(problems)
    assert numbers["build_hours_per_week"][0] == 8 and numbers["ramp_months"][0] == 1
    assert math.isnan(numbers["target_hours_per_week"][0])
    bad = batch.validate(pd.DataFrame([{**KW1_ROW, "ramp_months": 0.5}]))
    assert bad[["column", "rule"]].values.tolist() == [["ramp_months", "must be >= 1"]]


def test_a_name_holding_markup_is_the_table_title_as_typed(tmp_path):
    path = tmp_path / "profiles.csv"
    pd.DataFrame([{**KW1_ROW, "name": "[/] Kim [b]"}]).to_csv(path, index=False)
    result = run(path, "--months", 3)
    assert result.exit_code == 0, result.output
    assert "Transition plan: [/] Kim [b]" in result.output


def test_an_existing_output_is_refused_before_anything_is_computed(profiles, tmp_path):
    kept = tmp_path / "plan.csv"
    kept.write_text("keep")
    result = run(profiles, "--name", "Kim", "-o", kept)
    assert result.exit_code == 2 and "exists; pass --force to overwrite it" in result.output
    assert "Transition plan" not in result.output and kept.read_text() == "keep"
