"""Every model function as an Excel function, through xlwings.

Generated from the table of functions (:data:`xlincome.functions.FUNCTIONS`):
one Python function per entry, named by its Excel name (``PRODUCT_BREAKEVEN``),
with the model function's argument names, order and defaults as a real
signature (``inspect.signature``, which both xlwings runtimes read), the
table's description of the function and of each argument, and the ``raw``
converter for every argument and the result, so that xlwings passes cells
through untouched and :mod:`xlincome.excel.cells` reads whole columns with numpy.

The same module serves all of xlwings' runtimes:

- the classic add-in on Windows desktop Excel: set "UDF Modules" to
  ``xlincome.udfs`` (``xlincome excel setup`` does it) and click "Import
  Functions";
- Office.js custom functions: xlwings Server, and xlwings Lite (the
  ``main.py`` that :mod:`xlincome.excel.lite` generates, which carries this module;
  once xlincome is on PyPI, a ``main.py`` holding ``from xlincome.udfs import *``);
- anywhere else (no Excel) the decorators do nothing and the functions are
  plain Python.

What a cell gets back: numbers as numbers, ``never`` and labels as text, and
for bad input a message naming the argument and the rule (the model's
:class:`~xlincome.errors.InputError` text), returned, not raised, in every
runtime (see ``docs/excel.md``); so is a message for a call with the wrong
number of arguments, for a ragged range, and :data:`xlincome.excel.cells.TOO_LARGE`
for a result beyond the largest float (the model's
:class:`~xlincome.errors.TooLargeError`: it computes every result that fits
a float right, whatever its intermediate steps).  Every function is its own
last line of defence: any other exception becomes a message in the cell
(:func:`unexpected`), never a traceback, and no text returned is longer
than a cell holds.  Called on whole columns, a function
returns the whole column: the rows are validated with the rules' vectorized
masks, the good rows computed in one model call, and each bad row shows its
own message.  Units and sources: see :mod:`xlincome.model`.
"""

from __future__ import annotations

import inspect
from types import SimpleNamespace
from typing import Any, Callable

import numpy as np
import xlwings as xw

from ..errors import InputError
from ..functions import AMOUNTS, CHOICE, FUNCTIONS, KINDS, REQUIRED, Argument, Function
from . import cells

#: The decorators of the running xlwings runtime (no-ops where there is no Excel).
XLWINGS = SimpleNamespace(func=xw.func, arg=xw.arg, ret=xw.ret)

Cells = list[list[Any]]


def signature(function: Function) -> inspect.Signature:
    """The Excel function's signature: the table's names, order and defaults."""
    return inspect.Signature([
        inspect.Parameter(argument.name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                          default=inspect.Parameter.empty if argument.default is REQUIRED
                          else argument.default)
        for argument in function.arguments
    ])


def define(function: Function) -> Callable[..., Cells]:
    """A plain Python function computing ``function`` from cell values."""
    sig = signature(function)
    arguments = function.arguments

    def excel_function(*args: Any, **kwargs: Any) -> Cells:
        try:
            try:
                bound = sig.bind(*args, **kwargs)
            except TypeError:
                return [[cells.message(wrong_call(function, len(args), kwargs))]]
            bound.apply_defaults()
            return evaluate(function, bound.arguments, arguments)
        except InputError as error:  # a range that cannot be read (ragged, empty)
            return [[cells.message(str(error))]]
        except Exception as error:  # the last line of defence: a message, never a traceback
            return [[unexpected(function, error)]]

    excel_function.__name__ = excel_function.__qualname__ = function.excel_name
    excel_function.__doc__ = function.doc
    excel_function.__module__ = __name__
    excel_function.__signature__ = sig
    return excel_function


def unexpected(function: Function, error: Exception) -> str:
    """The message for an exception nothing else expected: its kind and (shortened) text, no traceback."""
    return cells.message(f"{function.excel_name} could not compute this: "
                         f"unexpected {type(error).__name__} ({_described(error)})")


