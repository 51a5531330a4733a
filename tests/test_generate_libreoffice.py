"""Generated income plans recalculated by LibreOffice: the model's numbers, names still text,
and ``xlincome check`` on workbooks a spreadsheet has filled.

Every workbook is recalculated in one soffice call (start-up costs about a second).
"""

import math
import shutil
import subprocess
import uuid

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from xlincome import batch
from xlincome.cli import main
from xlincome.generate import generate
from xlincome.profiles import read_profiles
from xlincome.samples import random_profiles
from xlincome.template_choice import load_template
from xlincome.templates import RESULT_NAMES

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="needs LibreOffice: apt-get install -y --no-install-recommends libreoffice-calc-nogui")

INJECTIONS = ['=HYPERLINK("http://x","y")', "=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)"]
#: The result overwritten by hand with a constant in the "typed over" workbook.
TYPED_OVER = "product_breakeven"


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """Profiles (the example file, random ones, injection names), their generated workbooks
    and the same workbooks after LibreOffice recalculated and saved them."""
    root = tmp_path_factory.mktemp("libreoffice")
    example = read_profiles("examples/profiles.csv")
    extra = random_profiles(24, seed=7)
    extra["name"] = [*INJECTIONS, *extra["name"][len(INJECTIONS):]]
    extra.index = pd.RangeIndex(100, 100 + len(extra), name="row")
    frame = pd.concat([example, extra.astype(object)])
    summary = generate(frame, load_template("income_plan"), root / "generated", jobs=2)
    assert summary.generated == len(frame)
    files = {row: root / "generated" / file for row, file in _file_names(root / "generated", frame).items()}
    typed_over = root / "generated" / "typed over.xlsx"
    book = openpyxl.load_workbook(files[example.index[0]])
    sheet, ref = next(iter(book.defined_names[RESULT_NAMES[TYPED_OVER]].destinations))
    book[sheet][ref.replace("$", "")] = 99
    book.save(typed_over)
    out = root / "recalculated"
    profile = f"file:///tmp/lo-generate-{uuid.uuid4().hex}"
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--calc", "--convert-to", "xlsx",
                    "--outdir", str(out), *map(str, files.values()), str(typed_over)],
                   check=True, capture_output=True, timeout=300)
    return frame, {row: out / path.name for row, path in files.items()}, out / typed_over.name


def _file_names(folder, frame):
    """Row -> file name, matched through the name each workbook holds."""
    by_name = {}
    for path in folder.glob("*.xlsx"):
        book = openpyxl.load_workbook(path)
        sheet, ref = next(iter(book.defined_names["profile_name"].destinations))
        by_name[book[sheet][ref.replace("$", "")].value] = path.name
    return {row: by_name[name] for row, name in frame["name"].items()}


def named(book, name):
    sheet, ref = next(iter(book.defined_names[name].destinations))
    return book[sheet][ref.replace("$", "")]


def test_libreoffice_computes_the_models_headline_results_for_every_profile(recalculated):
    frame, files, _ = recalculated
    expected = batch.evaluate(frame)
    compared = 0
    for row, path in files.items():
        book = openpyxl.load_workbook(path, data_only=True)
        for column, name in RESULT_NAMES.items():
            want, got = expected.loc[row, column], named(book, name).value
            if isinstance(want, str):
                assert got == want, (row, column)
            elif math.isinf(want):
                assert got == "never", (row, column)
            else:
                assert got == pytest.approx(float(want), rel=1e-9, abs=1e-9), (row, column)
            compared += 1
    assert compared == len(frame) * len(RESULT_NAMES)


def test_the_seed_consultants_floor_is_6930_after_recalculation(recalculated):
    frame, files, _ = recalculated
    book = openpyxl.load_workbook(files[frame.index[0]], data_only=True)
    assert named(book, "revenue_floor").value == pytest.approx(6930, rel=1e-12)


def test_injection_names_stay_plain_text_after_libreoffice(recalculated):
    frame, files, _ = recalculated
    for row, name in frame["name"].items():
        if name not in INJECTIONS:
            continue
        cell = named(openpyxl.load_workbook(files[row]), "profile_name")
        assert (cell.value, cell.data_type) == (name, "s")
        computed = named(openpyxl.load_workbook(files[row], data_only=True), "profile_name")
        assert computed.value == name


def test_check_on_a_workbook_libreoffice_filled_agrees_and_exits_0(recalculated):
    frame, files, _ = recalculated
    result = CliRunner().invoke(main, ["check", str(files[frame.index[0]])])
    assert result.exit_code == 0, result.output
    assert "Ana Ruiz" in result.output and "6,930.00" in result.output
    assert f"all {len(RESULT_NAMES)} headline results agree with the model" in result.output


def test_check_flags_a_result_whose_formula_was_typed_over(recalculated):
    _, _, typed_over = recalculated
    result = CliRunner().invoke(main, ["check", str(typed_over)])
    assert result.exit_code == 1
    assert "formula replaced by a value" in result.output
    assert f"disagree with the model: {TYPED_OVER}" in result.output
