"""Showing and saving the results of many profiles (the ``evaluate`` command's output)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from . import model
from .files import write_atomically
from .safe_text import csv_safe, text_cell

#: Columns shown on the terminal: the headline of each part of the model.
SHOWN = {
    "name": "Name",
    "revenue_floor": "Floor/mo",
    "service_income": "Service/mo",
    "product_breakeven": "Break-even mo",
    "scalable_share": "Scalable",
    "mix_status": "Mix",
    "phase_label": "Phase",
}


def _cell(column: str, value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if column == "product_breakeven":
        return model.NEVER if math.isinf(value) else f"{value:,.1f}"
    if column == "scalable_share":
        return f"{value:.0%}"
    if isinstance(value, float):
        return f"{value:,.0f}"
    return str(value)


def show(results: pd.DataFrame, console: Console) -> None:
    """Print the good rows' headline results as a table."""
    table = Table(title="xlincome results")
    table.add_column("Row", justify="right", no_wrap=True)
    for column, title in SHOWN.items():
        text = column in ("name", "mix_status", "phase_label")
        table.add_column(title, justify="left" if text else "right", no_wrap=True,
                         overflow="ellipsis", max_width=40 if column == "name" else None)
    for row, record in results[results["error"].isna()].iterrows():
        table.add_row(str(row), *(_cell(column, record[column]) for column in SHOWN))
    console.print(table)


#: Result columns of months where infinity means a month that never comes.
MONTH_COLUMNS = ("product_breakeven", "plan_launch", "plan_breakeven", "plan_rebalance")


def for_file(results: pd.DataFrame) -> pd.DataFrame:
    """The results as written to CSV/XLSX: ``never`` for a month that never comes."""
    out = results.reset_index()
    for column in MONTH_COLUMNS:
        out[column] = out[column].astype(object).where(~out[column].isin([math.inf]), model.NEVER)
    return out


def save(results: pd.DataFrame, path: Path, *, overwrite: bool) -> Path:
    """Write every result column to ``path`` (.csv or .xlsx), atomically."""
    table = for_file(results)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        safe = table.map(csv_safe)
        return write_atomically(path, lambda tmp: safe.to_csv(tmp, index=False), overwrite=overwrite)
    if suffix == ".xlsx":
        return write_atomically(path, lambda tmp: _write_xlsx(table, tmp), overwrite=overwrite)
    raise ValueError(f"-o must end in .csv or .xlsx, got {path.name!r}")


def _write_xlsx(table: pd.DataFrame, path: Path) -> None:
    """One sheet of results; every text cell stored as text (no formula injection)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("results")
    sheet.append([text_cell(sheet, str(column)) for column in table.columns])
    for record in table.itertuples(index=False):
        sheet.append([text_cell(sheet, None if pd.isna(value) else value) for value in record])
    book.save(path)
