"""``xlincome templates``: write the template workbooks."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from ..text.terminal import inert
from ..workbooks.templates.writer import FORMULAS, TEMPLATES, write_templates


@click.command("templates")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("workbook_templates"), show_default=True, help="Folder to write the workbooks into.")
@click.option("--formulas", type=click.Choice(FORMULAS), default="native", show_default=True,
              help="native: plain formulas any spreadsheet computes; udf: calls of the xlwings functions; "
                   "lambda: calls of the LAMBDA functions each workbook carries (Excel 365 and 2024).")
@click.option("--force", is_flag=True, help="Overwrite workbooks that already exist in --out.")
def templates(out_dir: Path, formulas: str, force: bool) -> None:
    """Write the template workbooks (revenue floor, product break-even, hybrid mix,
    transition tracker and the all-in-one income plan).

    \b
    Examples:
      xlincome templates --out my_templates --formulas udf
      xlincome templates --force       # regenerate the shipped workbook_templates/

    A workbook that already exists in --out is kept (it may hold your
    figures) unless --force.
    """
    console = Console()
    paths = write_templates(out_dir, formulas, overwrite=force)
    for path in paths:
        console.print(Text(f"wrote {inert(path)}"))
    kept = [name for name in TEMPLATES if out_dir / f"{name}.xlsx" not in paths]
    if kept:
        console.print(f"kept {len(kept)} existing (use --force to overwrite): {', '.join(kept)}")
    console.print(Text.assemble((f"{len(paths)} workbooks", "bold"), f" with {formulas} formulas in {inert(out_dir)}"))
