"""Gnumeric's ``ssconvert`` as a second spreadsheet engine: recalculate workbooks
(``ssconvert --recalc``) and read the computed values back.

``ssconvert`` converts one workbook per process (start-up costs about 0.1 s, far
less than LibreOffice's second), so many workbooks are converted by several
processes side by side, one per core.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

#: How to get Gnumeric where it is missing (said by errors and test skips).
INSTALL_HINT = "apt-get install -y --no-install-recommends gnumeric"
#: CSV export of every sheet (one file per sheet, ``%s`` is the sheet's name), values
#: not as shown: full precision, no number formats.
CSV_ALL_SHEETS = ("-S", "-T", "Gnumeric_stf:stf_assistant",
                  "-O", "format=raw separator=, quoting-mode=auto charset=UTF-8")
#: Numbers with a dot as the decimal separator, whatever the machine's locale.
_ENVIRONMENT = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}


def ssconvert() -> str | None:
    """The Gnumeric converter, or None."""
    return shutil.which("ssconvert")


def _run_all(commands: list[list[str]], jobs: int | None) -> None:
    def run(command: list[str]) -> None:
        subprocess.run(command, check=True, capture_output=True, timeout=600, env=_ENVIRONMENT)

    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        list(pool.map(run, commands))


def _program() -> str:
    program = ssconvert()
    if program is None:
        raise RuntimeError(f"Gnumeric is needed: {INSTALL_HINT}")
    return program


def recalculate_xlsx(paths: list[Path], out_dir: Path, jobs: int | None = None) -> dict[Path, Path]:
    """Every workbook recalculated and saved as ``out_dir/<name>.xlsx``: ``{path: saved path}``."""
    program = _program()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    saved = {Path(path): out_dir / Path(path).name for path in paths}
    _run_all([[program, "--recalc", str(path.resolve()), str(target.resolve())] for path, target in saved.items()],
             jobs)
    missing = [path.name for path, target in saved.items() if not target.exists()]
    if missing:
        raise RuntimeError(f"Gnumeric did not convert {len(missing)} files: {', '.join(missing[:5])}")
    return saved


def recalculate(paths: list[Path], out_dir: Path, jobs: int | None = None) -> dict[Path, dict[str, list[list[str]]]]:
    """Every workbook's computed sheets as rows of cell texts: ``{path: {sheet: rows}}``.

    Workbook file names must not contain ``.`` before ``.xlsx`` (it separates book
    and sheet in the CSV names).
    """
    program = _program()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _run_all([[program, "--recalc", *CSV_ALL_SHEETS, str(Path(path).resolve()),
               str(out_dir.resolve() / f"{Path(path).stem}.%s.csv")]
              for path in paths], jobs)
    sheets: dict[str, dict[str, list[list[str]]]] = {Path(path).stem: {} for path in paths}
    for sheet_file in out_dir.glob("*.csv"):
        book, sheet = sheet_file.name[:-len(".csv")].split(".", 1)
        with sheet_file.open(encoding="utf-8", newline="") as handle:
            sheets[book][sheet] = list(csv.reader(handle))
    missing = [Path(path).name for path in paths if not sheets[Path(path).stem]]
    if missing:
        raise RuntimeError(f"Gnumeric did not convert {len(missing)} files: {', '.join(missing[:5])}")
    return {Path(path): sheets[Path(path).stem] for path in paths}
