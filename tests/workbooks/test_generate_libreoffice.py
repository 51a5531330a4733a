"""Generated income plans recalculated by each spreadsheet engine (LibreOffice, Gnumeric, IronCalc):
the model's numbers, names still text, and ``xlincome check`` on workbooks a spreadsheet has
filled (as generated, with a result typed over, with streams added to the mix, with optional
inputs cleared).

The workbooks are generated once; each engine recalculates all of them in one batch
(:func:`xlincome.workbooks.engines.recalculate_xlsx`).
"""

import math

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from xlincome import batch
from xlincome.workbooks.check import LINKED_KINDS
from xlincome.cli import main
from xlincome.workbooks.generate import generate
from xlincome.profiles import read_profiles
from xlincome.profiles.samples import random_profiles
from xlincome.workbooks.choice import load_template
from xlincome.workbooks.templates import RESULT_NAMES
from xlincome.workbooks.templates.package import save_untyped_blanks
from xlincome.workbooks import engines

#: Gnumeric writes no default cell style, which openpyxl notes when it reads the file.
pytestmark = pytest.mark.filterwarnings("ignore:Workbook contains no default style")

INJECTIONS = ['=HYPERLINK("http://x","y")', "=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)"]
#: The result overwritten by hand with a constant in the "typed over" workbook.
TYPED_OVER = "product_breakeven"
#: Ana's workbook edited as a person would, by file stem: (kind, amount) of a stream added
#: below the linked rows, or inputs cleared.
EDITED = {
    "added course": {"stream": ("course", 3000)},
    "amount without kind": {"stream": (None, 3000)},
    "blank defaults": {"blank": ("horizon_months", "cash", "product_income")},
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Profiles (the example file, random ones, injection names) and their generated
    workbooks, with the typed-over and EDITED ones: (frame, {row: path}, typed over, edited)."""
    root = tmp_path_factory.mktemp("generated")
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
    save_untyped_blanks(book, typed_over)
    edited = {stem: _edited(files[example.index[0]], root / "generated" / f"{stem}.xlsx", change)
              for stem, change in EDITED.items()}
    return frame, files, typed_over, edited


@pytest.fixture(scope="module", params=sorted(engines.ENGINES))
def engine(request):
    """The engine's name (the tests skip where it is missing, saying how to install it)."""
    if not engines.available(request.param):
        pytest.skip(f"needs {request.param}: {engines.install_hint(request.param)}")
    return request.param


@pytest.fixture(scope="module")
def recalculated_all(engine, request, tmp_path_factory):
    """Every generated workbook after ``engine`` recalculated and saved it (generated only
    once an engine is there)."""
    frame, files, typed_over, edited = request.getfixturevalue("generated")
    saved = engines.recalculate_xlsx([*files.values(), typed_over, *edited.values()],
                                     tmp_path_factory.mktemp(f"recalculated-{engine}"), engine=engine)
    return (frame, {row: saved[path] for row, path in files.items()}, saved[typed_over],
            {stem: saved[path] for stem, path in edited.items()})


@pytest.fixture(scope="module")
def recalculated(recalculated_all):
    """(frame, {row: recalculated workbook}, the typed-over workbook recalculated)."""
    return recalculated_all[:3]


@pytest.fixture(scope="module")
def edited(recalculated_all):
    """The EDITED workbooks after the engine, by stem."""
    return recalculated_all[3]


def _edited(source, target, change):
    book = openpyxl.load_workbook(source)
    if "stream" in change:
        kind, amount = change["stream"]
        for name, value in (("kinds", kind), ("amounts", amount)):
            sheet, ref = next(iter(book.defined_names[name].destinations))
            cells = [row[0] for row in book[sheet][ref.replace("$", "")]]
            cells[len(LINKED_KINDS)].value = value
    for name in change.get("blank", ()):
        named(book, name).value = None
    save_untyped_blanks(book, target)
    return target


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


def test_the_engine_computes_the_models_headline_results_for_every_profile(recalculated):
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


def test_injection_names_stay_plain_text_after_the_engine(recalculated):
    frame, files, _ = recalculated
    for row, name in frame["name"].items():
        if name not in INJECTIONS:
            continue
        cell = named(openpyxl.load_workbook(files[row]), "profile_name")
        assert (cell.value, cell.data_type) == (name, "s")
        computed = named(openpyxl.load_workbook(files[row], data_only=True), "profile_name")
        assert computed.value == name


def test_check_on_a_workbook_the_engine_filled_agrees_and_exits_0(recalculated):
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


def test_check_counts_a_stream_added_to_the_mix_and_agrees(edited):
    result = CliRunner().invoke(main, ["check", str(edited["added course"])])
    assert result.exit_code == 0, result.output
    assert "the mix results count 1 stream(s) added to the stream table" in result.output
    assert f"all {len(RESULT_NAMES)} headline results agree with the model" in result.output
    book = openpyxl.load_workbook(edited["added course"], data_only=True)
    # Ana: service income 15000, no product income, a course of 3000: 3000 / 18000 scalable.
    assert named(book, "hybrid_mix").value == pytest.approx(3000 / 18000, rel=1e-12)
    assert named(book, "phase_status").value == "Phase 1: Build and test product"


def test_check_reports_an_added_amount_without_a_kind_as_the_workbook_does(edited):
    result = CliRunner().invoke(main, ["check", str(edited["amount without kind"])])
    assert result.exit_code == 1, result.output
    assert "input kinds at Mix!B11 must be given for every amount (got a blank)" in result.output
    book = openpyxl.load_workbook(edited["amount without kind"], data_only=True)
    assert named(book, "hybrid_mix").value == "kinds must be given for every amount"


def test_check_agrees_with_a_workbook_whose_optional_inputs_were_cleared(edited):
    result = CliRunner().invoke(main, ["check", str(edited["blank defaults"])])
    assert result.exit_code == 0, result.output
    assert f"all {len(RESULT_NAMES)} headline results agree with the model" in result.output
    book = openpyxl.load_workbook(edited["blank defaults"], data_only=True)
    assert named(book, "reserve_months").value == 0, "a blank cash is 0"
    # horizon 12 months, no fees or costs: 120 build hours at 125 over 12 months, at 99 a unit.
    assert named(book, "breakeven_units").value == pytest.approx(120 * 125 / 12 / 99, rel=1e-12)
