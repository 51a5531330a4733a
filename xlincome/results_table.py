"""Showing and saving the results of many profiles (the ``evaluate`` command's output).

The terminal shows at most :data:`MAX_SHOWN_ROWS` rows and as many problems,
whatever the number of profiles (a million profiles are computed in seconds;
a rich table of a million rows would take hours and gigabytes); the output
file of ``-o`` holds every row.  Text from the profile file is shown inert
(:mod:`xlincome.terminal_text`).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from . import batch, model
from .files import write_atomically
from .safe_text import csv_safe, text_cell
from .terminal_text import inert, shown

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


def show(results: pd.DataFrame, console: Console, limit: int = MAX_SHOWN_ROWS) -> None:
    """Print the headline results of the first ``limit`` good rows as a table, and
    say how many more there are."""
    results = pd.DataFrame(results, copy=False)  # a view without attrs: pandas deep-copies the problem
    # table of ``attrs`` into every row and column taken from ``results``, which a million bad rows make slow
    good = np.flatnonzero(results["error"].isna().to_numpy())
    table = Table(title="xlincome results")
    table.add_column("Row", justify="right", no_wrap=True)
    for column, title in SHOWN.items():
        text = column in ("name", "mix_status", "phase_label")
        table.add_column(title, justify="left" if text else "right", no_wrap=True,
                         overflow="ellipsis", max_width=40 if column == "name" else None)
    for row, record in results.iloc[good[:limit]].iterrows():
        table.add_row(shown(row), *(shown(_cell(column, record[column])) for column in SHOWN))
    console.print(table)
    if len(good) > limit:
        console.print(f"showing the first {limit} of {len(good):,} computed profiles; {EVERY_ROW}",
                      markup=False, highlight=False)


def show_problems(problems: pd.DataFrame, console: Console, limit: int = MAX_SHOWN_ROWS) -> None:
    """Print the first ``limit`` problems (row, column, rule, value), one a line, and
    say how many more there are."""
    for problem in problems.head(limit).itertuples(index=False):
        message = batch.problem_message(problem.column, problem.rule, problem.value)
        console.print(shown(f"row {problem.row}, column {inert(problem.column)}: {message}", limit=400),
                      highlight=False)
    if len(problems) > limit:
        console.print(f"... and {len(problems) - limit:,} more problems; {EVERY_ROW},"
                      " with each bad row's problems in its error column", markup=False, highlight=False)


def for_file(results: pd.DataFrame) -> pd.DataFrame:
    """The results as written to CSV/XLSX: ``never`` for an infinite break-even."""
    out = results.reset_index()
    out["product_breakeven"] = out["product_breakeven"].astype(object).where(
        ~out["product_breakeven"].isin([math.inf]), model.NEVER)
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
