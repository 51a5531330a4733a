"""``xlincome generate``: one personalized workbook per profile, with a progress bar and a summary."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from ..errors import InputError
from ..profiles import RISK_COLUMNS, unknown_columns
from ..text.terminal import output_console
from ..workbooks.choice import DEFAULT_TEMPLATE, UnknownTemplate, load_template
from ..workbooks.generate import default_jobs
from ..workbooks.generate import generate as run_generate
from .progress import RunProgress, exit_code, show_summary
from .reading import load_profiles, reading_options, warn_unknown


@click.command()
@click.argument("profiles", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--template", "template_choice", default=DEFAULT_TEMPLATE, show_default=True,
              help="A template name (see docs/cli.md) or the path of an .xlsx template.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("workbooks"),
              show_default=True, help="Folder for the workbooks and errors.csv (created if missing).")
@click.option("--jobs", type=click.IntRange(min=1), default=default_jobs, show_default="number of cores",
              help="Worker processes.")
@click.option("--force", is_flag=True, help="Overwrite existing workbooks instead of skipping them.")
@click.option("--formulas", type=click.Choice(["native", "udf"]), default="native", show_default=True,
              help="native: plain formulas any spreadsheet computes; udf: calls of the xlwings functions.")
@click.option("--risk", is_flag=True,
              help="Add the Risk sheet (the plan in 100 futures, the odds that savings run out) to income_plan "
                   "or transition_plan; larger workbooks, slower to write and to open.")
@reading_options
def generate(profiles: Path, template_choice: str, out: Path, jobs: int, force: bool, formulas: str, risk: bool,
             sep: str | None, decimal: str | None, sheet: str | None) -> None:
    """Write one personalized workbook per profile in PROFILES (.csv, .xlsx or .json).

    Bad rows are listed in OUT/errors.csv and the good rows are still written;
    an existing workbook is kept (counted as skipped) unless --force.

    \b
    Examples:
      xlincome generate examples/profiles.csv --out out/workbooks
      xlincome generate profiles.xlsx --jobs 4 --force
      xlincome generate examples/profiles.csv --risk --out out/risk
    """
    out_console, err = output_console(), Console(stderr=True)
    frame = load_profiles(profiles, sep, decimal, sheet)
    warn_unknown(err, unknown_columns(frame))
    try:
        template = load_template(template_choice, formulas, risk,
                                 risk_inputs=risk and any(column.name in frame.columns for column in RISK_COLUMNS))
        with RunProgress(out_console) as progress:
            summary = run_generate(frame, template, out, jobs=jobs, force=force, progress=progress)
    except (InputError, UnknownTemplate) as error:
        raise click.UsageError(str(error)) from None
    except OSError as error:
        raise click.UsageError(f"cannot write into {out}: {error.strerror or error}") from None
    show_summary(out_console, summary)
    raise SystemExit(exit_code(summary))
