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
#: Files per ``soffice`` call: LibreOffice 7.4 silently stops after 246 files in one call,
#: so longer lists go in calls of this many (start-up is about a second per call).
CALL_LIMIT = 200


def soffice() -> str | None:
    """The LibreOffice executable, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(paths: list[Path], out_dir: Path, target: str) -> None:
    """Convert ``paths`` to ``target`` (``pdf``, ``xlsx``, :data:`CSV_ALL_SHEETS`) in as few
    calls as LibreOffice allows (:data:`CALL_LIMIT` files each), with a private profile so
    parallel runs do not lock each other.

    Raises
    ------
    RuntimeError
        When LibreOffice is missing or left a file unconverted.
    """
    program = soffice()
    if program is None:
        raise RuntimeError(f"LibreOffice is needed: {INSTALL_HINT}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir.resolve().parent / f"lo-templates-{os.getpid()}"
    for start in range(0, len(paths), CALL_LIMIT):
        # Absolute paths: a file name starting with "-" is not read as an option.
        files = [str(Path(path).resolve()) for path in paths[start:start + CALL_LIMIT]]
        subprocess.run([program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--calc",
                        "--convert-to", target, "--outdir", str(out_dir), *files],
                       check=True, capture_output=True, timeout=3600)
    made = {_source_stem(name) if target == CSV_ALL_SHEETS else Path(name).stem for name in os.listdir(out_dir)}
    missing = [path.name for path in paths if path.stem not in made]
    if missing:
        raise RuntimeError(f"LibreOffice did not convert {len(missing)} files: {', '.join(missing[:5])}")


def _source_stem(output: str) -> str:
    """``book-Sheet name.csv`` and ``book.pdf`` both come from ``book``."""
    return Path(output).stem.split("-", 1)[0]


def recalculate(paths: list[Path], out_dir: Path) -> dict[Path, dict[str, list[list[str]]]]:
    """Every workbook's computed sheets as rows of cell texts: ``{path: {sheet: rows}}``.

    Workbook file names must not contain ``-`` (it separates book and sheet in the CSV names).
    """
    convert(paths, out_dir, CSV_ALL_SHEETS)
    sheets: dict[str, dict[str, list[list[str]]]] = {path.stem: {} for path in paths}
    for sheet_file in Path(out_dir).glob("*.csv"):
        book, sheet = sheet_file.stem.split("-", 1)
        with sheet_file.open(encoding="utf-8", newline="") as handle:
            sheets[book][sheet] = list(csv.reader(handle))
    return {path: sheets[path.stem] for path in paths}


def recalculate_xlsx(paths: list[Path], out_dir: Path) -> dict[Path, Path]:
    """Every workbook recalculated and saved as ``out_dir/<name>.xlsx``: ``{path: saved path}``."""
    convert(paths, out_dir, "xlsx")
    return {path: Path(out_dir) / path.name for path in paths}


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
