"""The ``xlincome`` command line: thin, it parses, calls and reports."""

from __future__ import annotations

import click

from . import __version__
from .templates.command import templates


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xlincome")
def main() -> None:
    """Plan freelance income in spreadsheets: evaluate profiles, write template
    workbooks, set up the Excel functions."""


main.add_command(templates)

if __name__ == "__main__":
    main()
