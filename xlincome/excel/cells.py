"""What Excel sends to a Python function, as numpy arrays; what goes back.

xlwings hands a custom function its arguments unconverted when the function
asks for the ``raw`` converter: a number or text for one cell, a list of
rows for a range.  The runtimes differ in the details, and all of them are
read here, so the functions of :mod:`xlincome.udfs` see only three things:
numbers, blanks and bad cells (each with the message the cell will show).

- Office.js custom functions (xlwings Server, xlwings Lite): numbers arrive
  as JSON numbers (``int`` or ``float``), blanks as ``None`` or ``""`` (or
  Pyodide's ``JsNull`` in xlwings Lite), error cells as a dict
  ``{"type": "Error", "basicValue": "#N/A", ...}`` and rich values (data
  types) as a dict, read as its ``basicValue``; a rich value without one
  (e.g. an entity) is a bad cell, never a blank.
- The classic COM add-in (Windows desktop): numbers arrive as ``float``,
  blanks as ``None``, and error cells as the ``int`` codes that pywin32
  gives them (the table :data:`COM_ERRORS`, as in xlwings' ``_xlwindows``).

A whole column is read without converting cell by cell in the common case
(every cell a number): the values are flattened and turned into one float
array by numpy.  Only columns that hold something else are looked at cell
by cell, to name what is wrong with each bad cell.

What goes back must be JSON for Office.js: plain numbers and texts, never
NaN or infinity, and no text longer than a cell holds (:data:`CELL_LIMIT`).
Hostile input is read, never trusted: a ragged range (rows of different
lengths), a range inside a cell, a number beyond the largest float or a cell
holding NaN or infinity is a message, not a silently dropped cell; a long
text or a deep list is quoted shortened. Only a function that returns months
(the table's ``RETURNS_MONTHS``) turns infinity into ``never``; any other
number that is not finite (a result beyond the largest float) becomes
:data:`TOO_LARGE`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np

from .. import model
from ..errors import InputError, TooLargeError
from ..functions import RETURNS_MONTHS
from ..model.arrays import _LARGEST_INT, _QUOTED

#: pywin32's codes for Excel's error values, as xlwings' ``_xlwindows`` reads them.
COM_ERRORS = {
    -2146826281: "#DIV/0!",
    -2146826246: "#N/A",
    -2146826259: "#NAME?",
    -2146826288: "#NULL!",
    -2146826252: "#NUM!",
    -2146826265: "#REF!",
    -2146826273: "#VALUE!",
}
_COM_ERROR_SPAN = (min(COM_ERRORS), max(COM_ERRORS))

try:  # xlwings Lite (Pyodide >= 0.28) passes blank cells inside ranges as JsNull
    from pyodide.ffi import JsNull
    _BLANK_TYPES: tuple[type, ...] = (type(None), JsNull)
except ImportError:
    _BLANK_TYPES = (type(None),)

#: The text a cell shows for ``math.inf`` months ("never breaks even").
NEVER = model.NEVER
#: The text a cell shows for a result beyond the largest float (the model's TooLargeError).
TOO_LARGE = str(TooLargeError())
#: The most characters an Excel cell holds.
CELL_LIMIT = 32_767


@dataclass(frozen=True)
class RichValue:
    """An Office.js rich value (data type) that has no plain value to read, e.g. an entity."""

    type: str


def grid(raw: Any, name: str = "range") -> tuple[list[Any], tuple[int, int]]:
    """The cells of an argument as one flat list, row by row, and their shape.

    A single value is a 1 x 1 range; a flat list is one row.  A cell that
    holds a list (a range nested deeper) is left to the readers, which
    report it in its own cell.

    Raises
    ------
    InputError
        Naming ``name``, for an empty range or rows of different lengths
        (or rows mixed with single cells): no cell is dropped silently.
    """
    if not isinstance(raw, (list, tuple)):
        return [raw], (1, 1)
    if not raw:
        raise InputError(name, "must be a cell or a range", "got an empty range")
    if not isinstance(raw[0], (list, tuple)):
        if any(isinstance(cell, (list, tuple)) for cell in raw):
            raise InputError(name, "must be a rectangular range", "got single cells and rows mixed")
        return list(raw), (1, len(raw))
    if not set(map(type, raw)) <= {list, tuple}:
        raise InputError(name, "must be a rectangular range", "got rows and single cells mixed")
    widths = set(map(len, raw))
    if len(widths) > 1:
        raise InputError(name, "must be a rectangular range",
                         f"got rows of {min(widths)} to {max(widths)} cells")
    width = widths.pop()
    if width == 0:
        raise InputError(name, "must be a cell or a range", "got an empty range")
    flat = [row[0] for row in raw] if width == 1 else list(chain.from_iterable(raw))
    return flat, (len(raw), width)


def _basic(value: Any) -> Any:
    """A rich value (Office.js data type) as its plain value; error cells stay dicts.

    A rich value without a ``basicValue`` becomes a :class:`RichValue`, which
    every reader reports as a bad cell.
    """
    if isinstance(value, dict) and value.get("type") != "Error":
        if "basicValue" not in value:
            return RichValue(str(value.get("type", "unknown")))
        return value["basicValue"]
    return value


def _is_blank(value: Any) -> bool:
    return isinstance(value, _BLANK_TYPES) or value == ""


def _excel_error(value: Any) -> str | None:
    """The error text (``#N/A`` ...) when the cell holds an Excel error value."""
    if isinstance(value, dict):
        error = value.get("basicValue") or "#VALUE!"
        plain = isinstance(error, str) and len(error) <= 20 and error.startswith("#") and error.isprintable()
        return error if plain else _QUOTED.repr(error)
    if type(value) is int and value in COM_ERRORS:
        return COM_ERRORS[value]
    return None


def shown(value: Any) -> str:
    """A cell value as a message quotes it: ``-5``, ``0.25``, ``'abc'``, ``TRUE``."""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int) and abs(value) > _LARGEST_INT:
        return "a number too large for a float"
    if isinstance(value, (int, float)):
        return f"{value:.15g}"
    if isinstance(value, RichValue):
        return f"a rich value ({value.type}) without a plain value"
    if isinstance(value, (list, tuple)):
        return f"a range inside a cell ({_QUOTED.repr(value)})"
    return _QUOTED.repr(value)


