"""Untrusted text in spreadsheets: always text, never a formula.

A cell value that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is run as a formula by Excel, LibreOffice and Google Sheets when it is
typed or imported (spreadsheet formula injection, OWASP "CSV Injection").
"""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    """True for text a spreadsheet could take as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def text_cell(sheet: Worksheet, value: Any) -> Any:
    """A write-only cell holding ``value``; text is stored as text, whatever it starts with."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def csv_safe(value: Any) -> Any:
    """Prefix formula-like text with ``'`` for CSV, as OWASP advises; other values pass."""
    return "'" + value if looks_like_formula(value) else value
