"""``xlincome check``: a filled income plan read back, the model's results shown beside the workbook's.

Everything read from the workbook (the person's name, stored values, the
file name) is shown inert (:mod:`xlincome.text.terminal`).
"""

from __future__ import annotations

import math
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import model
from ..files.xlsx_parts import UnreadableWorkbook
from ..text.terminal import inert, output_console, shown
from ..workbooks.check import CheckReport, check_workbook
from ..workbooks.templates import RESULT_NAMES
from .exits import EXIT_OK, EXIT_ROWS_FAILED

_VERDICTS = {True: ("agrees", "green"), False: ("DIFFERS", "bold red"), None: ("not calculated yet", "yellow")}


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isinf(value):
            return model.NEVER
        return f"{value:,.6g}" if abs(value) < 1000 else f"{value:,.2f}"
    return str(value)


def show_check(console: Console, report: CheckReport) -> None:
    """A table of headline results, then the input problems or the disagreements in words."""
    console.print(Text(f"{inert(report.path.name)}: {inert(report.name)}", style="bold"))
    for problem in report.problems.itertuples(index=False):
        got = "a blank" if problem.value is None else repr(problem.value)
        console.print(shown(f"input {problem.column} {problem.rule} (got {inert(got)})", style="red"))
    if len(report.problems):
        console.print("the model cannot run on these inputs; fix them in the workbook")
        return
    table = Table(title="headline results")
    for title, justify in (("result", "left"), ("model", "right"), ("in the workbook", "right"), ("check", "left")):
        table.add_column(title, justify=justify)
    for result in report.results:
        verdict, style = _VERDICTS[result.agrees]
        if result.agrees is False and not result.formula:
            verdict += " (formula replaced by a value)"
        table.add_row(shown(result.column), shown(_shown(result.model)), shown(_shown(result.stored)),
                      Text(verdict, style=style))
    console.print(table)
    if report.added_streams:
        console.print(f"the mix results count {report.added_streams} stream(s) added to the stream table")
    bad, missing = report.disagreements, report.uncalculated
    again = "open and save the workbook in a spreadsheet program to store its results, then check again"
    if bad:
        console.print(f"{len(bad)} result(s) disagree with the model: {', '.join(r.column for r in bad)}")
    elif not report.results:
        console.print("nothing was checked: the workbook has none of the income plan's headline result cells")
    elif len(missing) == len(report.results):
        console.print(f"nothing was checked: the workbook holds no calculated results; {again}")
    elif missing:
        console.print(f"{len(missing)} result(s) not calculated yet: {', '.join(r.column for r in missing)}; {again}")
    else:
        console.print(f"all {len(report.results)} headline results agree with the model")


@click.command()
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(workbook: Path) -> None:
    """Read a filled income plan WORKBOOK (.xlsx) back and hold its results against the model.

    Exit code 0 when no stored headline result disagrees with the model (a
    workbook never opened in a spreadsheet has none yet: the output says so),
    1 when one disagrees or an input breaks a rule, 2 when the file is not a
    readable workbook.

    \b
    Example:
      xlincome check "out/workbooks/Ana Ruiz.xlsx"
    """
    try:
        report = check_workbook(workbook, RESULT_NAMES)
    except UnreadableWorkbook as error:
        raise click.UsageError(str(error)) from None
    show_check(output_console(), report)
    raise SystemExit(EXIT_ROWS_FAILED if report.disagreements or len(report.problems) else EXIT_OK)
