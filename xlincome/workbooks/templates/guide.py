"""The ``Guide`` sheet of every template: how to use it, what the colours
mean, every defined name, the functions behind the results, and the add-in."""

from __future__ import annotations

from openpyxl.styles import Alignment

from ...functions import FUNCTIONS, UDF_MODULE
from .book import XLWINGS_CONF, Book

#: The Guide's columns: name, sheet, cell, meaning; paragraphs span all four.
LAST_COLUMN = 4
_WRAPPED = Alignment(wrap_text=True, vertical="top")


def add_guide(book: Book, steps: list[str]) -> None:
    """Append the ``Guide`` sheet; call it after every other sheet but ``xlwings.conf``."""
    sheet = book.sheet("Guide", f"Guide: {book.title}", book.purpose,
                       {"A": 24, "B": 18, "C": 12, "D": 70})
    ws = sheet.ws
    sheet.section("How to use it")
    for number, step in enumerate(steps, start=1):
        sheet.paragraph(f"{number}. {step}", LAST_COLUMN)
    for line in ("Yellow cells are inputs (the only cells you can change); grey cells are formulas; blue cells "
                 "are the headline results.",
                 "Sheets are protected without a password (Review > Unprotect Sheet) so formulas are not "
                 "overwritten by accident.",
                 "A result that shows a sentence instead of a number names the input to fix and the rule it "
                 "breaks, e.g. \"build_hours must be >= 0\"."):
        sheet.paragraph(line, LAST_COLUMN)
    sheet.row += 1
    sheet.section("Defined names")
    sheet.header(sheet.row, 1, ["Name", "Sheet", "Cell", "What it holds"])
    sheet.row += 1
    for name in book.names:
        for column, value in enumerate((name.name, name.sheet, name.ref.replace("$", ""), name.meaning), 1):
            ws.cell(sheet.row, column, value)
        ws.cell(sheet.row, 4).alignment = _WRAPPED
        sheet.row += 1
    sheet.row += 1
    used = {name.name for name in book.names}
    sheet.section("Functions behind the results")
    sheet.header(sheet.row, 1, ["Excel function", "Defined name", "", "What it computes"])
    sheet.row += 1
    for function in FUNCTIONS:
        if function.workbook_name in used:
            for column, value in ((1, function.excel_name), (2, function.workbook_name), (4, function.doc)):
                ws.cell(sheet.row, column, value)
            ws.cell(sheet.row, 4).alignment = _WRAPPED
            sheet.row += 1
    sheet.row += 1
    sheet.section("With the xlwings add-in")
    for line in (
        "The results are plain formulas that Excel, LibreOffice, Gnumeric and Google Sheets compute without any "
        "add-in.",
        f"The hidden '{XLWINGS_CONF}' sheet points the xlwings add-in at {UDF_MODULE}: click 'Import Functions' "
        "to use =REVENUE_FLOOR(...) and the other functions in any cell.",
        "'xlincome templates --formulas udf' writes these workbooks with the results as those function calls.",
    ):
        sheet.paragraph(line, LAST_COLUMN)
    sheet.finish()
