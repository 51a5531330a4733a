"""The LAMBDA library (:func:`xlincome.formulas.lambdas.library`) as a workbook's defined names."""

from __future__ import annotations

from openpyxl.workbook.defined_name import DefinedName

from ..formulas.lambdas import library

#: The longest description Excel's Name Manager keeps for a name.
COMMENT_LIMIT = 255


#: The prefix of the library's names inside a template (its results already hold the plain names).
TEMPLATE_PREFIX = "xlincome."


def add_library(workbook, prefix: str = "") -> None:
    """Every function of the library as a workbook-level defined name of ``workbook`` (an openpyxl
    workbook), named ``prefix`` + its Excel name, its parameters clear of the workbook's own names,
    its description as the name's comment."""
    for definition in library(prefix, frozenset(workbook.defined_names)):
        workbook.defined_names[definition.name] = DefinedName(definition.name, attr_text=definition.stored,
                                                              comment=definition.comment[:COMMENT_LIMIT])
