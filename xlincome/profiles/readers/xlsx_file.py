"""Reading a profile workbook (.xlsx, .xlsm).

The header may stand below a title or blank rows, and the profiles may be on
any sheet: ``sheet`` names it, else the first sheet with a header row naming
the profile columns is read.  The workbook is first read through
:func:`xlincome.files.xlsx_parts.read_parts`, which bounds its uncompressed size
(a zip bomb is refused, as ``xlincome check`` refuses it).
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from ...errors import InputError
from ...files.xlsx_parts import UnreadableWorkbook, read_parts
from . import ProfileFile, dialect, headers, numbers
from .frames import finish


def read_xlsx(path: Path, known: list[str], numeric: dict[str, bool], sheet: str | None = None,
              decimal: str | None = None) -> ProfileFile:
    """Read the profiles of a workbook: row numbers are the sheet's."""
    try:
        read_parts(path)
    except UnreadableWorkbook as error:
        raise InputError("profiles", "must be a readable XLSX workbook", str(error)) from None
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet_name, position, rows = _profile_sheet(book, known, sheet)
    finally:
        book.close()
    header, body = rows[0], rows[1:]
    named = headers.match(header, known)
    width = len(header)
    frame = pd.DataFrame([tuple(row[:width]) + (None,) * (width - len(row)) for row in body],
                         columns=named.columns, dtype=object)
    unnamed = [column for position_, column in enumerate(named.columns)
               if header[position_] in (None, "") and frame[column].isna().all()]
    frame = frame.drop(columns=unnamed)
    first_row = position + 2
    frame.index = pd.RangeIndex(first_row, first_row + len(frame), name="row")
    if decimal is None:
        decimal = _decimal(frame, numeric)
    notices = [f"read sheet {sheet_name!r}"] if sheet is None and sheet_name != book.sheetnames[0] else []
    if named.notice:
        notices.append(named.notice)
    if position:
        notices.append(f"header found on row {position + 1}")
    return ProfileFile(finish(frame, numeric, decimal), notices)


def _profile_sheet(book, known: list[str], wanted: str | None) -> tuple[str, int, list[tuple]]:
    """The sheet holding the profiles, the position of its header row, and its rows from the header on."""
    tables = [worksheet.title for worksheet in book.worksheets]  # chart sheets hold no rows
    if wanted is not None and wanted not in tables:
        raise InputError("--sheet", "must name a sheet of the workbook that holds cells",
                         f"got {wanted!r}; the sheets are {', '.join(map(repr, tables))}")
    for name in [wanted] if wanted is not None else tables:
        worksheet = book[name]
        worksheet.reset_dimensions()  # read every row, whatever size the file declares
        top = list(islice(worksheet.iter_rows(values_only=True), dialect.HEADER_SEARCH_ROWS))
        position = headers.find_header(top, known)
        if position is not None:
            return name, position, list(worksheet.iter_rows(min_row=position + 1, values_only=True))
    where = f"sheet {wanted!r} has no row" if wanted is not None else "no sheet has a row"
    raise InputError("profiles", "must have a header row naming the profile columns",
                     f"{where} among its first {dialect.HEADER_SEARCH_ROWS} naming two of "
                     f"{', '.join(known[:4])}, ... (see docs/profiles.md)")


def _decimal(frame: pd.DataFrame, numeric: dict[str, bool]) -> str:
    """Numbers typed as text in cells may carry a decimal comma; cells holding numbers have none."""
    tokens = [value for column in numeric if column in frame.columns
              for value in frame[column].head(dialect.EVIDENCE_ROWS) if isinstance(value, str)]
    marks = numbers.decimal_evidence(tokens)
    if len(marks) > 1:
        raise InputError("profiles", "has numbers with both decimal marks",
                         "some use ',' and some '.'; pass --decimal to say which is the decimal mark")
    return marks.pop() if marks else "."
