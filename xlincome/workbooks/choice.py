"""Which template ``xlincome generate --template`` means: a template name or a workbook file.

A name is one of the package's template workbooks (the files of
``workbook_templates/``), built in memory with the formulas asked for
(``native`` or ``udf``), so the command works wherever the package is
installed.  A path ending in ``.xlsx`` is a template of one's own that
follows the same contract (see ``docs/cli.md``).  The templates with a Risk
sheet (:data:`RISK_TEMPLATES`) carry it only when asked (``--risk``): without
it a batch of workbooks is as small and as fast as before.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..files.xlsx_parts import UnreadableWorkbook
from .personalize import Template, TemplateError
from .templates import RISK_TEMPLATES, TEMPLATES, saved

DEFAULT_TEMPLATE = "income_plan"


class UnknownTemplate(ValueError):
    """Not a template name, not a usable template file; the message lists the names."""


def usable_templates() -> list[str]:
    """Names of the package's templates that can be personalized (a ``profile_name`` cell and
    an input cell per profile column they use)."""
    return [name for name in TEMPLATES if _try_load(name, "native") is not None]


def load_template(choice: str, formulas: str = "native", risk: bool = False, risk_inputs: bool = False) -> Template:
    """The template ``choice`` names (see the module docstring), loaded and ready to fill;
    with ``risk`` its Risk sheet too, and with ``risk_inputs`` the Risk sheet's inputs filled from
    each profile (slower: every workbook's Risk sheet is written again).

    Raises :class:`UnknownTemplate` with a message that says what to use instead.
    """
    if risk and choice not in RISK_TEMPLATES:
        usable = [name for name in RISK_TEMPLATES if name in usable_templates()]
        raise UnknownTemplate(f"--risk needs a template with a Risk sheet: {', '.join(usable)} (not {choice})")
    if choice.lower().endswith((".xlsx", ".xlsm")):
        try:
            return Template(Path(choice), optional=risk_inputs)
        except (TemplateError, UnreadableWorkbook) as error:
            raise UnknownTemplate(f"template {choice}: {error}") from None
    if choice not in TEMPLATES:
        raise UnknownTemplate(f"unknown template {choice!r}; use one of {', '.join(usable_templates())}"
                              " or the path of an .xlsx template")
    template = _try_load(choice, formulas, risk, risk_inputs)
    if template is None:
        raise UnknownTemplate(f"template {choice!r} has no cells for a profile; use one of"
                              f" {', '.join(usable_templates())}")
    return template


def _try_load(name: str, formulas: str, risk: bool = False, risk_inputs: bool = False) -> Template | None:
    buffer = io.BytesIO(saved(name, formulas, risk))
    buffer.name = f"{name}.xlsx"
    try:
        return Template(buffer, optional=risk_inputs)
    except TemplateError:
        return None
