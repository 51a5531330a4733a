"""IronCalc, the third engine: how its values are read, what happens without it, and the gaps
docs/templates.md writes down, each held by its smallest formula (so the docs stay true for the
version installed) together with the templates' way round it.

The parity suites (test_templates_parity.py and the modules that import its ``engine`` fixture)
run every template through IronCalc beside LibreOffice and Gnumeric.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import range_to_tuple

from xlincome import model
from xlincome.workbooks import engines
from xlincome.workbooks.engines import ironcalc
from xlincome.workbooks.templates import TEMPLATES, build
from xlincome.workbooks.templates.hybrid_mix import EXAMPLE_STREAMS
from xlincome.workbooks.templates.package import SHEET_PARTS, save_untyped_blanks, untyped_blanks

SHIPPED = Path(__file__).resolve().parents[2] / "workbook_templates"
needs_ironcalc = pytest.mark.skipif(not engines.available("ironcalc"),
                                    reason=f"needs ironcalc: {engines.install_hint('ironcalc')}")


def _evaluated(cells: dict[str, str]):
    """A fresh IronCalc workbook with ``cells`` (A1 reference -> input as typed), evaluated."""
    workbook = ironcalc.module().create("probe", ironcalc.LOCALE, ironcalc.TIMEZONE)
    for ref, text in cells.items():
        workbook.set_user_input(0, int(ref[1:]), ord(ref[0]) - ord("A") + 1, text)
    workbook.evaluate()
    return workbook


def _template_parts(name: str) -> dict[str, bytes]:
    buffer = io.BytesIO()
    build(name).save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {part: package.read(part) for part in package.namelist() if part.startswith(SHEET_PARTS)}


# -- reading values ------------------------------------------------------------------------------

def test_values_read_as_the_other_engines_csv_texts():
    assert [ironcalc.value_text(v) for v in (3.0, 0.1, 1 / 3, -2.5e-12, True, False, "never", "#DIV/0!", None, "")] \
        == ["3", "0.1", "0.3333333333333333", "-2.5e-12", "TRUE", "FALSE", "never", "#DIV/0!", "", ""]
    assert engines.cell_value(ironcalc.value_text(1 / 3)) == 1 / 3, "full precision, read back exactly"


@needs_ironcalc
def test_recalculate_gives_every_sheet_as_rows_of_texts(tmp_path):
    workbook = Workbook()
    workbook.active.title = "First"
    workbook.active["B2"] = 4
    workbook.active["C3"] = "=B2*2.5"
    workbook.create_sheet("Second")["A1"] = "=First!C3&\" units\""
    path = tmp_path / "small.xlsx"
    workbook.save(path)
    sheets = engines.recalculate([path], tmp_path / "out", engine="ironcalc")[path]
    assert sheets == {"First": [[], ["", "4"], ["", "", "10"]], "Second": [["10 units"]]}
    saved = engines.recalculate_xlsx([path], tmp_path / "saved", engine="ironcalc")[path]
    assert load_workbook(saved, data_only=True)["Second"]["A1"].value == "10 units", "computed values stored"
    again = engines.recalculate_xlsx([path], tmp_path / "saved", engine="ironcalc")[path]
    assert again == saved, "an earlier result is replaced"


@needs_ironcalc
def test_an_unreadable_file_is_named(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(RuntimeError, match="IronCalc could not read broken.xlsx"):
        engines.recalculate([path], tmp_path, engine="ironcalc")


def test_without_ironcalc_it_is_unavailable_and_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "ironcalc", None)  # import ironcalc now raises ImportError
    assert ironcalc.module() is None
    assert not engines.available("ironcalc")
    assert engines.install_hint("ironcalc") == "pip install ironcalc"
    with pytest.raises(RuntimeError, match=re.escape("IronCalc is needed: pip install ironcalc")):
        engines.recalculate([tmp_path / "any.xlsx"], tmp_path, engine="ironcalc")


# -- gap 1: a blank cell written with a value type ----------------------------------------------

@needs_ironcalc
def test_a_typed_empty_cell_is_zero_in_ironcalc_and_an_untyped_one_blank(tmp_path):
    """``<c r="A1" t="n"/>`` (what openpyxl writes for a styled empty cell) is 0 for IronCalc,
    a blank for Excel, LibreOffice and Gnumeric; ``<c r="A1"/>`` is a blank for all."""
    workbook = Workbook()
    workbook.active["A1"].number_format = "0.00"  # a style and no value: openpyxl writes t="n"
    workbook.active["B1"] = "=ISBLANK(A1)"
    workbook.save(tmp_path / "typed.xlsx")
    save_untyped_blanks(workbook, tmp_path / "untyped.xlsx")
    with zipfile.ZipFile(tmp_path / "typed.xlsx") as package:
        assert re.search(rb'<c r="A1" s="\d+" t="n"\s*(/>|></c>)', package.read("xl/worksheets/sheet1.xml"))
    results = engines.recalculate([tmp_path / "typed.xlsx", tmp_path / "untyped.xlsx"], tmp_path, engine="ironcalc")
    assert results[tmp_path / "typed.xlsx"]["Sheet"][0][1] == "FALSE", "the gap: a typed empty cell is 0"
    assert results[tmp_path / "untyped.xlsx"]["Sheet"][0][1] == "TRUE"


def test_untyped_blanks_drops_the_type_of_empty_cells_only():
    xml = (b'<c r="A1" s="5" t="n"/><c r="A2" t="n"></c><x:c r="A3" s="1" t="s" ></x:c>'
           b'<c r="B1" s="5" t="n"><v>3</v></c><c r="B2" t="inlineStr"><is><t>a</t></is></c><cols><col t="n"/></cols>')
    assert untyped_blanks(xml) == (b'<c r="A1" s="5"/><c r="A2"></c><x:c r="A3" s="1" ></x:c>'
                                   b'<c r="B1" s="5" t="n"><v>3</v></c><c r="B2" t="inlineStr"><is><t>a</t></is></c>'
                                   b'<cols><col t="n"/></cols>')


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_no_template_writes_an_empty_cell_with_a_value_type(name):
    parts = _template_parts(name)
    assert parts
    for part, data in parts.items():
        typed = [cell for cell in re.findall(rb"<c\b[^<>]*/>", data) if re.search(rb"\st=", cell)]
        assert not typed, f"{name} {part}: {typed[:3]}"
    if name == "hybrid_mix":
        assert any(re.search(rb"<c\b[^<>]*/>", data) for data in parts.values()), "its empty stream rows are there"


@needs_ironcalc
def test_ironcalc_reads_the_shipped_mix_with_its_empty_stream_rows_as_blanks():
    """hybrid_mix.xlsx as shipped: the example streams, then empty rows that count as nothing."""
    path = SHIPPED / "hybrid_mix.xlsx"
    sheets = engines.recalculate([path], path.parent, engine="ironcalc")[path]
    sheet, ref = next(iter(load_workbook(path).defined_names["hybrid_mix"].destinations))
    _, (column, row, _, _) = range_to_tuple(f"'{sheet}'!{ref}")
    expected = model.hybrid_mix([amount for _, _, amount in EXAMPLE_STREAMS], [kind for _, kind, _ in EXAMPLE_STREAMS])
    assert engines.cell_value(engines.cell_text(sheets, sheet, row, column)) == pytest.approx(expected, rel=1e-12)


# -- gap 2: "<>X" criteria skip blank cells --------------------------------------------------------

@needs_ironcalc
def test_a_not_equal_criterion_skips_blanks_in_ironcalc():
    """``=COUNTIF(A1:A3,"<>x")`` with "x", a blank and "y": 2 in Excel (and LibreOffice, Gnumeric), 1 here."""
    workbook = _evaluated({"A1": "x", "A3": "y", "B1": '=COUNTIF(A1:A3,"<>x")', "B2": '=COUNTIF(A1:A3,"<>")'})
    assert workbook.get_cell_value(0, 1, 2) == 1.0, "the gap: the blank A2 is not counted"
    assert workbook.get_cell_value(0, 2, 2) == 2.0, '"<>" (not empty) is right'


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_no_template_formula_uses_a_not_equal_criterion(name):
    criteria = [text for ws in build(name).worksheets for row in ws.iter_rows() for cell in row
                if isinstance(text := cell.value, str) and text.startswith("=")
                and re.search(r'(COUNTIFS?|SUMIFS?|AVERAGEIFS?)\([^)]*"<>', text)]
    assert not criteria, f"{name}: {criteria[:2]}"


# -- gap 4: the standard deviation from one pass over the sums ------------------------------------

@needs_ironcalc
def test_stdevp_loses_the_digits_of_nearly_equal_values_in_ironcalc():
    """``=STDEVP(100000000,100000001)`` is 0.5 in Excel, LibreOffice and Gnumeric, 0 here (and so
    VARP, STDEV and DEVSQ): the sum of squares less the square of the mean cancels.  The tracker's
    volatility (STDEVP / AVERAGE of up to three months) loses about 1e-16 / volatility**2 of
    itself: 4e-10 at 0.06 %, the calmest random log of the parity suite, nothing against the 0.15
    it is compared with (``model.VOLATILITY_LIMIT``)."""
    workbook = _evaluated({"A1": "=STDEVP(100000000,100000001)", "A2": "=DEVSQ(100000000,100000001)",
                           "A3": "=STDEVP(10000,10012)/AVERAGE(10000,10012)"})
    assert workbook.get_cell_value(0, 1, 1) == 0.0, "the gap"
    assert workbook.get_cell_value(0, 2, 1) == 0.0, "the gap"
    months = np.array([10000.0, 10012.0])
    assert workbook.get_cell_value(0, 3, 1) == pytest.approx(months.std() / months.mean(), rel=1e-9)
    assert model.VOLATILITY_LIMIT == 0.15


# -- gap 3: defined names hold ranges (or LAMBDAs) only ----------------------------------------------

@needs_ironcalc
def test_a_name_holding_a_constant_or_a_formula_is_unknown_to_ironcalc(tmp_path):
    from openpyxl.workbook.defined_name import DefinedName

    workbook = Workbook()
    workbook.active["A1"] = 3
    workbook.defined_names["rate"] = DefinedName("rate", attr_text="0.25")
    workbook.defined_names["twice"] = DefinedName("twice", attr_text="Sheet!$A$1*2")
    workbook.defined_names["cell"] = DefinedName("cell", attr_text="Sheet!$A$1")
    for row, formula in enumerate(("=rate", "=twice", "=cell"), start=1):
        workbook.active.cell(row, 2, formula)
    workbook.save(tmp_path / "names.xlsx")
    sheet = engines.recalculate([tmp_path / "names.xlsx"], tmp_path, engine="ironcalc")[tmp_path / "names.xlsx"]
    assert [row[1] for row in sheet["Sheet"]] == ["#NAME?", "#NAME?", "3"]


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_defined_name_of_a_template_is_a_range(name):
    workbook = build(name)
    assert workbook.defined_names
    for defined, value in workbook.defined_names.items():
        sheet, _ = range_to_tuple(value.attr_text)
        assert sheet in workbook.sheetnames, f"{name}: {defined} = {value.attr_text}"
    assert not any(ws.defined_names for ws in workbook.worksheets), "no sheet-scoped names"


@needs_ironcalc
def test_a_workbook_saved_without_results_is_computed_without_noise(tmp_path, capfd):
    """A generated workbook has no stored results (its formulas computed on opening); IronCalc's
    reader would print a line per such cell to standard output, which the engine keeps quiet."""
    from xlincome.workbooks.personalize import Template
    from xlincome.workbooks.templates.income_plan import EXAMPLE

    template = Template(SHIPPED / "income_plan.xlsx")
    path = tmp_path / "ana.xlsx"
    path.write_bytes(template.fill("Ana", {column: EXAMPLE.get(column) for column in template.columns}))
    with zipfile.ZipFile(path) as package:
        assert b"<v>" not in re.search(rb'<c r="A1"[^>]*>.*?</c>', package.read("xl/worksheets/sheet1.xml")).group(0)
    sheets = engines.recalculate([path], tmp_path, engine="ironcalc")[path]
    assert sheets["Dashboard"][0][0] == "Income plan: Ana"
    assert capfd.readouterr().out == ""
