"""``xlincome evaluate``: the model for every profile of a file, shown and optionally saved."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from .. import batch
from ..errors import InputError
from ..files.writing import FileExists
from ..profiles import unknown_columns
from ..text.terminal import inert, output_console
from . import results_table
from .exits import EXIT_OK, EXIT_ROWS_FAILED
from .progress import RunProgress
from .reading import check_output, load_profiles, reading_options, warn_unknown
from .risk import risk_given, risk_options


@click.command()
@click.argument("profiles", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write every result column to this .csv or .xlsx file.")
@click.option("--force", is_flag=True, help="Overwrite the --output file if it exists.")
@reading_options
@risk_options
def evaluate(profiles: Path, output: Path | None, force: bool, sep: str | None, decimal: str | None,
             sheet: str | None, risk: bool, trials: int, seed: int, **risk_arguments: float | None) -> None:
    """Compute the income model for every profile in PROFILES (.csv, .xlsx or .json).

    Prints the headline results; bad rows are listed with their row, column
    and rule on stderr, and the other rows are still computed.  With --risk,
    also the plan's odds for every profile over TRIALS futures (the risk_*
    columns; a progress bar on a terminal).

    \b
    Examples:
      xlincome evaluate examples/profiles.csv
      xlincome evaluate profiles.xlsx -o results.xlsx
      xlincome evaluate export.csv --sep ';' --decimal ','
      xlincome evaluate examples/profiles.csv --risk --trials 1000 -o odds.csv
    """
    out, err = output_console(), Console(stderr=True)
    check_output(output, force)
    given = risk_given(risk_arguments)
    frame = load_profiles(profiles, sep, decimal, sheet)
    warn_unknown(err, unknown_columns(frame))
    try:
        if risk:
            with RunProgress(err, doing="the odds", unit="profiles") as progress:
                results = batch.evaluate(frame, risk={**given, "trials": trials, "seed": seed}, progress=progress)
        else:
            results = batch.evaluate(frame)
    except InputError as error:
        raise click.UsageError(str(error)) from None
    results_table.show(results, out)
    problems = results.attrs["problems"]
    results_table.show_problems(problems, err, names=frame.get("name"))
    if output is not None:
        try:
            results_table.save(results, output, overwrite=force)
        except (FileExists, OSError) as error:
            raise click.UsageError(str(error)) from None
        out.print(Text(f"wrote {inert(output)}"))
    bad_rows = problems["row"].nunique() if len(problems) else 0
    out.print(f"{len(results) - bad_rows} profiles computed, {bad_rows} with errors", highlight=False)
    raise SystemExit(EXIT_ROWS_FAILED if bad_rows else EXIT_OK)
