"""Render every template to PNG through LibreOffice: xlsx -> pdf (one
``soffice`` call for all workbooks) -> png (``pdftoppm``, one picture per
sheet, the Guide included; every sheet prints on one page, the hidden
``xlwings.conf`` not at all).  ``make previews`` runs it into
``docs/img/``.

    python -m xlincome.workbooks.previews [OUT_DIR]
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

from ..profiles.actuals import Given, read_actuals
from .actuals import fill_tracker
from .engines import libreoffice
from .templates.writer import TEMPLATES, write_templates

#: Sheets that are not pictured: the add-in settings (hidden, not printed).
SKIPPED = ("xlwings.conf",)
#: Width of the pictures in pixels.
WIDTH = 1400


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


#: The example exports (product sales, and a bank statement of client payments and balances), logged
#: into an income plan for the picture of its Tracker against the plan (docs/actuals.md).
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FILLED = "income_plan_actuals"


def _filled_plan(templates: list[Path], folder: Path) -> Path:
    """The income plan with the example's months logged (``xlincome actuals --into``)."""
    plan = folder / f"{FILLED}.xlsx"
    plan.write_bytes(next(path for path in templates if path.stem == "income_plan").read_bytes())
    fill_tracker(plan, read_actuals([Given(EXAMPLES / "actuals.csv"), Given(EXAMPLES / "bank.ofx", "service")]
                                    ).months)
    return plan


def render(out_dir: str | Path) -> list[Path]:
    """Write one PNG per pictured sheet, ``<template>-<sheet>.png``, and the income plan's Tracker and
    Dashboard with the example's actual months logged; returns the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pictures = []
    with tempfile.TemporaryDirectory(prefix="xlincome-previews-") as work:
        work = Path(work)
        books = write_templates(work / "xlsx")
        books.append(_filled_plan(books, work / "xlsx"))
        libreoffice.convert(books, work / "pdf", "pdf")
        for book in books:
            sheets = [ws.title for ws in load_workbook(book).worksheets]
            for page, sheet in enumerate(sheets, start=1):
                if sheet in SKIPPED or (book.stem == FILLED and sheet not in ("Tracker", "Dashboard")):
                    continue
                picture = out / f"{book.stem}-{_slug(sheet)}.png"
                subprocess.run(["pdftoppm", "-png", "-scale-to-x", str(WIDTH), "-scale-to-y", "-1", "-f", str(page), "-l", str(page), "-singlefile",
                                str(work / "pdf" / f"{book.stem}.pdf"), str(picture.with_suffix(""))],
                               check=True, capture_output=True)
                pictures.append(picture)
    return pictures


def main(argv: list[str]) -> None:
    for picture in render(argv[0] if argv else "docs/img"):
        print(f"wrote {picture}")
    print(f"{len(TEMPLATES)} templates pictured")


if __name__ == "__main__":
    main(sys.argv[1:])
