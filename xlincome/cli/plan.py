"""``xlincome plan``: one profile's transition plan, month by month, in the terminal and in a file.

The profile is read like ``evaluate`` reads it (:mod:`xlincome.cli.reading`),
checked by the same rules (:func:`xlincome.batch.checked_numbers`), and
simulated by :func:`xlincome.model.transition_plan`; the month table is
printed with rich and the summary put into words under it.  Text from the
file (the name) is shown as plain text: rich markup is not interpreted and
control characters (escape codes) are shown escaped.
"""

from __future__ import annotations

import math
from pathlib import Path

import click
import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import batch, model
from ..errors import InputError
from ..files.writing import FileExists
from ..profiles.schema import PLAN_MONTHS
from ..text.terminal import inert, output_console
from . import results_table, risk as risk_view
from .exits import EXIT_OK, EXIT_ROWS_FAILED
from .reading import check_output, load_profiles, reading_options

#: Table column -> (title on the terminal, format).
_SHOWN = {
    "month": ("Month", "{:.0f}"),
    "client_hours": ("Client h/wk", "{:,.1f}"),
    "product_hours": ("Product h/mo", "{:,.1f}"),
    "service_income": ("Service", "{:,.0f}"),
    "units": ("Units", "{:,.1f}"),
    "product_income": ("Product", "{:,.0f}"),
    "total_income": ("Total", "{:,.0f}"),
    "cash": ("Cash", "{:,.0f}"),
    "reserve_months": ("Reserve", "{:,.1f}"),
    "share": ("Share", "{:.0%}"),
    "phase": ("Phase", "{:.0f}"),
}


def choose(frame: pd.DataFrame, row: int | None, name: str | None) -> int:
    """The row label of the profile asked for: by row number, by name, or the first one."""
    if row is not None:
        if row not in frame.index:
            first, last = (frame.index[0], frame.index[-1]) if len(frame) else (None, None)
            where = f"rows {first} to {last}" if len(frame) else "no profiles"
            raise click.BadParameter(f"the file has no row {row} (it has {where})", param_hint="--row")
        return row
    if name is not None:
        found = frame.index[frame["name"].astype(str).str.strip() == name.strip()] if "name" in frame else []
        if len(found) != 1:
            what = "no profile" if len(found) == 0 else f"{len(found)} profiles (rows {', '.join(map(str, found))})"
            raise click.BadParameter(f"{what} named {inert(name)!r}; use --row", param_hint="--name")
        return int(found[0])
    if not len(frame):
        raise click.UsageError("the file holds no profiles")
    return int(frame.index[0])


def plan_arguments(numbers: dict[str, np.ndarray], position: int) -> dict[str, float | None]:
    """The plan's arguments for one checked profile (a blank target is "never cut")."""
    arguments = {name: float(numbers[name][position]) for name in batch.PLAN_ARGUMENTS}
    if math.isnan(arguments["target_hours_per_week"]):
        arguments["target_hours_per_week"] = None
    return arguments


def in_words(table: pd.DataFrame, summary: dict[str, object], target: float | None, months: int) -> str:
    """The plan's summary in a sentence a freelancer reads at a glance."""
    launch, breakeven, rebalance = (summary[key] for key in ("launch", "breakeven", "rebalance"))
    parts = ["never launches (no build hours per week)" if math.isinf(launch)
             else f"launches in month {launch:.0f}" + (f" (after the {months} months shown)" if launch > months else "")]
    parts.append(f"does not pay back within {months} months" if math.isinf(breakeven)
                 else f"pays back in month {breakeven:.0f}")
    lowest = int(table["cash"].idxmin())
    parts.append(f"lowest savings {table['cash'][lowest]:,.0f} in month {table['month'][lowest]}")
    if target is None:
        parts.append("client hours are never cut (no target hours per week)")
    elif math.isinf(rebalance):
        parts.append(f"you cannot cut to {target:g} hours within {months} months")
    else:
        parts.append(f"you can cut to {target:g} hours from month {rebalance:.0f}")
    below = int(summary["below_floor"])
    if below:
        parts.append(f"income is under the revenue floor in {below} month{'s' if below > 1 else ''}")
    return ", ".join(parts) + f"; month {months}: {summary['final_phase']}, product share {summary['final_share']:.0%}."


def show(console: Console, name: str, table: pd.DataFrame, words: str) -> None:
    view = Table(title=Text(f"Transition plan: {inert(name)}"))
    for column, (title, _) in _SHOWN.items():
        view.add_column(title, justify="right", no_wrap=True)
    for record in table.itertuples(index=False):
        view.add_row(*(form.format(getattr(record, column)) for column, (_, form) in _SHOWN.items()))
    console.print(view)
    console.print(Text(words))


