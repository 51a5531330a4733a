"""Every model function as an Excel function, through xlwings.

Generated from the table of functions (:data:`xlincome.functions.FUNCTIONS`):
one Python function per entry, named by its Excel name (``PRODUCT_BREAKEVEN``),
with the model function's argument names, order and defaults as a real
signature (``inspect.signature``, which both xlwings runtimes read), the
table's description of the function and of each argument, and the ``raw``
converter for every argument and the result, so that xlwings passes cells
through untouched and :mod:`xlincome.cells` reads whole columns with numpy.

The same module serves all of xlwings' runtimes:

- the classic add-in on Windows desktop Excel: set "UDF Modules" to
  ``xlincome.udfs`` (``xlincome excel setup`` does it) and click "Import
  Functions";
- Office.js custom functions: xlwings Server, and xlwings Lite (a ``main.py``
  holding ``from xlincome.udfs import *``);
- anywhere else (no Excel) the decorators do nothing and the functions are
  plain Python.

What a cell gets back: numbers as numbers, ``never`` and labels as text, and
for bad input a message naming the argument and the rule (the model's
:class:`~xlincome.errors.InputError` text), returned, not raised, in every
runtime (see ``docs/excel.md``); so is a message for a call with the wrong
number of arguments, and :data:`xlincome.cells.TOO_LARGE` for a result that
overflows the largest float (the model runs with numpy's overflow raising,
so that no label is worked out from an infinite total).  Called on whole columns, a function
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

from . import cells
from .errors import InputError
from .functions import AMOUNTS, CHOICE, FUNCTIONS, KINDS, REQUIRED, Argument, Function

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
            bound = sig.bind(*args, **kwargs)
        except TypeError:
            return [[wrong_call(function, len(args), kwargs)]]
        bound.apply_defaults()
        return evaluate(function, bound.arguments, arguments)

    excel_function.__name__ = excel_function.__qualname__ = function.excel_name
    excel_function.__doc__ = function.doc
    excel_function.__module__ = __name__
    excel_function.__signature__ = sig
    return excel_function


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
    if len(texts) != 1:
        return None, str(InputError(argument.name, "must be a single cell", f"got {len(texts)} cells"))
    return (argument.default if texts[0] is None else texts[0]), None


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
            options[argument.name], message = _choice(argument, given[argument.name])
            if message:
                return [[message]]
            continue
        numbers[argument.name], problems[argument.name] = cells.read_numbers(
            argument.name, given[argument.name], _fill(argument))
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
            return [[str(InputError(argument.name, f"must be a single cell for result {function.table_result}",
                                    f"got {values.size} cells"))]]
        bad, messages = _bad_cells((argument,), {argument.name: values}, {argument.name: problems[argument.name]},
                                   (1, 1))
        if bad.any():
            return [[messages[0, 0]]]
        one[argument.name] = values.item()
    try:
        table = _model(function, {**one, **options})
    except InputError as error:
        return [[str(error)]]
    except FloatingPointError:
        return [[cells.TOO_LARGE]]
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


def _model(function: Function, kwargs: dict[str, Any]) -> Any:
    """The model function's result, raising ``FloatingPointError`` where a value overflows."""
    with np.errstate(over="raise"):
        return function(**kwargs)


def _compute(function: Function, rows: dict[str, np.ndarray], options: dict[str, Any]) -> np.ndarray:
    """Results for rows that pass every argument's rule, in one model call.

    A rule between arguments (e.g. service plus product income > 0) can
    still fail, or a value can overflow: then each row is computed on its
    own, so that only the rows breaking the rule show its message and only
    the rows that overflow show :data:`~xlincome.cells.TOO_LARGE`.
    """
    try:
        return np.asarray(_model(function, {**rows, **options}))
    except (InputError, FloatingPointError):
        count = len(next(iter(rows.values())))
        out = np.empty(count, dtype=object)
        for index in range(count):
            try:
                out[index] = _model(function, {**{k: v[index] for k, v in rows.items()}, **options})
            except InputError as error:
                out[index] = str(error)
            except FloatingPointError:
                out[index] = cells.TOO_LARGE
        return out


def _portfolio(function: Function, given: dict[str, Any], arguments: tuple[Argument, ...]) -> Cells:
    """A function of one portfolio of streams (ranges of amounts and kinds)."""
    kwargs: dict[str, Any] = {}
    for argument in arguments:
        kwargs[argument.name], message = _portfolio_argument(argument, given[argument.name])
        if message:
            return [[message]]
    try:
        result = _model(function, kwargs)
    except InputError as error:
        return [[error.worded(_in_range)]]
    except FloatingPointError:
        return [[cells.TOO_LARGE]]
    if isinstance(result, dict):
        return [[label, cells.value(value, function.returns)] for label, value in result.items()]
    return [[cells.value(result, function.returns)]]


def _in_range(position: tuple[int, ...]) -> str:
    """Where a bad stream is, as a spreadsheet user counts: the first cell of a range is 1."""
    return f"in cell {position[-1] + 1} of the range"


def _portfolio_argument(argument: Argument, raw: Any) -> tuple[Any, str | None]:
    """One argument of a portfolio function, read from its cells, or the message of a bad cell."""
    if argument.kind == KINDS:
        return cells.read_texts(argument.name, raw)
    if argument.kind == CHOICE:
        return _choice(argument, raw)
    values, notes = cells.read_numbers(argument.name, raw, _fill(argument))
    first = min(notes, default=None)
    if argument.kind == AMOUNTS:
        return values.reshape(-1), (None if first is None else f"{notes[first]} {_in_range((first,))}")
    if values.size != 1:
        return None, str(InputError(argument.name, "must be a single cell", f"got {values.size} cells"))
    return values.item(), (None if first is None else notes[first])


def _build() -> dict[str, Callable]:
    return {function.excel_name: register(define(function), function) for function in FUNCTIONS}


globals().update(_build())

#: The Excel functions, so that ``from xlincome.udfs import *`` (xlwings Lite's main.py) gets them all.
__all__ = [function.excel_name for function in FUNCTIONS]
