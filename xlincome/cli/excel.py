"""``xlincome excel``: set up the Excel functions (``setup``) and write the xlwings Lite files (``lite``)."""

from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from ..excel import setup as setup_steps
from ..functions import UDF_MODULE
from ..text.terminal import inert


class SetupError(click.ClickException):
    """Set-up cannot go on (no xlwings, settings file not writable): exit code 2."""

    exit_code = 2


@click.group("excel")
def excel() -> None:
    """Set up the Excel functions."""


@excel.command("setup")
def setup() -> None:
    """Check xlwings and point its "UDF Modules" setting at xlincome.udfs."""
    try:
        import xlwings
    except ImportError as error:
        raise SetupError(f"xlwings is not installed ({error}): pip install 'xlwings>=0.33'") from None
    from ..excel import udfs

    click.echo(f"xlwings {xlwings.__version__}: {len(udfs.__all__)} Excel functions in {UDF_MODULE}")
    try:
        path, value = setup_steps.configure()
    except OSError as error:
        raise SetupError(f"cannot write xlwings' settings file: {error}") from None
    click.echo(f'Wrote "{setup_steps.UDF_MODULES_KEY}" = "{inert(value)}" to {inert(path)}')
    click.echo("")
    click.echo(setup_steps.NEXT_STEPS.format(version=__version__))


@excel.command("lite")
@click.option("--out", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder to write main.py and requirements.txt into.")
@click.option("--force", is_flag=True, help="Overwrite main.py and requirements.txt if they exist.")
def lite(folder: Path, force: bool) -> None:
    """Write main.py and requirements.txt for the xlwings Lite editor (no install of xlincome needed)."""
    from ..excel import lite as lite_files

    _say_written(folder, lambda: lite_files.write(folder, overwrite=force))
    click.echo("")
    click.echo("In Excel: open xlwings Lite (Home tab), paste main.py and requirements.txt over the")
    click.echo("editor's two files, and restart. Then type =PRODUCT_BREAKEVEN(120, 150, 99, 30): 6.06...")
    click.echo("Step by step: docs/excel.md.")


@excel.command("lambda")
@click.option("--out", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder to write functions.xlsx and xlincome.txt into.")
@click.option("--force", is_flag=True, help="Overwrite functions.xlsx and xlincome.txt if they exist.")
def lambda_library(folder: Path, force: bool) -> None:
    """Write the LAMBDA library: functions.xlsx (Excel 365 and 2024, nothing to install) and xlincome.txt
    (the same functions as a module for Excel Labs' Advanced Formula Environment)."""
    from ..excel import lambdas
    from ..files.writing import FileExists, write_atomically
    from ..workbooks import library

    workbook = folder / library.FILE_NAME

    def write_both() -> list[Path]:
        for path in (workbook, folder / lambdas.MODULE):
            if path.exists() and not force:
                raise FileExists(f"{path} exists; pass --force to overwrite it")
        folder.mkdir(parents=True, exist_ok=True)
        return [write_atomically(workbook, library.save, overwrite=force), lambdas.write(folder, overwrite=force)]

    _say_written(folder, write_both)
    click.echo("")
    click.echo("In Excel 365 or 2024: open functions.xlsx and type =REVENUE_FLOOR(1500, 3600, 0.25, 0.10): 6930.")
    click.echo("To use them in your own workbook: move or copy its Functions sheet into it (the names come")
    click.echo("along), or import xlincome.txt with Excel Labs. Step by step: docs/excel.md.")


def _say_written(folder: Path, write) -> None:
    """Run ``write`` (it returns the paths it wrote) and name each path; a file in the way or a
    folder that cannot be written is the command's error (exit 2), never a traceback."""
    try:
        written = write()
    except OSError as error:  # FileExists included
        raise SetupError(str(error) if isinstance(error, FileExistsError) else
                         f"cannot write into {folder}: {error}") from None
    for path in written:
        click.echo(f"Wrote {inert(path)}")
