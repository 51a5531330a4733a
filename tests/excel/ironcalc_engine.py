"""IronCalc (PyPI ``ironcalc``), the engine that runs LAMBDA here: a workbook loaded, calls typed in,
evaluated once, values read.

Tests that need it call :func:`engine`, which skips them, with the install
command as the reason, where ``ironcalc`` is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

INSTALL = "IronCalc is not installed: pip install 'ironcalc>=0.9'"


def engine():
    """The ``ironcalc`` module, or a skip naming the install command."""
    return pytest.importorskip("ironcalc", reason=INSTALL)


class Sheet:
    """A workbook in IronCalc: cells typed in (1-based rows and columns), evaluated once, read."""

    def __init__(self, path: Path, sheet: int = 0):
        self.model = engine().load_from_xlsx(str(path), "en", "UTC")
        self.sheet = sheet

    def put(self, row: int, column: int, value: Any) -> None:
        """A number, a text or a formula (text starting with ``=``) typed into a cell; None: left blank."""
        if value is None:
            return
        self.model.set_user_input(self.sheet, row, column, value if isinstance(value, str) else repr(float(value)))

    def evaluate(self) -> None:
        self.model.evaluate()

    def get(self, row: int, column: int) -> Any:
        return self.model.get_cell_value(self.sheet, row, column)
