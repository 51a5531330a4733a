"""The ``xlincome`` command line: thin, it parses, calls and reports.

Exit codes: 0 every row succeeded; 1 some rows failed (the others are still
done); 2 usage error (bad path, unreadable file, missing columns, ...) or an
unexpected error (one line; the traceback with ``--debug``, see
:mod:`xlincome.cli_guard`); 130 and 143 stopped by Ctrl-C or SIGTERM.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from . import __version__, batch, results_table
from .check import check_workbook
from .check_report import show_check
from .cli_guard import GuardedGroup, debug_option
from .errors import InputError
from .excel_setup import excel
from .files import FileExists
from .generate import default_jobs
from .generate import generate as run_generate
from .plan_command import plan
from .profile_input import check_output, load_profiles, reading_options, warn_unknown
from .profiles import unknown_columns
from .progress import RunProgress, exit_code, show_summary
from .template_choice import DEFAULT_TEMPLATE, UnknownTemplate, load_template
from .templates import RESULT_NAMES
from .templates.command import templates
from .terminal_text import inert, output_console
from .workbook_parts import UnreadableWorkbook

EXIT_OK, EXIT_ROWS_FAILED = 0, 1  # usage errors exit with click's 2


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xlincome")
@debug_option
def main() -> None:
    """Plan freelance income in spreadsheets: evaluate profiles, write template
    workbooks, set up the Excel functions."""


@main.command()
@click.argument("profiles", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write every result column to this .csv or .xlsx file.")
@click.option("--force", is_flag=True, help="Overwrite the --output file if it exists.")
@reading_options
def evaluate(profiles: Path, output: Path | None, force: bool, sep: str | None, decimal: str | None,
             sheet: str | None) -> None:
    """Compute the income model for every profile in PROFILES (.csv, .xlsx or .json).

    Prints the headline results; bad rows are listed with their row, column
    and rule on stderr, and the other rows are still computed.

    \b
    Examples:
      xlincome evaluate examples/profiles.csv
      xlincome evaluate profiles.xlsx -o results.xlsx
      xlincome evaluate export.csv --sep ';' --decimal ','
    """
    out, err = output_console(), Console(stderr=True)
    check_output(output, force)
    frame = load_profiles(profiles, sep, decimal, sheet)
    warn_unknown(err, unknown_columns(frame))
    try:
        results = batch.evaluate(frame)
    except InputError as error:
        raise click.UsageError(str(error)) from None
    results_table.show(results, out)
    problems = results.attrs["problems"]
    results_table.show_problems(problems, err)
    if output is not None:
        try:
            results_table.save(results, output, overwrite=force)
        except (FileExists, OSError) as error:
            raise click.UsageError(str(error)) from None
        out.print(Text(f"wrote {inert(output)}"))
    bad_rows = problems["row"].nunique() if len(problems) else 0
    out.print(f"{len(results) - bad_rows} profiles computed, {bad_rows} with errors", highlight=False)
    raise SystemExit(EXIT_ROWS_FAILED if bad_rows else EXIT_OK)


@main.command()
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
@reading_options
def generate(profiles: Path, template_choice: str, out: Path, jobs: int, force: bool, formulas: str,
             sep: str | None, decimal: str | None, sheet: str | None) -> None:
    """Write one personalized workbook per profile in PROFILES (.csv, .xlsx or .json).

    Bad rows are listed in OUT/errors.csv and the good rows are still written;
    an existing workbook is kept (counted as skipped) unless --force.

    \b
    Examples:
      xlincome generate examples/profiles.csv --out out/workbooks
      xlincome generate profiles.xlsx --jobs 4 --force
    """
    out_console, err = output_console(), Console(stderr=True)
    frame = load_profiles(profiles, sep, decimal, sheet)
    warn_unknown(err, unknown_columns(frame))
    try:
        template = load_template(template_choice, formulas)
        with RunProgress(out_console) as progress:
            summary = run_generate(frame, template, out, jobs=jobs, force=force, progress=progress)
    except (InputError, UnknownTemplate) as error:
        raise click.UsageError(str(error)) from None
    except OSError as error:
        raise click.UsageError(f"cannot write into {out}: {error.strerror or error}") from None
    show_summary(out_console, summary)
    raise SystemExit(exit_code(summary))


@main.command()
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


main.add_command(excel)
main.add_command(templates)
main.add_command(plan)
