"""``functions.xlsx``: the LAMBDA library as defined names, and a sheet that calls every function.

The library (:func:`xlincome.formulas.lambdas.library`) is stored as
workbook-level names whose formulas are ``LAMBDA``: each one a function any
cell of the workbook calls by its Excel name, in Excel 365 and Excel 2024,
with nothing installed.  The ``Functions`` sheet calls every function on the
acceptance examples of the table (:data:`xlincome.functions.FUNCTIONS`),
beside what the Python model gives for the same arguments, and spills
TRANSITION_PLAN's month table; moving or copying that sheet into another
workbook brings every name along (Excel copies the names a sheet's formulas
use).  The ``How to`` sheet says so, and how to use the Name Manager instead.

:func:`add_library` puts the same names into any workbook (the templates of
``--formulas lambda``).
"""

from __future__ import annotations

import io
import math
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

from .. import model
from ..errors import TooLargeError
from ..files.writing import write_to

from ..formulas.lambdas import LEFT_OUT
from ..functions import AMOUNTS, FUNCTIONS, KINDS, PLAN_KW1, RETURNS_MONTHS, Function, excel_text
from .lambda_names import add_library
from .spill import mark_dynamic
from .templates.package import TemplateWorkbook

#: The file's name in ``workbook_templates/``.
FILE_NAME = "functions.xlsx"
#: The sheet that calls every function (copy it into a workbook to bring the functions along).
SHEET = "Functions"
#: Where the example portfolios' streams are written: one pair of columns per example, from this row.
STREAM_COLUMN, STREAM_ROW = 8, 4
#: The row of the first example call.
FIRST_CALL = 4
HOW_TO = (
    "These functions work in Excel for Microsoft 365 (Windows, Mac, the web) and Excel 2024, with nothing to "
    "install: each is a defined name whose formula is LAMBDA. Excel 2021, 2019 and older do not have LAMBDA.",
    "Bring them into your own workbook: open both workbooks, right-click the Functions sheet tab, Move or Copy..., "
    "choose your workbook under To book, tick Create a copy, OK. Every function comes along with the sheet "
    "(Excel copies the names its formulas use); you may delete the copied sheet afterwards, the names stay.",
    "Or one by one: Formulas > Name Manager > New..., Name: the function's name, Refers to: its LAMBDA "
    "(copy it from this workbook's Name Manager, or from excel/lambda/xlincome.txt of the project).",
    "Or with Excel Labs (a free add-in): Advanced Formula Environment > Modules > Import from file or from a "
    "gist, the module excel/lambda/xlincome.txt.",
    "Then type =REVENUE_FLOOR(1500, 3600, 0.25, 0.10) in any cell: 6930. Optional arguments may be left out "
    "or blank; bad input shows the rule it breaks (margin must be in [0, 1]; ...).",
)


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return excel_text(value)
    return repr(float(value)) if not float(value).is_integer() else f"{value:g}"


def _model_value(function: Function, result: Any, kwargs: dict[str, Any]) -> Any:
    """What the model gives, as a cell shows it (``never`` for infinite months)."""
    returns = function.returns_for(kwargs.get("result"))
    if isinstance(result, float) and math.isinf(result):
        return model.NEVER if returns == RETURNS_MONTHS else str(TooLargeError())
    return result.item() if hasattr(result, "item") else result