#: Number format of each column of the month table in an .xlsx file.
FORMATS = {"month": "0", "client_hours": results_table.HOURS, "product_hours": results_table.HOURS,
           "service_income": results_table.MONEY, "units": "#,##0.0", "product_income": results_table.MONEY,
           "total_income": results_table.MONEY, "cash": results_table.MONEY,
           "reserve_months": results_table.MONTHS, "share": results_table.SHARE, "phase": "0"}


def save(table: pd.DataFrame, path: Path, *, overwrite: bool) -> Path:
    """The month table to ``path`` (.csv or .xlsx), atomically, never clobbering without ``overwrite``."""
    return results_table.save_table(table, path, formats=FORMATS, sheet="plan", frozen="B2", overwrite=overwrite)


@click.command()
@click.argument("profiles", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--row", type=int, help="The profile's row as seen in the file (CSV/XLSX: the first profile is row 2).")
@click.option("--name", help="The profile's name (must match one profile).")
@click.option("--months", type=click.IntRange(1, model.PLAN_MAX_MONTHS), default=PLAN_MONTHS, show_default=True,
              help="Months to simulate.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the month table to this .csv or .xlsx file.")
@click.option("--force", is_flag=True, help="Overwrite the --output file if it exists.")
@reading_options
@risk_view.risk_options
def plan(profiles: Path, row: int | None, name: str | None, months: int, output: Path | None, force: bool,
         sep: str | None, decimal: str | None, sheet: str | None, risk: bool, trials: int, seed: int,
         **risk_options: float | None) -> None:
    """One profile's transition plan, month by month: build, launch, pay back, cut client hours.

    Takes the first profile of PROFILES (.csv, .xlsx or .json) unless --row
    or --name picks another.  With --risk, the plan's odds instead: TRIALS
    futures with random client and sales months (and, with --client-loss, a
    client lost now and then), the share in which the savings run out, and
    the month bands of savings and income (-o writes the bands).  Exit code
    1 when that profile breaks a rule (each problem is listed), 2 for a
    usage error.

    \b
    Examples:
      xlincome plan examples/profiles.csv
      xlincome plan examples/profiles.csv --name "Ana Ruiz" --months 24 -o plan.xlsx
      xlincome plan examples/profiles.csv --risk --trials 10000 --client-loss 0.05
    """
    if row is not None and name is not None:
        raise click.UsageError("give --row or --name, not both")
    check_output(output, force)
    given = risk_view.risk_given(risk_options)
    frame = load_profiles(profiles, sep, decimal, sheet)
    try:
        label = choose(frame, row, name)
        numbers, problems = batch.checked_numbers(frame.loc[[label]])
        if risk:
            odds_numbers, odds_problems = batch.checked_risk(frame.loc[[label]], given)
            problems = pd.concat([problems, odds_problems], ignore_index=True) if len(odds_problems) else problems
    except (InputError, OSError) as error:
        raise click.UsageError(f"cannot read {profiles}: {error}") from None
    out, err = output_console(), Console(stderr=True)
    if len(problems):
        results_table.show_problems(problems, err, names=frame.get("name"))
        raise SystemExit(EXIT_ROWS_FAILED)
    arguments = plan_arguments(numbers, 0)
    if risk:
        odds = {**arguments, **{key: float(values[0]) for key, values in odds_numbers.items()},
                "months": months, "trials": trials, "seed": seed}
        table = model.plan_risk(**odds, result="table")
        summary = {key: value.item() for key, value in model.risk_summaries(**odds).items()}
        planned = model.transition_plan(**arguments, months=months, result="lowest_cash")
        words = risk_view.in_words(summary, table, trials, months, seed)
        risk_view.show(out, frame.loc[label, "name"], table,
                       f"{words} The plan alone, everything as expected: lowest savings {planned:,.0f}.")
        _written(out, output, lambda: risk_view.save(table, output, overwrite=force))
        raise SystemExit(EXIT_OK)
    table = model.transition_plan(**arguments, months=months)
    summary = {key: value.item() for key, value in model.plan_summaries(**arguments, months=months).items()}
    show(out, frame.loc[label, "name"], table, in_words(table, summary, arguments["target_hours_per_week"], months))
    _written(out, output, lambda: save(table, output, overwrite=force))
    raise SystemExit(EXIT_OK)


def _written(out: Console, output: Path | None, write) -> None:
    """Write the table with ``write()`` when ``-o`` was given, and say where."""
    if output is None:
        return
    try:
        write()
    except (FileExists, OSError) as error:
        raise click.UsageError(str(error)) from None
    out.print(Text(f"wrote {inert(output)}"))
