"""Writing a template workbook: sheets with a title and purpose, styled input
cells with data validation and defined names, formula cells, protection,
print set-up, the ``Guide`` and the ``xlwings.conf`` sheets.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ...functions import UDF_MODULE
from ...model.rules import Interval
from . import styles
from .formulas import Source
from .package import TemplateWorkbook

#: The xlwings add-in reads its settings from a sheet of this name: keys in
#: column A, values in column B, from A1 down (``xlwings.utils.read_config_sheet``).
XLWINGS_CONF = "xlwings.conf"
#: Longest text the workbooks accept in a text input (a name, an item).
TEXT_LIMIT = 100


@dataclass(frozen=True)
class Name:
    """A workbook-level defined name and what it holds, for the Guide and the docs."""

    name: str
    sheet: str
    ref: str
    meaning: str


def whole_text(rule: Interval) -> str:
    """The rule of a whole number in words: ``must be a whole number in [1, 120]``."""
    return rule.text.replace("must be in", "must be a whole number in", 1)


def absolute(column: int, row: int) -> str:
    return f"${get_column_letter(column)}${row}"


class Book:
    """One template workbook under construction."""

    def __init__(self, title: str, purpose: str, formulas: str):
        self.workbook = TemplateWorkbook()
        self.workbook.remove(self.workbook.active)
        for style in styles.named_styles():
            self.workbook.add_named_style(style)
        self.title = title
        self.purpose = purpose
        self.formulas = formulas
        self.names: list[Name] = []
        #: Input name -> the value a blank cell of that input takes in every formula
        #: that reads it (beyond the functions' own defaults).
        self.blank_defaults: dict[str, float] = {}

    def sheet(self, name: str, title: str, purpose: str, widths: dict[str, float]) -> "Sheet":
        return Sheet(self, self.workbook.create_sheet(name), title, purpose, widths)

    def named(self, name: str) -> Source:
        """The input ``name`` as a formula source, with its blank default if the book has one."""
        return Source(name, default=self.blank_defaults.get(name))

    def define(self, name: str, sheet: Worksheet, ref: str, meaning: str) -> None:
        """A workbook-level defined name for ``ref`` (``$B$5`` or ``$C$6:$C$17``) on ``sheet``."""
        target = f"{quote_sheetname(sheet.title)}!{ref}"
        self.workbook.defined_names[name] = DefinedName(name, attr_text=target)
        self.names.append(Name(name, sheet.title, ref, meaning))


class Sheet:
    """A sheet written top to bottom: label in column A, value in column B, note in C."""

    def __init__(self, book: Book, sheet: Worksheet, title: str, purpose: str, widths: dict[str, float]):
        self.book = book
        self.ws = sheet
        self.ws["A1"] = title
        self.ws["A1"].style = styles.TITLE
        self.ws["A2"] = purpose
        self.ws["A2"].style = styles.PURPOSE
        for column, width in widths.items():
            self.ws.column_dimensions[column].width = width
        self.row = 4
        #: The last row the print area must reach (a chart may end below the cells).
        self.print_rows = 0

    # -- cells ---------------------------------------------------------------

    def section(self, text: str, column: int = 1) -> None:
        cell = self.ws.cell(self.row, column, text)
        cell.style = styles.SECTION
        self.row += 1

    def input(self, name: str | None, label: str, value, number_format: str, rule: Interval, doc: str,
              *, column: int = 2, label_column: int | None = None, whole: bool = False) -> str:
        """A number input with validation (``whole``: a whole number only); returns its absolute reference."""
        default = self.book.blank_defaults.get(name)
        if default is not None and "blank" not in doc:
            doc = f"{doc.rstrip('.')}; blank: {default:g}."
        cell = self.place(label, value, styles.INPUT, number_format, doc if column == 2 else "", column,
                          label_column)
        self.validate_number(cell.coordinate, rule, name or label, doc, whole=whole)
        ref = absolute(cell.column, cell.row)
        if name:
            self.book.define(name, self.ws, ref, f"input: {doc}")
        self.row += 1
        return ref

    def text_input(self, name: str | None, label: str, value: str, doc: str, note: bool = True) -> str:
        cell = self.place(label, value, styles.INPUT, styles.TEXT, doc if note else "", 2)
        self.validate_text(cell.coordinate, label, doc)
        ref = absolute(cell.column, cell.row)
        if name:
            self.book.define(name, self.ws, ref, f"input: {doc}")
        self.row += 1
        return ref

    def formula(self, name: str | None, label: str, formula: str, number_format: str, note: str = "",
                *, headline: bool = False, column: int = 2, label_column: int | None = None) -> str:
        """A formula cell (locked); ``name`` makes it a defined name."""
        cell = self.place(label, formula, styles.HEADLINE if headline else styles.FORMULA, number_format,
                          note if column == 2 else "", column, label_column)
        ref = absolute(cell.column, cell.row)
        if name:
            self.book.define(name, self.ws, ref, f"result: {note or label}")
        self.row += 1
        return ref

    def place(self, label: str, value, style: str, number_format: str, note: str, column: int,
              label_column: int | None = None):
        if label:
            self.ws.cell(self.row, label_column or column - 1, label)
        cell = self.ws.cell(self.row, column, value)
        cell.style = style
        cell.number_format = number_format
        if note:
            self.ws.cell(self.row, column + 1, note).style = styles.NOTE
        return cell

    def header(self, row: int, column: int, labels: list[str]) -> None:
        """A table header row, tall enough for two lines of wrapped text."""
        for offset, label in enumerate(labels):
            self.ws.cell(row, column + offset, label).style = styles.HEADER
        self.ws.row_dimensions[row].height = 30

    def note(self, text: str, column: int = 1) -> None:
        self.ws.cell(self.row, column, text).style = styles.NOTE
        self.row += 1

    def paragraph(self, text: str, last_column: int, style: str | None = None) -> None:
        """``text`` across columns A to ``last_column``, wrapped onto as many lines as it needs
        (:func:`fit_rows` sets the row's height when the sheet is finished)."""
        cell = self.ws.cell(self.row, 1, text)
        if style:
            cell.style = style
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=last_column)
        self.row += 1

    # -- validation ----------------------------------------------------------

    def _validation(self, cells: str, title: str, doc: str, error: str, **kind) -> None:
        rule = DataValidation(allow_blank=True, showInputMessage=True, showErrorMessage=True,
                              promptTitle=title[:32], prompt=doc[:255], errorTitle="Not allowed"[:32],
                              error=error[:255], errorStyle="stop", **kind)
        rule.add(cells)
        self.ws.add_data_validation(rule)

    def validate_number(self, cells: str, rule: Interval, name: str, doc: str, *, whole: bool = False) -> None:
        """Custom validation generated from the rule: the cell is valid when
        ``rule.excel_outside`` is FALSE (relative to the range's first cell), and with
        ``whole`` when it holds a whole number."""
        first = cells.split(":")[0].replace("$", "")
        valid = f"NOT({rule.excel_outside(first)})"
        if whole:
            valid = f"AND({valid},{first}=INT({first}))"
        self._validation(cells, name, doc, f"{name} {whole_text(rule) if whole else rule.text}", type="custom",
                         formula1=valid)

    def validate_text(self, cells: str, label: str, doc: str) -> None:
        self._validation(cells, label, doc, f"{label}: at most {TEXT_LIMIT} characters",
                         type="textLength", operator="lessThanOrEqual", formula1=str(TEXT_LIMIT))

    def validate_list(self, cells: str, name: str, doc: str, choices: tuple[str, ...]) -> None:
        self._validation(cells, name, doc, f"{name} must be one of: {', '.join(choices)}", type="list",
                         formula1='"' + ",".join(choices) + '"')

    # -- finishing -----------------------------------------------------------

    def finish(self, *, landscape: bool = False, last_column: str | None = None, last_row: int | None = None) -> None:
        """Sheet protection without a password and a one-page print set-up
        reaching ``last_column`` (where the charts end) and ``last_row`` (blank: every row)."""
        ws = self.ws
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        rows = last_row or max(ws.max_row, self.print_rows)
        ws.print_area = f"A1:{last_column or get_column_letter(ws.max_column)}{rows}"
        fit_rows(ws)
        ws.oddFooter.center.text = f"{self.book.title} - &A - page &P of &N"