def message(text: str) -> str:
    """A message as a cell holds it: at most :data:`CELL_LIMIT` characters."""
    return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT - 1] + "\u2026"


def problem(name: str, value: Any, rule: str = "must be a number") -> str:
    """The message for a cell that is not what ``rule`` asks for (text, error, boolean, rich value)."""
    error = _excel_error(value)
    got = f"the Excel error {error}" if error else shown(value)
    return str(InputError(name, rule, f"got {got}"))


def required(name: str) -> str:
    """The message for a blank cell where a value is required."""
    return str(InputError(name, "is required", "got a blank"))


def read_numbers(name: str, raw: Any, fill: float) -> tuple[np.ndarray, dict[int, str]]:
    """An argument's cells as a 2-D float array, and the messages of its bad cells.

    Blank cells become ``fill`` (an optional argument's default, or NaN).
    The messages are keyed by the cell's flat index (row by row), one for
    each cell that holds text, a boolean, a date or an Excel error value;
    bad cells are NaN in the array.  Domain rules are not checked here.
    """
    cells, shape = grid(raw, name)
    types = set(map(type, cells))
    if types <= {float, int}:
        try:
            values = np.array(cells, dtype=np.float64)
        except OverflowError:  # an int beyond the largest float: read cell by cell below
            types = set()
        else:
            problems = {} if np.isfinite(values).all() else _not_finite(name, values)
            if int in types:
                problems.update(_com_errors(name, cells, values))
            return values.reshape(shape), problems
    values = np.empty(len(cells), dtype=np.float64)
    problems = {}
    for index, cell in enumerate(cells):
        cell = _basic(cell)
        if _is_blank(cell):
            values[index] = fill
        elif type(cell) in (float, int) and _excel_error(cell) is None:
            if _finite(cell):
                values[index] = cell
            else:
                values[index] = np.nan
                problems[index] = problem(name, cell, "must be a finite number")
        else:
            values[index] = np.nan
            problems[index] = problem(name, cell)
    return values.reshape(shape), problems


def _finite(number: float | int) -> bool:
    """True for a number a float holds (not NaN, not infinity, not an int beyond the largest float)."""
    return abs(number) <= _LARGEST_INT if type(number) is int else math.isfinite(number)


def _not_finite(name: str, values: np.ndarray) -> dict[int, str]:
    """The cells of an all-number column holding NaN or infinity (JSON can carry both), set to NaN."""
    problems = {}
    for index in np.flatnonzero(~np.isfinite(values)).tolist():
        problems[index] = problem(name, float(values[index]), "must be a finite number")
        values[index] = np.nan
    return problems


def _com_errors(name: str, cells: list[Any], values: np.ndarray) -> dict[int, str]:
    """The cells of an all-number column that are pywin32 error codes, set to NaN."""
    low, high = _COM_ERROR_SPAN
    problems = {}
    for index in np.flatnonzero((values >= low) & (values <= high)).tolist():
        if type(cells[index]) is int:
            problems[index] = problem(name, cells[index])
            values[index] = np.nan
    return problems


def read_texts(name: str, raw: Any) -> tuple[list[Any], str | None]:
    """An argument's cells as a flat list of texts and numbers, blanks as ``None``.

    Returns the first message too, for an Excel error value or a rich value
    without a plain value in the range.
    """
    cells, _ = grid(raw, name)
    out = []
    for cell in cells:
        cell = _basic(cell)
        if _excel_error(cell) or isinstance(cell, (RichValue, list, tuple)):
            return [], problem(name, cell, "must be text")
        out.append(None if _is_blank(cell) else cell)
    return out, None


def value(result: Any, returns: str) -> Any:
    """One model result as a cell value: a Python number, text, ``never`` or :data:`TOO_LARGE`.

    ``returns`` is the function's ``Function.returns``: only months turn
    infinity into ``never``; NaN, and infinity from any other function, are
    not finite numbers a cell can hold.
    """
    if isinstance(result, np.generic):
        result = result.item()
    if isinstance(result, float) and not math.isfinite(result):
        return NEVER if returns == RETURNS_MONTHS and result == math.inf else TOO_LARGE
    if isinstance(result, str):
        return message(result)
    return result


def column(shape: tuple[int, int], good: np.ndarray, results: np.ndarray,
           messages: dict[tuple[int, int], str], returns: str) -> list[list[Any]]:
    """The cells of a range result: ``results`` in the ``good`` cells, ``messages`` in the others.

    Numbers become Python floats in one step (``tolist``); only the cells
    that are not finite numbers (see :func:`value`) or a message are set one
    by one.
    """
    filled = np.zeros(shape, dtype=results.dtype if results.dtype.kind in "fiu" else object)
    filled[good] = results
    out = filled.tolist()
    if results.dtype.kind == "f":
        for row, col in zip(*np.nonzero(~np.isfinite(filled))):
            out[row][col] = value(out[row][col], returns)
    elif results.dtype.kind == "O":
        for row, col in np.argwhere(good).tolist():
            out[row][col] = value(out[row][col], returns)
    for (row, col), text in messages.items():
        out[row][col] = message(text)
    return out