def _read(argument: Argument, reader: Callable[..., Any], *args: Any) -> Any:
    """``reader(*args)``; an exception nothing expected becomes an InputError naming the argument."""
    try:
        return reader(*args)
    except InputError:
        raise
    except Exception as error:
        raise InputError(argument.name, "could not be read",
                         f"unexpected {type(error).__name__} ({_described(error)})") from None


def _described(error: Exception) -> str:
    """An exception's text, quoted shortened; it never fails."""
    try:
        return cells.shown(str(error))
    except Exception:  # an exception whose text itself fails
        return "no description"


def wrong_call(function: Function, positional: int, keywords: dict[str, Any]) -> str:
    """The message for a call whose arguments do not fit the function's signature."""
    names = [argument.name for argument in function.arguments]
    unknown = [name for name in keywords if name not in names]
    if unknown:
        return f"{function.excel_name} has no argument {unknown[0]}; its arguments are {', '.join(names)}"
    twice = [name for name in names[:positional] if name in keywords]
    if twice:
        return f"{function.excel_name} got {twice[0]} twice"
    required = sum(not argument.optional for argument in function.arguments)
    count = f"{required}" if required == len(names) else f"{required} to {len(names)}"
    plural = "" if len(names) == 1 else "s"
    return (f"{function.excel_name} takes {count} argument{plural} ({', '.join(names)}), "
            f"got {positional + len(keywords)}")


def register(excel_function: Callable, function: Function, api: SimpleNamespace = XLWINGS) -> Callable:
    """Apply xlwings' ``func``/``arg``/``ret`` decorators from the table entry."""
    for argument in function.arguments:
        excel_function = api.arg(argument.name, "raw", doc=argument.doc)(excel_function)
    excel_function = api.ret("raw")(excel_function)
    return api.func(category="xlincome")(excel_function)


def evaluate(function: Function, given: dict[str, Any], arguments: tuple[Argument, ...]) -> Cells:
    """The cells ``function`` returns for the cell values ``given`` (by argument name).

    ``arguments`` is ``function.arguments``, worked out once per function.
    """
    if any(argument.kind == AMOUNTS for argument in arguments):
        return _portfolio(function, given, arguments)
    return _rows(function, given, arguments)


def _choice(argument: Argument, raw: Any) -> tuple[Any, str | None]:
    texts, message = cells.read_texts(argument.name, raw)
    if message:
        return None, message
    texts = _texts_without_zeros(texts)
    if len(texts) != 1:
        return None, str(InputError(argument.name, "must be a single cell", f"got {len(texts)} cells"))
    text = texts[0]
    if text is None:
        return argument.default, None
    # as the model reads a choice: case and surrounding spaces do not matter
    return (text.strip().lower() if isinstance(text, str) else text), None


def _fill(argument: Argument) -> float:
    """What a blank cell stands for: the default, or NaN (required, or "not given")."""
    default = argument.default
    return np.nan if default is REQUIRED or default is None else float(default)


def _rows(function: Function, given: dict[str, Any], arguments: tuple[Argument, ...]) -> Cells:
    """A function of numbers, one result per row (or cell) of its ranges."""
    numbers: dict[str, np.ndarray] = {}
    problems: dict[str, dict[int, str]] = {}
    options: dict[str, Any] = {}
    for argument in arguments:
        if argument.kind == CHOICE:
            options[argument.name], message = _read(argument, _choice, argument, given[argument.name])
            if message:
                return [[cells.message(message)]]
            continue
        numbers[argument.name], problems[argument.name] = _read(
            argument, cells.read_numbers, argument.name, given[argument.name], _fill(argument))
        _zeros_as_blanks(argument, numbers[argument.name])
    if function.table_result is not None and options.get("result") == function.table_result:
        return _table(function, numbers, problems, arguments, options)
    try:
        shape = np.broadcast_shapes(*(values.shape for values in numbers.values()))
    except ValueError:
        sizes = ", ".join(f"{name} {v.shape[0]}x{v.shape[1]}" for name, v in numbers.items() if v.size > 1)
        return [[str(InputError("ranges", "must have matching sizes", f"got {sizes}"))]]
    bad, messages = _bad_cells(arguments, numbers, problems, shape)
    good = ~bad
    rows = {name: _spread(values, shape)[good] for name, values in numbers.items()}
    return cells.column(shape, good, _compute(function, rows, options), messages,
                        function.returns_for(options.get("result")))


