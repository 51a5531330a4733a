"""The plan's odds on the command line: the options ``plan --risk`` and ``evaluate --risk`` share,
the odds put into words, and the month bands as a table on the terminal and in a file.

The options' values are checked by the model's own rules (the message names
the option and the rule); a value given stands for every profile, whatever
its file's column says.  Text from the profile file (the name) is shown inert.
"""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import model
from ..errors import InputError
from ..text.terminal import inert
from . import results_table

#: The risk arguments a command takes as options (``--client-cv``), with their help.
RISK_OPTIONS = {
    "client_cv": "Spread of each month's client income (coefficient of variation; 0.30 is 30 %)",
    "sales_cv": "Spread of each month's sales",
    "launch_cv": "Spread of how well the product does, once per future",
    "client_loss": "Chance per month of losing the largest client (0.05 is 5 %)",
    "loss_share": "Share of client income lost while that client is gone",
    "loss_months": "Months a client loss lasts",
}


def risk_options(command):
    """``--risk``, ``--trials``, ``--seed`` and one option per risk argument."""
    for name, text in reversed(RISK_OPTIONS.items()):
        default = model.RISK_DEFAULTS[name]
        command = click.option(f"--{name.replace('_', '-')}", name, type=int if name == "loss_months" else float,
                               help=f"{text} [default: the profile's {name} column, else {default:g}].")(command)
    command = click.option("--seed", type=click.IntRange(0, model.plan_risk.domain["seed"].high - 1),
                           default=model.RISK_DEFAULTS["seed"], show_default=True,
                           help="Which futures: the same seed gives the same numbers.")(command)
    command = click.option("--trials", type=click.IntRange(1, int(model.plan_risk.domain["trials"].high)),
                           default=model.RISK_DEFAULTS["trials"], show_default=True,
                           help="Futures to simulate (with --risk).")(command)
    return click.option("--risk", is_flag=True,
                        help="The plan's odds: many futures of the plan with random client and sales months "
                             "(see docs/risk.md).")(command)


def risk_given(options: dict[str, object]) -> dict[str, float]:
    """The risk options given on the command line, each checked by its model rule."""
    given = {}
    for name in RISK_OPTIONS:
        value = options.get(name)
        if value is None:
            continue
        rule = model.plan_risk.domain[name]
        if not rule.admits(float(value)):
            raise click.BadParameter(str(InputError(name, rule.text, f"got {value:g}")),
                                     param_hint=f"--{name.replace('_', '-')}")
        given[name] = float(value)
    return given


def _count(share: float, trials: int) -> str:
    count = round(share * trials)
    return f"{count:,} ({100 * count / trials:.1f} %)"


def in_words(summary: dict[str, float], table: pd.DataFrame, trials: int, months: int, seed: int) -> str:
    """The odds in sentences: how often the savings ran out, how low a bad one in ten goes and when."""
    ruined = round(summary["ruin"] * trials)
    worst = int(table["cash_p10"].idxmin())
    ran_out = ("your savings never ran out" if ruined == 0
               else f"your savings ran out in {_count(summary['ruin'], trials)}")
    return (f"In {trials:,} futures (seed {seed}) {ran_out}; in a bad one in ten they dip to "
            f"{summary['lowest_p10']:,.0f}, and the bad tenth's band is lowest in month "
            f"{int(table['month'][worst])} ({table['cash_p10'][worst]:,.0f}). "
            f"Income fell under the revenue floor in some month in {_count(summary['below_floor'], trials)}; "
            f"client work could be cut in {_count(summary['rebalance'], trials)}. After {months} months your "
            f"savings are {summary['cash_p10']:,.0f} in a bad one in ten, {summary['cash_p50']:,.0f} in the "
            f"middle one, {summary['cash_p90']:,.0f} in a good one.")


#: Band table column -> (title on the terminal, format).
_SHOWN = {
    "month": ("Month", "{:.0f}"),
    "cash_p10": ("Cash P10", "{:,.0f}"),
    "cash_p50": ("Cash P50", "{:,.0f}"),
    "cash_p90": ("Cash P90", "{:,.0f}"),
    "income_p10": ("Income P10", "{:,.0f}"),
    "income_p50": ("Income P50", "{:,.0f}"),
    "income_p90": ("Income P90", "{:,.0f}"),
    "ruined": ("Ran out", "{:.1%}"),
}


def show(console: Console, name: str, table: pd.DataFrame, words: str) -> None:
    """The month bands as a table, then the odds in words."""
    view = Table(title=Text(f"Plan risk: {inert(name)}"))
    for title, _ in _SHOWN.values():
        view.add_column(title, justify="right", no_wrap=True)
    for record in table.itertuples(index=False):
        view.add_row(*(form.format(getattr(record, column)) for column, (_, form) in _SHOWN.items()))
    console.print(view)
    console.print(Text(words))


#: Number format of each column of the band table in an .xlsx file.
FORMATS = {"month": "0", **{column: results_table.MONEY for column in model.RISK_COLUMNS[1:-1]},
           "ruined": results_table.SHARE}


def save(table: pd.DataFrame, path: Path, *, overwrite: bool) -> Path:
    """The band table to ``path`` (.csv or .xlsx), atomically, never clobbering without ``overwrite``."""
    return results_table.save_table(table, path, formats=FORMATS, sheet="risk", frozen="B2", overwrite=overwrite)
