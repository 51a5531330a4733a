"""What the commands that read profiles share: the options that settle a file, the
usage error that says what to fix, the reader's notices shown once (inert), and the
check of an ``-o`` file made before any work is done."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from ..errors import InputError
from ..profiles import read_profile_file
from ..profiles.reading import SETTLES
from ..text.terminal import inert


def load_profiles(path: Path, sep: str | None, decimal: str | None, sheet: str | None):
    """Read a profile file or stop with a usage error that says what to fix; say once on
    stderr what the reader found (an encoding other than UTF-8, loosely matched headers, ...)."""
    err = Console(stderr=True)
    for option, given in (("sep", sep), ("sheet", sheet)):
        if given is not None and path.suffix.lower() not in SETTLES[option]:
            kinds = "a CSV file" if option == "sep" else "an XLSX workbook"
            err.print(Text.assemble(("warning: ", "yellow"), f"--{option} settles {kinds}; ignored for "
                                    f"{inert(path.name)}"), highlight=False)
    try:
        read = read_profile_file(path, sep={"tab": "\t"}.get(sep, sep), decimal=decimal, sheet=sheet)
    except (InputError, OSError) as error:
        raise click.UsageError(f"cannot read {path}: {error}") from None
    for notice in read.notices:
        err.print(Text(f"{inert(path.name)}: {inert(notice, 400)}"), highlight=False)
    return read.frame


def reading_options(command):
    """``--sep``, ``--decimal`` and ``--sheet``: what settles a profile file the reader cannot."""
    command = click.option("--sheet", metavar="NAME",
                           help="XLSX: the sheet holding the profiles [default: the first whose header "
                                "names the profile columns].")(command)
    command = click.option("--decimal", type=click.Choice([".", ","]),
                           help="Decimal mark of the numbers (in a CSV file, or typed as text in XLSX and JSON) "
                                "[default: found from the file].")(command)
    return click.option("--sep", type=click.Choice([",", ";", "tab"]),
                        help="Field separator of a CSV file [default: found from the header].")(command)


def warn_unknown(err: Console, columns: list[str]) -> None:
    """List the ignored columns once; their names come from the file, so they are shown inert."""
    if columns:
        err.print(Text.assemble(("ignored unknown columns: ", "yellow"),
                                ", ".join(inert(column, 60) for column in columns[:50]),
                                f" and {len(columns) - 50} more" if len(columns) > 50 else ""))


def check_output(output: Path | None, force: bool) -> None:
    """Stop with a usage error, before anything is read or computed, when ``-o`` is not a
    .csv or .xlsx file or names a file that exists without ``--force`` (the writer checks
    again, atomically, when it writes)."""
    if output is None:
        return
    if output.suffix.lower() not in (".csv", ".xlsx"):
        raise click.BadParameter("must end in .csv or .xlsx", param_hint="-o/--output")
    if output.exists() and not force:
        raise click.UsageError(f"{inert(output)} exists; pass --force to overwrite it")
