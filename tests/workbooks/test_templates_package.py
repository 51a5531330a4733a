"""The template files as XML: charts every reader opens, and the same bytes with or without lxml.

- Drawing parts use the ``xdr:`` prefix, never a default namespace (the exceljs
  reader rejects one), and declare every namespace on their root (Gnumeric drops
  charts whose drawing declares namespaces on nested elements, as openpyxl
  writes them through lxml).
- Text categories are string references (``c:strRef``), number categories
  number references.
- Every XML part is the same whether openpyxl wrote it through lxml or not.
"""

from __future__ import annotations

import importlib.util
import io
import re
import subprocess
import sys
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from xlincome.workbooks.templates import FORMULAS, TEMPLATES, build, saved
from xlincome.workbooks import engines
from xlincome.workbooks.templates.package import canonical_part

#: Template -> number of charts it carries, and number of sheets carrying them (one drawing part each).
_BOOKS = {name: build(name) for name in TEMPLATES}
CHARTS = {name: sum(len(ws._charts) for ws in book.worksheets) for name, book in _BOOKS.items()}
DRAWINGS = {name: sum(1 for ws in book.worksheets if ws._charts) for name, book in _BOOKS.items()}
del _BOOKS


def _package(name: str, formulas: str = "native") -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(saved(name, formulas)))


def _parts(package: zipfile.ZipFile, prefix: str) -> list[str]:
    return sorted(name for name in package.namelist() if name.startswith(prefix) and name.endswith(".xml"))


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_drawings_use_the_xdr_prefix_and_declare_namespaces_on_the_root_only(name):
    # the income plan: Dashboard, Product, Mix, Tracker one each, Plan and Risk two; transition_plan: Plan
    # and Risk two
    assert (CHARTS["income_plan"], CHARTS["hybrid_mix"], CHARTS["transition_plan"]) == (8, 1, 4)
    assert (DRAWINGS["income_plan"], DRAWINGS["transition_plan"]) == (6, 2)
    package = _package(name)
    drawings = _parts(package, "xl/drawings/drawing")
    assert len(drawings) == DRAWINGS[name], "one drawing per sheet with charts"
    assert len(_parts(package, "xl/charts/chart")) == CHARTS[name], "one part per chart"
    for part in drawings + _parts(package, "xl/charts/chart"):
        text = package.read(part).decode("utf-8")
        root = re.search(r"<(?![?!])([^ >]+)([^>]*)>", text)
        assert root.group(1) in ("xdr:wsDr", "c:chartSpace"), part
        assert 'xmlns="' not in text, f"{part}: no default namespace"
        assert text.count("xmlns") == root.group(2).count("xmlns"), f"{part}: namespaces declared on the root only"
        tags = re.findall(r"</?(?![?!])([^ >/]+)", text)
        assert tags and all(":" in tag for tag in tags), f"{part}: every element prefixed"


def _category_cells(workbook, formula: str):
    sheet, ref = formula.rsplit("!", 1)
    min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    ws = workbook[sheet.strip("'")]
    return [ws.cell(row, column).value for row in range(min_row, max_row + 1)
            for column in range(min_col, max_col + 1)]


@pytest.mark.parametrize("name", [name for name, charts in CHARTS.items() if charts])
def test_text_categories_are_string_references_and_numbers_number_references(name):
    package = _package(name)
    workbook = load_workbook(io.BytesIO(_package_bytes(name)))
    kinds = []
    for part in _parts(package, "xl/charts/chart"):
        text = package.read(part).decode("utf-8")
        for kind, formula in re.findall(r"<c:cat><c:(strRef|numRef)><c:f>([^<]+)</c:f>", text):
            values = _category_cells(workbook, formula)
            texts = [value for value in values if isinstance(value, str) and not value.startswith("=")]
            assert kind == ("strRef" if texts else "numRef"), f"{part} {formula}: {values}"
            kinds.append(kind)
    assert kinds, "every chart has categories"
    if name in ("hybrid_mix", "income_plan"):
        assert "strRef" in kinds, "the pie's and the dashboard's labels are text"


def _package_bytes(name: str) -> bytes:
    return saved(name)


_SAVE = """
import io, sys, zipfile
from xlincome.workbooks.templates import FORMULAS, TEMPLATES, build
import openpyxl.xml
assert openpyxl.xml.LXML is (sys.argv[1] == "True")
for name in TEMPLATES:
    for formulas in FORMULAS:  # the Risk sheet once, with the native formulas
        buffer = io.BytesIO()
        build(name, formulas, formulas == "native").save(buffer)
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.buffer.write(b"\\0END\\0")
"""


def _saved_with(lxml: bool) -> list[dict[str, bytes]]:
    """Every template saved by a fresh interpreter with openpyxl's lxml path on or off."""
    done = subprocess.run([sys.executable, "-c", _SAVE, str(lxml)], capture_output=True, check=True,
                          env={"OPENPYXL_LXML": str(lxml), "PATH": "/usr/bin:/bin"})
    books = done.stdout.split(b"\0END\0")[:-1]
    return [{info.filename: package.read(info) for info in package.infolist() if info.filename != "docProps/core.xml"}
            | {"order": " ".join(package.namelist()).encode()}
            for package in (zipfile.ZipFile(io.BytesIO(book)) for book in books)]


@pytest.mark.skipif(importlib.util.find_spec("lxml") is None,
                    reason="needs lxml to compare openpyxl's two writers: pip install 'lxml>=4.9'")
def test_every_part_is_the_same_with_or_without_lxml():
    with_lxml, without = _saved_with(True), _saved_with(False)
    assert len(with_lxml) == len(without) == len(TEMPLATES) * len(FORMULAS)
    for one, other in zip(with_lxml, without):
        assert one.keys() == other.keys()
        for part in one:
            assert one[part] == other[part], part


def test_canonical_part_moves_nested_declarations_to_the_root_and_prefixes_the_drawing():
    written_by_lxml = (
        b'<wsDr xmlns="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"><oneCellAnchor>'
        b'<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="u">'
        b'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>'
        b'</a:graphicData></a:graphic><clientData/></oneCellAnchor></wsDr>')
    assert canonical_part("xl/drawings/drawing1.xml", written_by_lxml).decode() == (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<xdr:wsDr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing">'
        '<xdr:oneCellAnchor><a:graphic><a:graphicData uri="u"><c:chart r:id="rId1"/></a:graphicData></a:graphic>'
        '<xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>')


@pytest.mark.skipif(not engines.available("gnumeric"), reason=f"needs gnumeric: {engines.install_hint('gnumeric')}")
def test_gnumeric_keeps_every_chart_of_every_template(tmp_path):
    paths = []
    for name in TEMPLATES:
        path = tmp_path / f"{name.replace('_', '')}.xlsx"
        build(name).save(path)
        paths.append(path)
    saved = engines.recalculate_xlsx(paths, tmp_path / "gnumeric", engine="gnumeric")
    for name, path in zip(TEMPLATES, paths):
        with zipfile.ZipFile(saved[path]) as package:
            assert len(_parts(package, "xl/charts/chart")) == CHARTS[name], name
