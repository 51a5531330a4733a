"""Writing the template workbooks to ``workbook_templates/`` (or anywhere)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from . import hybrid_mix, income_plan, product_breakeven, revenue_floor, transition_tracker

#: Template name (the file is ``<name>.xlsx``) -> its builder.
TEMPLATES = {
    "revenue_floor": revenue_floor.build,
    "product_breakeven": product_breakeven.build,
    "hybrid_mix": hybrid_mix.build,
    "transition_tracker": transition_tracker.build,
    "income_plan": income_plan.build,
}
#: How results are written: native formulas (any engine) or calls of the xlwings functions.
FORMULAS = ("native", "udf")


def build(name: str, formulas: str = "native") -> Workbook:
    """The workbook of template ``name``, results as ``formulas`` says."""
    if formulas not in FORMULAS:
        raise ValueError(f"formulas must be one of {', '.join(FORMULAS)}, got {formulas!r}")
    return TEMPLATES[name](formulas).workbook


def write_templates(out_dir: str | Path, formulas: str = "native") -> list[Path]:
    """Write every template into ``out_dir`` (created if missing); returns the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in TEMPLATES:
        path = out / f"{name}.xlsx"
        build(name, formulas).save(path)
        paths.append(path)
    return paths
