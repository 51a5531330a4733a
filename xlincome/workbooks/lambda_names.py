"""The LAMBDA library (:func:`xlincome.formulas.lambdas.library`) as a workbook's defined names."""

from __future__ import annotations

from openpyxl.workbook.defined_name import DefinedName

from ..formulas.lambdas import library

#: The longest description Excel's Name Manager keeps for a name.
COMMENT_LIMIT = 255


def add_library(workbook) -> None:
    """Every function of the library as a workbook-level defined name of ``workbook`` (an openpyxl
    workbook), its description as the name's comment."""
    for definition in library():
        workbook.defined_names[definition.name] = DefinedName(definition.name, attr_text=definition.stored,
                                                              comment=definition.comment[:COMMENT_LIMIT])
