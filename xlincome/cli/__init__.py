"""The ``xlincome`` command line: thin, it parses, calls and reports.

One module per command (:mod:`.evaluate`, :mod:`.generate`, :mod:`.check`,
:mod:`.plan`, :mod:`.templates`, :mod:`.excel`, :mod:`.actuals`), what the commands that read
profiles share (:mod:`.reading`), how results and runs are shown
(:mod:`.results_table`, :mod:`.progress`), and the last line of defence every
command runs behind (:mod:`.guard`).

Exit codes (:mod:`.exits`): 0 every row succeeded; 1 some rows failed (the
others are still done); 2 usage error (bad path, unreadable file, missing
columns, ...) or an unexpected error (one line; the traceback with
``--debug``, see :mod:`xlincome.cli.guard`); 130 and 143 stopped by Ctrl-C or
SIGTERM.
"""

from __future__ import annotations

import click

from .. import __version__
from . import actuals, check, evaluate, excel, generate, plan, templates
from .guard import GuardedGroup, debug_option


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xlincome")
@debug_option
def main() -> None:
    """Plan freelance income in spreadsheets: evaluate profiles, write template
    workbooks, set up the Excel functions."""


for _command in (evaluate.evaluate, generate.generate, check.check, excel.excel, templates.templates, plan.plan, actuals.actuals):
    main.add_command(_command)
