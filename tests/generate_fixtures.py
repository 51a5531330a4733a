"""Small workbooks and profile tables for the generate and check tests.

The mini template follows the template contract only (defined names on
cells), so these tests hold whatever the real templates' layout.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName

from xlincome.profiles import NUMERIC

#: The seed article's consultant: floor (1500 + 3600 / 0.75) * 1.1 = 6930, service 125 * 30 * 48 / 12 = 15000.
ANA = {"name": "Ana Ruiz", "business_costs": 1500, "personal_costs": 3600, "tax_rate": 0.25, "margin": 0.10,
       "hourly_rate": 125, "hours_per_week": 30, "weeks_per_year": 48, "build_hours": 120, "price": 99,
       "units_per_month": 30, "cash": 21000}

#: Result formulas of the mini template, by defined name, over the input names.
MINI_RESULTS = {
    "revenue_floor": ("floor_result", "=(business_costs+personal_costs/(1-tax_rate))*(1+margin)"),
    "service_income": ("service_result", "=hourly_rate*hours_per_week*weeks_per_year/12"),
    "reserve_months": ("reserve_result", "=cash/(business_costs+personal_costs)"),
}
MINI_RESULT_NAMES = {column: name for column, (name, _) in MINI_RESULTS.items()}


def mini_template(path: Path) -> Path:
    """A one-sheet template: a title formula over ``profile_name``, one styled input per
    number column (sample values, ``volatility`` blank), three result formulas."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "My plan"
    fill = PatternFill("solid", fgColor="FFF2CC")

    def name(defined: str, row: int) -> None:
        book.defined_names[defined] = DefinedName(defined, attr_text=f"'My plan'!$B${row}")

    sheet["A1"] = '="Income plan for "&profile_name'
    sheet["A2"], sheet["B2"] = "Name", "Sample person"
    sheet["B2"].fill = fill
    name("profile_name", 2)
    sample = {**ANA, "volatility": None}
    for row, column in enumerate(NUMERIC, start=3):
        sheet.cell(row, 1, column)
        cell = sheet.cell(row, 2, sample.get(column, 0 if column != "volatility" else None))
        cell.fill = fill
        name(column, row)
    for row, (defined, formula) in enumerate(MINI_RESULTS.values(), start=len(NUMERIC) + 4):
        sheet.cell(row, 1, defined)
        sheet.cell(row, 2, formula)
        name(defined, row)
    book.save(path)
    return path


def profiles_csv(path: Path, rows: list[dict]) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def profiles_json(path: Path, rows: list[dict]) -> Path:
    """JSON keeps every character of a name (CSV writers turn a lone carriage return into a line end)."""
    pd.DataFrame(rows).to_json(path, orient="records")
    return path
