"""``xlincome actuals``: the months that happened, from the exports freelancers already have.

Reads payment, sales, bank and time-tracker exports (:mod:`xlincome.profiles.actuals`), prints the
month table, writes it with ``-o`` (the report writer of ``evaluate``) and, with ``--into``, logs it
into the Tracker sheet of an income plan or a transition tracker workbook
(:mod:`xlincome.workbooks.actuals`).
"""

from __future__ import annotations

import math
from pathlib import Path

import click
import pandas as pd
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import InputError
from ..files.writing import FileExists
from ..profiles.actuals import PRODUCT, SERVICE, Given, read_actuals
from ..profiles.actuals.dates import parse_month
from ..text.terminal import inert, output_console, shown
from ..workbooks.actuals import TrackerError, fill_tracker
from .exits import EXIT_OK, EXIT_ROWS_FAILED
from .reading import check_output
from .results_table import MONEY, save_table

#: Problems listed on standard error, at most (the count says how many more).
MAX_PROBLEMS = 50
#: Number formats of months.xlsx.
FORMATS = {"service_income": MONEY, "product_income": MONEY, "billable_hours": "#,##0.00", "fees": MONEY,
           "refunds": MONEY, "cash": MONEY, "transactions": "0"}
_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command()
@click.argument("files", nargs=-1, type=_FILE)
@click.option("--service", "service", multiple=True, type=_FILE, metavar="FILE",
              help="A payment or bank export whose income is client work (repeatable).")
@click.option("--product", "product", multiple=True, type=_FILE, metavar="FILE",
              help="A payment or bank export whose income is product sales (repeatable).")
@click.option("--currency", metavar="CODE", help="The one currency counted [default: the one most rows carry].")
@click.option("--from", "start", metavar="YYYY-MM", help="First month [default: the first in the data].")
@click.option("--to", "end", metavar="YYYY-MM", help="Last month [default: the last in the data].")
@click.option("--dates", type=click.Choice(["dmy", "mdy"]),
              help="Order of slashed dates (01/06/2025) in files whose dates do not show it.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the months to this .csv or .xlsx file.")
@click.option("--into", "into", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="WORKBOOK",
              help="Log the months into the Tracker sheet of this income plan or transition tracker.")
@click.option("--force", is_flag=True, help="Overwrite the -o file, and months already logged in --into.")
def actuals(files: tuple[Path, ...], service: tuple[Path, ...], product: tuple[Path, ...], currency: str | None,
            start: str | None, end: str | None, dates: str | None, output: Path | None, into: Path | None,
            force: bool) -> None:
    """Add up the months that happened from your exports: income from client work and products,
    billable hours, fees, refunds, month-end cash.

    FILES given bare are classified by their source: Gumroad and Shopify sales are product income,
    Toggl, Clockify and Harvest reports give billable hours. A payment or bank export (Stripe,
    PayPal, OFX, camt.053) says nothing of what was sold: give it with --service or --product.
    Bad rows are listed with their file, row and column; the others still count.

    \b
    Examples:
      xlincome actuals --service paypal.csv --product unified_payments.csv gumroad.csv toggl.csv
      xlincome actuals --service bank.ofx --from 2025-01 -o months.xlsx
      xlincome actuals --product stripe.csv --into "plans/Ana Ruiz.xlsx"
    """
    out, err = output_console(), Console(stderr=True)
    if not (files or service or product):
        raise click.UsageError("give at least one export (FILE, --service FILE or --product FILE)")
    check_output(output, force)
    try:
        first = parse_month(start, "--from") if start else None
        last = parse_month(end, "--to") if end else None
        if first is not None and last is not None and first > last:
            raise InputError("--to", "must not be before --from", f"got --from {start} --to {end}")
        given = [Given(path) for path in files] + [Given(path, SERVICE) for path in service] + \
            [Given(path, PRODUCT) for path in product]
        read = read_actuals(given, currency=currency, start=first, end=last,
                            day_first=None if dates is None else dates == "dmy")
    except InputError as error:
        raise click.UsageError(inert(str(error), 600)) from None
    except OSError as error:
        raise click.UsageError(inert(f"cannot read {error.filename}: {error.strerror}", 600)) from None
    for name, notice in read.notices:
        err.print(Text(f"{inert(name, 80)}: {inert(notice, 600)}"), highlight=False)
    for name, code, count, rows in read.other_currencies:
        listed = ", ".join(map(str, rows)) + (", ..." if count > len(rows) else "")
        err.print(Text(f"{inert(name, 80)}: left out {count:,} rows in {inert(code, 12)}, not {read.currency} "
                       f"(rows {listed}); pass --currency {inert(code, 12)} to count those instead"),
                  highlight=False)
    _show_problems(sorted(read.problems, key=lambda problem: (problem.file, problem.row)), err)
    months = read.months
    _show(months, read.currency, out)
    if output is not None:
        try:
            save_table(months, output, formats=FORMATS, sheet="months", frozen="B2", overwrite=force)
        except (FileExists, OSError) as error:
            raise click.UsageError(str(error)) from None
        out.print(Text(f"wrote {inert(output)}"))
    if into is not None:
        try:
            filled = fill_tracker(into, months, force=force)
        except (TrackerError, FileExists, OSError) as error:
            raise click.UsageError(inert(str(error), 600)) from None
        out.print(Text(f"logged {filled.months} months into {inert(into)} (Month 1 is {months['month'].iloc[0]})"
                       f"{', with month-end cash' if filled.cash else ''}"))
        if filled.negative:
            err.print(f"logged as 0 (refunds over income, and the Tracker takes no negative income): "
                      f"{', '.join(filled.negative)}", markup=False, highlight=False)
    bad_rows = len({(problem.file, problem.row) for problem in read.problems})
    counted = int(months["transactions"].sum()) if len(months) else 0
    out.print(f"{len(months)} months, {counted:,} transactions counted, {bad_rows} rows with errors",
              markup=False, highlight=False)
    raise SystemExit(EXIT_ROWS_FAILED if bad_rows else EXIT_OK)


def _show_problems(problems, err: Console) -> None:
    for problem in problems[:MAX_PROBLEMS]:
        value = f" (got {inert(problem.value, 60)!s})" if problem.value else ""
        err.print(Text(f"{inert(problem.file, 80)} {problem.unit} {problem.row}, column {inert(problem.column, 60)}:"
                       f" {inert(problem.rule, 200)}{value}"), style="red", highlight=False)
    if len(problems) > MAX_PROBLEMS:
        err.print(f"... and {len(problems) - MAX_PROBLEMS:,} more problems", markup=False, highlight=False)


def _money(value: float) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:,.2f}"


def _show(months: pd.DataFrame, currency: str | None, console: Console) -> None:
    table = Table(title=f"Actual months ({currency})" if currency else "Actual months")
    titles = ("Month", "Service", "Product", "Billable h", "Fees", "Refunds", "Cash", "Transactions")
    for title in titles:
        table.add_column(title, justify="left" if title == "Month" else "right", no_wrap=True)
    for record in months.itertuples(index=False):
        table.add_row(shown(record.month), _money(record.service_income), _money(record.product_income),
                      f"{record.billable_hours:,.1f}", _money(record.fees), _money(record.refunds),
                      _money(record.cash), f"{record.transactions:,}")
    console.print(table)
