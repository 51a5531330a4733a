"""IronCalc (PyPI ``ironcalc``, an independent engine written in Rust) as a third spreadsheet
engine: load each workbook, recalculate every formula, read the computed values back.

IronCalc runs inside this process (one wheel, no program to start), so a workbook takes
milliseconds; the workbooks are evaluated one after another.  It is optional: without it
:func:`module` is None and the errors name :data:`INSTALL_HINT`.
"""

from __future__ import annotations

import contextlib
import os
import sys
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version
from pathlib import Path

#: How to get IronCalc where it is missing (said by errors and test skips).
INSTALL_HINT = "pip install ironcalc"
#: The locale and time zone the workbooks are read in: English function names, dates in UTC.
LOCALE, TIMEZONE = "en", "UTC"


def module():
    """The ``ironcalc`` package, or None when it is not installed."""
    try:
        import ironcalc
    except ImportError:
        return None
    return ironcalc


def version() -> str | None:
    """The installed IronCalc's version, or None."""
    try:
        return installed_version("ironcalc")
    except PackageNotFoundError:
        return None


def _ironcalc():
    found = module()
    if found is None:
        raise RuntimeError(f"IronCalc is needed: {INSTALL_HINT}")
    return found


@contextlib.contextmanager
def _quiet_stdout():
    """File descriptor 1 pointed at the null device: IronCalc's reader prints a line to the
    process's standard output for each formula cell saved without its result
    (``Unexpected type (empty) in Sheet!A1``, as every generated workbook has), and computes
    the cell all the same."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def evaluated(path: Path):
    """The workbook at ``path`` loaded into IronCalc and recalculated (an ``ironcalc.Model``).

    Raises
    ------
    RuntimeError
        When IronCalc is missing, or cannot read the file (the message names it).
    """
    ironcalc = _ironcalc()
    try:
        with _quiet_stdout():
            workbook = ironcalc.load_from_xlsx(str(path), LOCALE, TIMEZONE)
    except ironcalc.WorkbookError as error:
        raise RuntimeError(f"IronCalc could not read {Path(path).name}: {error}") from None
    workbook.evaluate()
    return workbook


def value_text(value) -> str:
    """A computed value as the CSV text the other engines give: numbers in full precision
    (integers without a decimal point), ``TRUE``/``FALSE``, texts and error values as they are,
    an empty cell as ``""``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def sheets_of(workbook) -> dict[str, list[list[str]]]:
    """Every sheet of an evaluated workbook as rows of cell texts, from A1 to its last used cell."""
    names = [sheet["name"] for sheet in workbook.get_worksheets_properties()]
    rows: dict[str, list[list[str]]] = {name: [] for name in names}
    for sheet, row, column in workbook.get_all_cells():
        text = value_text(workbook.get_cell_value(sheet, row, column))
        if text == "":
            continue
        grid = rows[names[sheet]]
        while len(grid) < row:
            grid.append([])
        line = grid[row - 1]
        line.extend([""] * (column - len(line)))
        line[column - 1] = text
    return rows


def recalculate(paths: list[Path], out_dir: Path) -> dict[Path, dict[str, list[list[str]]]]:
    """Every workbook's computed sheets as rows of cell texts: ``{path: {sheet: rows}}``.

    Nothing is written: ``out_dir`` is there for the engines' shared signature.
    """
    return {Path(path): sheets_of(evaluated(Path(path))) for path in paths}


def recalculate_xlsx(paths: list[Path], out_dir: Path) -> dict[Path, Path]:
    """Every workbook recalculated and saved as ``out_dir/<name>.xlsx`` with its computed
    values stored: ``{path: saved path}``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    saved = {}
    for path in paths:
        target = out_dir / Path(path).name
        target.unlink(missing_ok=True)  # IronCalc refuses to overwrite a file
        evaluated(Path(path)).save_to_xlsx(str(target))
        saved[Path(path)] = target
    return saved
