"""Showing and saving the results of many profiles (the ``evaluate`` command's output).

The terminal shows at most :data:`MAX_SHOWN_ROWS` rows and as many problems,
whatever the number of profiles (a million profiles are computed in seconds;
a rich table of a million rows would take hours and gigabytes); the output
file of ``-o`` holds every row.  Text from the profile file is shown inert
(:mod:`xlincome.text.terminal`).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from .. import batch, model
from ..files.writing import write_atomically
from ..text.spreadsheet import text_cell, write_csv
from ..text.terminal import inert, shown

#: Most profiles shown in the terminal table, and most problems listed on standard error.
MAX_SHOWN_ROWS = 50
#: Where the rows left out are: the ``-o`` option of ``evaluate``.
EVERY_ROW = "-o results.csv (or .xlsx) writes every row"

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


#: Shown after them when the results have the plan's odds (``evaluate --risk``).
SHOWN_RISK = {"risk_ruin": "Runs out", "risk_lowest_p10": "Low P10"}


def _cell(column: str, value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if column == "product_breakeven":
        return model.NEVER if math.isinf(value) else f"{value:,.1f}"
    if column == "risk_ruin":
        return f"{value:.1%}"
    if column == "scalable_share":
        return f"{value:.0%}"
    if isinstance(value, float):
        return f"{value:,.0f}"
    return str(value)


def show(results: pd.DataFrame, console: Console, limit: int = MAX_SHOWN_ROWS) -> None:
    """Print the headline results of the first ``limit`` good rows as a table, and
    say how many more there are."""
    results = pd.DataFrame(results, copy=False)  # a view without attrs: pandas deep-copies the problem
    # table of ``attrs`` into every row and column taken from ``results``, which a million bad rows make slow
    good = np.flatnonzero(results["error"].isna().to_numpy())
    table = Table(title="xlincome results")
    table.add_column("Row", justify="right", no_wrap=True)
    columns = {**SHOWN, **{column: title for column, title in SHOWN_RISK.items() if column in results}}
    for column, title in columns.items():
        text = column in ("name", "mix_status", "phase_label")
        table.add_column(title, justify="left" if text else "right", no_wrap=True,
                         overflow="ellipsis", max_width=40 if column == "name" else None)
    for row, record in results.iloc[good[:limit]].iterrows():
        table.add_row(shown(row), *(shown(_cell(column, record[column])) for column in columns))
    console.print(table)
    if len(good) > limit:
        console.print(f"showing the first {limit} of {len(good):,} computed profiles; {EVERY_ROW}",
                      markup=False, highlight=False)


def show_problems(problems: pd.DataFrame, console: Console, limit: int = MAX_SHOWN_ROWS,
                  names: pd.Series | None = None) -> None:
    """Print the first ``limit`` problems (row, the profile's name when ``names`` has one,
    column, rule, value), one a line, and say how many more there are."""
    for problem in problems.head(limit).itertuples(index=False):
        message = batch.problem_message(problem.column, problem.rule, problem.value)
        name = _name_of(names, problem.row)
        where = f"row {problem.row}" + (f" ({name})" if name else "")
        console.print(shown(f"{where}, column {inert(problem.column)}: {message}", limit=400), highlight=False)
    if len(problems) > limit:
        console.print(f"... and {len(problems) - limit:,} more problems; {EVERY_ROW},"
                      " with each bad row's problems in its error column", markup=False, highlight=False)


#: Longest name shown beside a row number; longer ones are left out (the row number is enough).
MAX_NAME_SHOWN = 60


def _name_of(names: pd.Series | None, row: object) -> str | None:
    """The name of the profile in ``row`` when it is plain, short text (a name with a control
    character or too long is a problem of its own, reported with the row)."""
    if names is None or row not in names.index:
        return None
    name = names.loc[row]
    plain = isinstance(name, str) and name.strip() and len(name) <= MAX_NAME_SHOWN and inert(name) == name
    return name if plain else None


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
    return save_table(for_file(results), path, formats=FORMATS, sheet="results", frozen="C2", overwrite=overwrite)


def save_table(table: pd.DataFrame, path: Path, *, formats: dict[str, str], sheet: str, frozen: str,
               overwrite: bool) -> Path:
    """Write ``table`` to ``path`` atomically: a .csv file with every text inert, or an .xlsx
    report (``formats``: number format by column; ``frozen``: the first cell not frozen)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return write_csv(table, path, overwrite=overwrite)
    if suffix == ".xlsx":
        return write_atomically(path, lambda tmp: _write_xlsx(table, tmp, formats, sheet, frozen),
                                overwrite=overwrite)
    raise ValueError(f"-o must end in .csv or .xlsx, got {path.name!r}")


MONEY, MONTHS, HOURS, SHARE, COUNT = "#,##0.00", "#,##0.0", "#,##0.0", "0.0%", "0.00"
#: Number format of each numeric column of results.xlsx (text columns are stored as text).
FORMATS = {
    "row": "0",
    "revenue_floor": MONEY,
    "service_income": MONEY,
    "required_rate": MONEY,
    "hours_needed": HOURS,
    "reserve_months": MONTHS,
    "product_breakeven": MONTHS,
    "breakeven_units": "#,##0.0",
    "scalable_share": SHARE,
    "mix_gap": MONEY,
    "effective_streams": COUNT,
    "phase": "0",
    "plan_launch": "0",
    "plan_breakeven": "0",
    "plan_rebalance": "0",
    "plan_lowest_cash": MONEY,
    "plan_below_floor": "0",
    "plan_final_share": SHARE,
    "risk_ruin": SHARE,
    "risk_below_floor": SHARE,
    "risk_rebalance": SHARE,
    "risk_cash_p10": MONEY,
    "risk_cash_p50": MONEY,
    "risk_cash_p90": MONEY,
    "risk_lowest_p10": MONEY,
}
#: Column widths, characters: wide enough for the title and a typical value, never huge.
MIN_WIDTH, MAX_WIDTH = 8, 60
#: Rows looked at to size the text columns.
WIDTH_SAMPLE = 1000


def _write_xlsx(table: pd.DataFrame, path: Path, formats: dict[str, str], title: str, frozen: str) -> None:
    """One sheet that reads like a report: a frozen, bold header on a fill, number formats
    for money, months and percentages, columns sized to their content, every text cell
    stored as text (no formula injection, control characters spelled out)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.freeze_panes = frozen
    columns = list(table.columns)
    for position, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = _width(table[column], column, formats)
    header = []
    for column in columns:
        cell = text_cell(sheet, str(column))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="305496")
        cell.alignment = Alignment(horizontal="center", vertical="center")
        header.append(cell)
    sheet.append(header)
    column_formats = [formats.get(column) for column in columns]
    for record in table.itertuples(index=False):
        cells = []
        for value, number_format in zip(record, column_formats):
            value = None if _missing(value) else value
            if number_format is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = number_format
                cells.append(cell)
            else:
                cells.append(text_cell(sheet, value))
        sheet.append(cells)
    book.save(path)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _width(values: pd.Series, title: str, formats: dict[str, str]) -> float:
    """Characters wide enough for the title and the longest value of the first rows."""
    if title in formats:
        return max(MIN_WIDTH, len(title) + 2, 14 if formats[title] == MONEY else 10)
    sample = values.head(WIDTH_SAMPLE).dropna().astype(str)
    longest = int(sample.str.len().max()) if len(sample) else 0
    return float(min(MAX_WIDTH, max(MIN_WIDTH, len(title) + 2, longest + 2)))