class _Streams:
    """The example portfolios' amounts and kinds, written beside the calls (their ranges)."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.column = STREAM_COLUMN
        self.seen: dict[tuple, tuple[str, str]] = {}

    def ranges(self, amounts: list, kinds: list | None) -> tuple[str, str]:
        key = (tuple(amounts), tuple(kinds or ()))
        if key not in self.seen:
            amount_col, kind_col = get_column_letter(self.column), get_column_letter(self.column + 1)
            self.ws.cell(STREAM_ROW - 1, self.column, "amounts").font = Font(bold=True)
            self.ws.cell(STREAM_ROW - 1, self.column + 1, "kinds").font = Font(bold=True)
            for offset, amount in enumerate(amounts):
                self.ws.cell(STREAM_ROW + offset, self.column, amount)
                if kinds:
                    self.ws.cell(STREAM_ROW + offset, self.column + 1, kinds[offset])
            last = STREAM_ROW + len(amounts) - 1
            self.seen[key] = (f"${amount_col}${STREAM_ROW}:${amount_col}${last}",
                              f"${kind_col}${STREAM_ROW}:${kind_col}${last}")
            self.column += 3
        return self.seen[key]


def call(function: Function, kwargs: dict[str, Any], streams: _Streams) -> str:
    """The formula calling ``function`` with ``kwargs`` (arguments left out: empty, trailing ones dropped)."""
    args = []
    ranges = streams.ranges(kwargs["amounts"], kwargs.get("kinds")) if "amounts" in kwargs else None
    for argument in function.arguments:
        if argument.name not in kwargs:
            args.append("")
        elif argument.kind == AMOUNTS:
            args.append(ranges[0])
        elif argument.kind == KINDS:
            args.append(ranges[1])
        else:
            args.append(_literal(kwargs[argument.name]))
    while args and not args[-1]:
        args.pop()
    return f"={function.excel_name}({','.join(args)})"


def examples() -> list[tuple[Function, dict[str, Any]]]:
    """Every acceptance example of the table, in its order (functions left out excepted)."""
    return [(function, kwargs) for function in FUNCTIONS if function.excel_name not in LEFT_OUT
            for kwargs, _ in function.examples]


def build() -> TemplateWorkbook:
    """The workbook ``functions.xlsx``: the library, the Functions sheet, the How to sheet."""
    workbook = TemplateWorkbook()
    ws = workbook.active
    ws.title = SHEET
    ws["A1"] = "xlincome functions: every function of the model as a LAMBDA, with nothing to install"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Each row calls a function on an example of the model's specification; D is what the model says."
    for column, title in enumerate(("Function", "Call", "Result", "The model says"), 1):
        ws.cell(FIRST_CALL - 1, column, title).font = Font(bold=True)
    streams = _Streams(ws)
    row = FIRST_CALL
    for function, kwargs in examples():
        formula = call(function, kwargs, streams)
        ws.cell(row, 1, function.excel_name)
        ws.cell(row, 2, formula[1:])
        ws.cell(row, 3, formula)
        ws.cell(row, 4, _model_value(function, function(**kwargs), kwargs))
        row += 1
    ws.cell(row + 1, 1, "TRANSITION_PLAN's month table (kw1), spilled from one call:").font = Font(bold=True)
    plan = next(function for function in FUNCTIONS if function.name == "transition_plan")
    top, _ = table_cell()
    bottom = top + next(argument.default for argument in plan.arguments if argument.name == "months")
    ws.cell(top, 1).value = ArrayFormula(f"A{top}:{get_column_letter(len(model.PLAN_COLUMNS))}{bottom}",
                                         call(plan, {**PLAN_KW1, "result": "table"}, streams))
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 18
    ws.column_dimensions["D"].width = 18
    guide = workbook.create_sheet("How to")
    guide["A1"] = "How to use these functions in your own workbook"
    guide["A1"].font = Font(bold=True, size=14)
    for offset, text in enumerate(HOW_TO, 3):
        guide.cell(offset, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
        guide.row_dimensions[offset].height = 48
    guide.column_dimensions["A"].width = 110
    add_library(workbook)
    return workbook


def table_cell() -> tuple[int, int]:
    """Where the month table's call is on the Functions sheet (row, column), its header row first."""
    return FIRST_CALL + len(examples()) + 2, 1


def save(target) -> None:
    """Write ``functions.xlsx`` to ``target`` (a path or a binary file), the month table spilling."""
    buffer = io.BytesIO()
    build().save(buffer)
    write_to(target, mark_dynamic(buffer.getvalue()))


if __name__ == "__main__":  # python -m xlincome.workbooks.library workbook_templates
    import sys
    from pathlib import Path

    from ..files.writing import write_atomically

    print(write_atomically(Path(sys.argv[1] if len(sys.argv) > 1 else "workbook_templates") / FILE_NAME, save,
                           overwrite=True))
