"""LibreOffice headless as the reference spreadsheet engine: convert many
workbooks in ONE ``soffice`` call (start-up costs about a second), which
recalculates every formula, and read the computed values back.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

#: How to get LibreOffice where it is missing (said by errors and test skips).
INSTALL_HINT = "apt-get install -y --no-install-recommends libreoffice-calc-nogui"
#: CSV export of every sheet (last token -1), UTF-8, values not as shown: full
#: precision (15 significant digits), only percent formats keep their "%".
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def soffice() -> str | None:
    """The LibreOffice executable, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(paths: list[Path], out_dir: Path, target: str) -> None:
    """Convert ``paths`` to ``target`` (``pdf``, ``xlsx``, :data:`CSV_ALL_SHEETS`) in one call,
    with a private LibreOffice profile so parallel runs do not lock each other."""
    program = soffice()
    if program is None:
        raise RuntimeError(f"LibreOffice is needed: {INSTALL_HINT}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir.resolve().parent / f"lo-templates-{os.getpid()}"
    subprocess.run([program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--calc",
                    "--convert-to", target, "--outdir", str(out_dir), *map(str, paths)],
                   check=True, capture_output=True, timeout=3600)


def recalculate(paths: list[Path], out_dir: Path) -> dict[Path, dict[str, list[list[str]]]]:
    """Every workbook's computed sheets as rows of cell texts: ``{path: {sheet: rows}}``."""
    convert(paths, out_dir, CSV_ALL_SHEETS)
    results = {}
    for path in paths:
        sheets = {}
        for sheet_file in Path(out_dir).glob(f"{path.stem}-*.csv"):
            with sheet_file.open(encoding="utf-8", newline="") as handle:
                sheets[sheet_file.stem[len(path.stem) + 1:]] = list(csv.reader(handle))
        results[path] = sheets
    return results


def cell_text(sheets: dict[str, list[list[str]]], sheet: str, row: int, column: int) -> str:
    """The text of one cell (1-based row and column); empty when outside the used range."""
    rows = sheets.get(sheet, [])
    if row > len(rows) or column > len(rows[row - 1]):
        return ""
    return rows[row - 1][column - 1]


def cell_value(text: str) -> float | str | None:
    """A cell text as a number (``"12.5%"`` is 0.125), text, or None when empty."""
    if text == "":
        return None
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        return text