#: Points per line of text at the workbooks' 11-point font.
LINE_HEIGHT = 15
#: Characters of text per unit of column width: a width counts widths of the digit 0, and
#: the average letter of the workbooks' font is narrower (measured in LibreOffice's rendering).
_CHARACTERS_PER_WIDTH = 1.25
_DEFAULT_WIDTH = 8.43


def fit_rows(ws: Worksheet) -> None:
    """Rows tall enough for their wrapped text, which spreadsheets do not resize on opening:
    for each cell that wraps, the lines its text needs in its column (or merged columns).
    The cells of a row made taller align to its top, so they line up with the first line."""
    spans = {(merged.min_row, merged.min_col): merged.max_col for merged in ws.merged_cells.ranges}
    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            if not (isinstance(cell.value, str) and cell.alignment.wrap_text) or cell.value.startswith("="):
                continue
            last = spans.get((cell.row, cell.column), cell.column)
            width = sum(ws.column_dimensions[get_column_letter(column)].width or _DEFAULT_WIDTH
                        for column in range(cell.column, last + 1))
            per_line = max(1, int(width * _CHARACTERS_PER_WIDTH) - 2)
            lines = max(lines, sum(max(1, -(-len(part) // per_line)) for part in cell.value.split("\n")))
        if lines > 1:
            number = row[0].row
            ws.row_dimensions[number].height = max(ws.row_dimensions[number].height or 0, lines * LINE_HEIGHT)
            for cell in row:
                if cell.value is not None:
                    aligned = copy(cell.alignment)
                    aligned.vertical = "top"
                    cell.alignment = aligned


def add_xlwings_conf(book: Book) -> None:
    """The sheet the xlwings add-in reads: ``UDF Modules`` -> ``xlincome.udfs``.

    Hidden, so it is neither in the way nor printed: xlwings finds it by name
    among all sheets, hidden ones included (``xlwings.utils.read_config_sheet``
    reads ``book.sheets["xlwings.conf"]``; the add-in's VBA reads
    ``wb.Sheets("xlwings.conf")``), and ``xlwings release`` hides it the same way.
    """
    ws = book.workbook.create_sheet(XLWINGS_CONF)
    ws["A1"] = "UDF Modules"
    ws["B1"] = UDF_MODULE
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 20
    ws.protection.sheet = True
    ws.sheet_state = "hidden"