def _table(function: Function, numbers: dict[str, np.ndarray], problems: dict[str, dict[int, str]],
           arguments: tuple[Argument, ...], options: dict[str, Any]) -> Cells:
    """One profile's table result: a header row, then the model's rows (single cells only)."""
    one: dict[str, float] = {}
    for argument in arguments:
        if argument.name not in numbers:
            continue
        values = numbers[argument.name]
        if values.size != 1:
            return [[cells.message(str(InputError(argument.name, f"must be a single cell for result {function.table_result}",
                                                  f"got {values.size} cells")))]]
        bad, messages = _bad_cells((argument,), {argument.name: values}, {argument.name: problems[argument.name]},
                                   (1, 1))
        if bad.any():
            return [[messages[0, 0]]]
        one[argument.name] = values.item()
    try:
        table = function(**one, **options)
    except InputError as error:
        return [[cells.message(str(error))]]
    rows = [[cells.value(item, function.returns) for item in row] for row in table.itertuples(index=False)]
    return [list(table.columns)] + rows


def _bad_cells(arguments: tuple[Argument, ...], numbers: dict[str, np.ndarray],
               problems: dict[str, dict[int, str]], shape: tuple[int, ...]
               ) -> tuple[np.ndarray, dict[tuple[int, int], str]]:
    """Which cells of the result have a bad argument, and each one's message (the first argument's)."""
    bad = np.zeros(shape, dtype=bool)
    messages: dict[tuple[int, int], str] = {}
    for argument in arguments:
        if argument.name not in numbers:
            continue
        given = numbers[argument.name]
        found = problems[argument.name]
        if found:
            index = _spread(np.arange(given.size).reshape(given.shape), shape)
            noted = np.isin(index, list(found)) & ~bad
            for row, col in np.argwhere(noted).tolist():
                messages[row, col] = found[int(index[row, col])]
            bad |= noted
        values = _spread(given, shape)
        broken = argument.rule.outside(values) & ~bad
        for row, col in np.argwhere(broken).tolist():
            value = float(values[row, col])
            messages[row, col] = (cells.required(argument.name) if np.isnan(value) else
                                  str(InputError(argument.name, argument.rule.text, f"got {cells.shown(value)}")))
        bad |= broken
    return bad, messages


