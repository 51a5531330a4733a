"""The portable generator in the spreadsheet engines: its rounds written as plain formulas give the
very integer draws of Python's reference (the pinned grid), and NORMSINV its normal draws."""

import openpyxl
import pytest

from draw_grid import GRID, PINNED, reference_draw
from xlincome.model.random import DRAW_ROUNDS, KEY_ROUND, P, SEED_ROUND
from xlincome.workbooks import engines


def _round(x: str, v: str) -> str:
    """One round, ``MOD(MOD(x*x, P)*x + v, P)``, as a formula."""
    return f"MOD(MOD(({x})*({x}),{P})*({x})+({v}),{P})"


def _grid_workbook(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "draws"
    for row, (seed, trial, month, kind) in enumerate(GRID, start=1):
        for column, value in enumerate((seed, trial, month, kind), start=1):
            sheet.cell(row, column, value)
        sheet.cell(row, 5, f"=MOD(A{row},{P})")
        sheet.cell(row, 6, f"=INT(A{row}/{P})")
        sheet.cell(row, 7, "=" + _round(_round(f"E{row}", SEED_ROUND), f"F{row}"))  # the seed, once
        sheet.cell(row, 8, "=" + _round(_round(f"B{row}", f"G{row}"), KEY_ROUND))  # the trial's key
        sheet.cell(row, 9, "=" + _round(_round(_round(f"H{row}", f"C{row}*4+D{row}"), DRAW_ROUNDS[0]),
                                        DRAW_ROUNDS[1]))
        sheet.cell(row, 10, f"=NORMSINV((I{row}+0.5)/{P})")
    book.save(path)


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")  # Gnumeric's saved file
@pytest.mark.parametrize("engine", sorted(engines.ENGINES))
def test_the_engines_draw_the_pinned_grid(engine, tmp_path):
    if not engines.available(engine):
        pytest.skip(f"{engine} is not installed: {engines.install_hint(engine)}")
    source = tmp_path / "grid.xlsx"
    _grid_workbook(source)
    saved = engines.recalculate_xlsx([source], tmp_path / engine, engine)[source]
    rows = list(openpyxl.load_workbook(saved, data_only=True)["draws"].iter_rows(values_only=True))
    assert [int(row[8]) for row in rows] == list(PINNED)
    for row, point in zip(rows, GRID):
        assert row[9] == pytest.approx(reference_draw(*point)[2], rel=1e-14, abs=1e-14)
