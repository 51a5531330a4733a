"""Render every template to PNG through LibreOffice: xlsx -> pdf (one
``soffice`` call for all workbooks) -> png (``pdftoppm``, one picture per
sheet; every sheet prints on one page).  ``make previews`` runs it into
``docs/img/``.

    python -m xlincome.templates.previews [OUT_DIR]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

from .writer import TEMPLATES, write_templates

#: Sheets that are not pictured: the guide (text) and the add-in settings.
SKIPPED = ("Guide", "xlwings.conf")
#: Width of the pictures in pixels.
WIDTH = 1400


def soffice_convert(paths: list[Path], out_dir: Path, target: str, profile: Path) -> None:
    """Convert ``paths`` to ``target`` (``pdf``, ``xlsx``) in ONE LibreOffice call;
    LibreOffice recalculates every formula on the way."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice is needed: apt-get install -y --no-install-recommends "
                           "libreoffice-calc-nogui")
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--calc",
                    "--convert-to", target, "--outdir", str(out_dir), *map(str, paths)],
                   check=True, capture_output=True, timeout=600)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def render(out_dir: str | Path) -> list[Path]:
    """Write one PNG per pictured sheet, ``<template>-<sheet>.png``; returns the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pictures = []
    with tempfile.TemporaryDirectory(prefix="xlincome-previews-") as work:
        work = Path(work)
        books = write_templates(work / "xlsx")
        soffice_convert(books, work / "pdf", "pdf", work / f"lo-templates-previews-{os.getpid()}")
        for book in books:
            sheets = [ws.title for ws in load_workbook(book).worksheets]
            for page, sheet in enumerate(sheets, start=1):
                if sheet in SKIPPED:
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
