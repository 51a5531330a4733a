"""The spreadsheet engines the workbooks are proven in, behind one interface.

    >>> sorted(ENGINES)
    ['gnumeric', 'ironcalc', 'libreoffice']

:func:`recalculate` gives every workbook's computed sheets as rows of cell texts
(read them with :func:`cell_text` and :func:`cell_value`); :func:`recalculate_xlsx`
saves each workbook recalculated, for readers of the stored values.  LibreOffice and
Gnumeric are programs (each converts its whole list in as few processes as it
allows); IronCalc is a Python package that computes inside this process.
"""

from __future__ import annotations

from pathlib import Path

from . import gnumeric, ironcalc, libreoffice

#: Engine name -> its module (``recalculate``, ``recalculate_xlsx``, ``INSTALL_HINT``).
ENGINES = {"libreoffice": libreoffice, "gnumeric": gnumeric, "ironcalc": ironcalc}
_PROGRAMS = {"libreoffice": libreoffice.soffice, "gnumeric": gnumeric.ssconvert, "ironcalc": ironcalc.module}


def available(engine: str) -> bool:
    """Whether ``engine`` is installed here (a program on the path, or the ``ironcalc`` package)."""
    return _PROGRAMS[engine]() is not None


def install_hint(engine: str) -> str:
    """The command that installs ``engine`` (for skips and errors)."""
    return ENGINES[engine].INSTALL_HINT


def recalculate(paths: list[Path], out_dir: Path, engine: str = "libreoffice") -> dict[Path, dict[str, list[list[str]]]]:
    """Every workbook of ``paths`` recalculated by ``engine``: ``{path: {sheet: rows of cell texts}}``.

    File names must hold neither ``-`` nor ``.`` before ``.xlsx`` (the engines name
    their per-sheet outputs with them).
    """
    return ENGINES[engine].recalculate([Path(path) for path in paths], Path(out_dir))


def recalculate_xlsx(paths: list[Path], out_dir: Path, engine: str = "libreoffice") -> dict[Path, Path]:
    """Every workbook of ``paths`` recalculated by ``engine`` and saved in ``out_dir``
    under its own name: ``{path: saved path}``."""
    return ENGINES[engine].recalculate_xlsx([Path(path) for path in paths], Path(out_dir))


cell_text = libreoffice.cell_text
cell_value = libreoffice.cell_value