def _spread(array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``array`` (one cell or a range) over the result's shape."""
    return array if array.shape == shape else np.broadcast_to(array, shape)


def _compute(function: Function, rows: dict[str, np.ndarray], options: dict[str, Any]) -> np.ndarray:
    """Results for rows that pass every argument's rule, in one model call.

    A rule between arguments (e.g. service plus product income > 0) can
    still fail, or a result be beyond the largest float: then each row is
    computed on its own, so that only the rows breaking the rule show its
    message and only the rows beyond the largest float show
    :data:`~xlincome.excel.cells.TOO_LARGE` (the model's ``TooLargeError``).
    """
    try:
        return np.asarray(function(**rows, **options))
    except InputError:
        count = len(next(iter(rows.values())))
        out = np.empty(count, dtype=object)
        for index in range(count):
            try:
                out[index] = function(**{k: v[index] for k, v in rows.items()}, **options)
            except InputError as error:
                out[index] = str(error)
        return out


def _portfolio(function: Function, given: dict[str, Any], arguments: tuple[Argument, ...]) -> Cells:
    """A function of one portfolio of streams (ranges of amounts and kinds)."""
    kwargs: dict[str, Any] = {}
    for argument in arguments:
        kwargs[argument.name], message = _read(argument, _portfolio_argument, argument, given[argument.name])
        if message:
            return [[cells.message(message)]]
    _zero_streams_as_blanks(kwargs)
    try:
        result = function(**kwargs)
    except InputError as error:
        return [[cells.message(error.worded(_in_range))]]
    if isinstance(result, dict):
        return [[label, cells.value(value, function.returns)] for label, value in result.items()]
    return [[cells.value(result, function.returns)]]


def _in_range(position: tuple[int, ...]) -> str:
    """Where a bad stream is, as a spreadsheet user counts: the first cell of a range is 1."""
    return f"in cell {position[-1] + 1} of the range"


def _portfolio_argument(argument: Argument, raw: Any) -> tuple[Any, str | None]:
    """One argument of a portfolio function, read from its cells, or the message of a bad cell."""
    if argument.kind == KINDS:
        texts, message = cells.read_texts(argument.name, raw)
        return _texts_without_zeros(texts), message
    if argument.kind == CHOICE:
        return _choice(argument, raw)
    values, notes = cells.read_numbers(argument.name, raw, _fill(argument))
    _zeros_as_blanks(argument, values)
    first = min(notes, default=None)
    if argument.kind == AMOUNTS:
        return values.reshape(-1), (None if first is None else f"{notes[first]} {_in_range((first,))}")
    if values.size != 1:
        return None, str(InputError(argument.name, "must be a single cell", f"got {values.size} cells"))
    return values.item(), (None if first is None else notes[first])


# Blank cells that arrive as 0.  Some Excel desktop builds send an empty cell to an
# Office.js custom function as 0.  Where a 0 cannot be what the user typed, it is read as
# the blank it was (docs/excel.md, "Blank cells that arrive as 0"):
# - an optional number whose rule excludes 0 (weeks_per_year): its default;
# - a text argument (kinds, result): blank, which no text rule accepts as 0;
# - a stream whose amount is 0 and whose kind is blank: a blank row, ignored.
# A 0 that keeps the argument's rule (fee_rate, tax_rate, target_low, ...) stays 0.


def _zero_is_blank(argument: Argument) -> bool:
    """True when a 0 breaks the rule of this optional argument, so that a 0 must be a blank."""
    return argument.optional and argument.rule is not None and bool(argument.rule.outside(np.zeros(1))[0])


def _zeros_as_blanks(argument: Argument, values: np.ndarray) -> None:
    """Set the 0 cells of ``values`` (read for ``argument``) to its default, where 0 breaks its rule."""
    if _zero_is_blank(argument):
        values[values == 0] = _fill(argument)


def _texts_without_zeros(texts: list[Any]) -> list[Any]:
    """A text argument's cells with a number 0 read as a blank (``None``)."""
    return [None if type(text) in (int, float) and text == 0 else text for text in texts]


def _zero_streams_as_blanks(kwargs: dict[str, Any]) -> None:
    """In a portfolio, a stream with amount 0 and a blank kind is a blank row (amount NaN)."""
    amounts, kinds = kwargs.get("amounts"), kwargs.get("kinds")
    if amounts is None or kinds is None or len(kinds) != amounts.size:
        return
    blank_kind = np.array([kind is None for kind in kinds], dtype=bool)
    amounts[blank_kind & (amounts == 0)] = np.nan


def _build() -> dict[str, Callable]:
    return {function.excel_name: register(define(function), function) for function in FUNCTIONS}


globals().update(_build())

#: The Excel functions, so that ``from xlincome.udfs import *`` (xlwings Lite's main.py) gets them all.
__all__ = [function.excel_name for function in FUNCTIONS]
