"""Writing the template workbooks to ``workbook_templates/`` (or anywhere)."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from openpyxl import Workbook

from ...files.writing import FileExists, write_atomically
from ..lambda_names import TEMPLATE_PREFIX, add_library
from . import (
    hybrid_mix,
    income_plan,
    product_breakeven,
    revenue_floor,
    transition_plan,
    transition_tracker,
)

#: Template name (the file is ``<name>.xlsx``) -> its builder.
TEMPLATES = {
    "revenue_floor": revenue_floor.build,
    "product_breakeven": product_breakeven.build,
    "hybrid_mix": hybrid_mix.build,
    "transition_tracker": transition_tracker.build,
    "income_plan": income_plan.build,
    "transition_plan": transition_plan.build,
}
#: How results are written: native formulas (any engine), calls of the xlwings functions, or
#: calls of the LAMBDA library carried inside the workbook (Excel 365 and 2024, nothing installed).
FORMULAS = ("native", "udf", "lambda")
#: The templates with a Risk sheet (the plan in 100 futures), left out with ``risk=False``.
RISK_TEMPLATES = ("income_plan", "transition_plan")


def build(name: str, formulas: str = "native", risk: bool = True) -> Workbook:
    """The workbook of template ``name``, results as ``formulas`` says; the templates of
    :data:`RISK_TEMPLATES` with their Risk sheet unless ``risk`` is false."""
    if formulas not in FORMULAS:
        raise ValueError(f"formulas must be one of {', '.join(FORMULAS)}, got {formulas!r}")
    if name in RISK_TEMPLATES:
        workbook = TEMPLATES[name](formulas, risk=risk).workbook
    else:
        workbook = TEMPLATES[name](formulas).workbook
    if formulas == "lambda":
        add_library(workbook, TEMPLATE_PREFIX)
    return workbook


@lru_cache(maxsize=None)
def saved(name: str, formulas: str = "native", risk: bool = True) -> bytes:
    """The ``.xlsx`` bytes of template ``name`` (see :func:`build`), built once per process: a
    template with its Risk sheet (about 100,000 cells) takes seconds to build and save."""
    buffer = io.BytesIO()
    build(name, formulas, risk).save(buffer)
    return buffer.getvalue()


def write_templates(out_dir: str | Path, formulas: str = "native", *,
                    overwrite: bool = True, risk: bool = True) -> list[Path]:
    """Write every template into ``out_dir`` (created if missing); returns the paths written.

    Each workbook is written whole or not at all (a temporary file renamed
    into place).  With ``overwrite=False`` an existing workbook is kept (a
    user's filled-in copy is never lost) and left out of the returned list.
    With ``risk=False`` the templates leave out their Risk sheet (far smaller and faster to
    recalculate).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in TEMPLATES:
        path = out / f"{name}.xlsx"
        try:
            write_atomically(path, lambda temporary: Path(temporary).write_bytes(saved(name, formulas, risk)),
                             overwrite=overwrite)
        except FileExists:
            continue
        paths.append(path)
    return paths
