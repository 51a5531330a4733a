"""Shared looks of the template workbooks: cell styles and number formats.

Input cells are yellow with blue text and are the only unlocked cells;
formula cells are grey and locked; headline results are bold on blue.
"""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import (
    Alignment,
    Border,
    Font,
    NamedStyle,
    PatternFill,
    Protection,
    Side,
)

#: Number formats: money per month or per hour, fractions shown as percent,
#: months, hours, units and plain counts.
MONEY = "#,##0.00"
PERCENT = "0.0%"
MONTHS = "0.00"
HOURS = "0.0"
UNITS = "0.00"
COUNT = "0"
TEXT = "@"

#: One font family everywhere (LibreOffice shows it with the metric-compatible Carlito).
FONT = "Calibri"
_thin = Side(style="thin", color="BFBFBF")
_box = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)

INPUT = "xlincome input"
FORMULA = "xlincome formula"
HEADLINE = "xlincome headline"
HEADER = "xlincome header"
TITLE = "xlincome title"
PURPOSE = "xlincome purpose"
SECTION = "xlincome section"
NOTE = "xlincome note"


def named_styles() -> list[NamedStyle]:
    """The workbook styles, registered once per workbook."""
    return [
        NamedStyle(INPUT, font=Font(name=FONT, color="1F4E79"), fill=PatternFill("solid", fgColor="FFF2CC"),
                   border=_box, protection=Protection(locked=False)),
        NamedStyle(FORMULA, font=Font(name=FONT), fill=PatternFill("solid", fgColor="F2F2F2"), border=_box,
                   protection=Protection(locked=True)),
        NamedStyle(HEADLINE, font=Font(name=FONT, bold=True), fill=PatternFill("solid", fgColor="DDEBF7"), border=_box,
                   protection=Protection(locked=True)),
        NamedStyle(HEADER, font=Font(name=FONT, bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor="1F4E79"),
                   alignment=Alignment(wrap_text=True, vertical="center"), border=_box,
                   protection=Protection(locked=True)),
        NamedStyle(TITLE, font=Font(name=FONT, bold=True, size=16, color="1F4E79"), protection=Protection(locked=True)),
        NamedStyle(PURPOSE, font=Font(name=FONT, italic=True, color="595959"), protection=Protection(locked=True)),
        NamedStyle(SECTION, font=Font(name=FONT, bold=True, size=12, color="1F4E79"), border=Border(bottom=_thin),
                   protection=Protection(locked=True)),
        NamedStyle(NOTE, font=Font(name=FONT, color="595959", size=9), protection=Protection(locked=True)),
    ]


#: The first word of every status and its colours (fill, text), Excel's own good / neutral / bad.
LEVELS = {"Good": ("C6EFCE", "006100"), "Watch": ("FFEB9C", "9C5700"), "Act": ("FFC7CE", "9C0006")}


def colour_statuses(ws, cells: str) -> None:
    """Green, amber or red by the first word of each status in ``cells`` (conditional formatting)."""
    top = cells.split(":")[0]
    for word, (fill, text) in LEVELS.items():
        ws.conditional_formatting.add(cells, FormulaRule(
            formula=[f'LEFT({top},{len(word)})="{word}"'], stopIfTrue=True,
            fill=PatternFill(fill_type="solid", start_color=fill, end_color=fill, bgColor=fill),
            font=Font(color=text, bold=True)))
