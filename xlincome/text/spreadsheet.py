"""Untrusted text in spreadsheets and CSV files: always text, never a formula.

A cell value that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage
return or a line feed is run as a formula by Excel, LibreOffice and Google
Sheets when it is typed or imported (spreadsheet formula injection, OWASP
"CSV Injection"); a carriage return or line feed inside a CSV field that a
reader does not take as quoted starts a new row whose first cell may be
such a formula.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from ..files.writing import write_atomically

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Control characters and the code points that are no characters: spelled out (``\x1b``)
#: wherever text leaves the program, so no output holds them.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
#: Most characters a spreadsheet cell holds (Excel's limit).
MAX_CELL_TEXT = 32_767


def looks_like_formula(value: Any) -> bool:
    """True for text a spreadsheet could take as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def spelled_out(value: Any) -> Any:
    """Text with its control characters written as escapes (``"a\\rb"`` -> ``"a\\\\rb"``)."""
    if not isinstance(value, str) or not CONTROL.search(value):
        return value
    return CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), value)


def text_cell(sheet: Worksheet, value: Any) -> Any:
    """A write-only cell holding ``value``; text is stored as text, whatever it starts with,
    with control characters spelled out (XML cannot hold them) and cut to what a cell holds."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        value = spelled_out(value)[:MAX_CELL_TEXT]
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def csv_safe(value: Any) -> Any:
    """Text made inert for CSV: control characters (CR and LF included) spelled out, and a
    formula-like start prefixed with ``'``, as OWASP advises; other values pass."""
    if not isinstance(value, str):
        return value
    safe = spelled_out(value)
    return "'" + safe if looks_like_formula(value) or looks_like_formula(safe) else safe


def write_csv(table: pd.DataFrame, path: str | Path, *, overwrite: bool) -> Path:
    """Write ``table`` to a CSV file atomically, every text field inert (:func:`csv_safe`) and quoted."""
    safe = table.copy(deep=False)
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):  # only text can be unsafe
            safe[column] = safe[column].map(csv_safe)
    return write_atomically(path, lambda temporary: safe.to_csv(temporary, index=False,
                                                                 quoting=csv.QUOTE_NONNUMERIC),
                            overwrite=overwrite)
