"""Turning what callers pass (scalars, lists, numpy arrays, pandas Series)
into validated float arrays, and results back into the caller's type.

The model follows numpy-financial: a scalar in gives a Python scalar out, a
Series in gives a Series with the same index, anything else an ndarray.
"""

from __future__ import annotations

import numbers
import reprlib
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from .rules import Interval


def _where(position: tuple[int, ...], shape: tuple[int, ...]) -> tuple[int, ...] | None:
    """The position to report: none for a scalar."""
    return position if shape else None


#: Values quoted in a message: long texts and lists shortened, deep (or self-containing) lists cut.
_QUOTED = reprlib.Repr()
_QUOTED.maxstring = _QUOTED.maxother = 80
_QUOTED.maxlevel = 3


def shown(value: Any) -> str:
    """A value as a message quotes it: ``-5`` (not ``-5.0``), ``0.25``, ``'abc'``.

    Texts longer than 80 characters and lists are shortened (``'abc...xyz'``).
    """
    if isinstance(value, float) and value.is_integer():
        return f"{int(value)}" if abs(value) < 1e15 else f"{value:g}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value}" if abs(value) <= _LARGEST_INT else "a number too large for a float"
    return _QUOTED.repr(value)


def as_numbers(name: str, value: Any, rule: Interval) -> np.ndarray:
    """``value`` as a float64 array, checked against ``rule``.

    Raises
    ------
    InputError
        Naming ``name``, the rule, the bad value and (for arrays) its position,
        for text, booleans, a missing required value or a number outside the rule.
    """
    if value is None:
        if rule.blank_ok:
            return np.array(np.nan)
        raise InputError(name, "is required", "got nothing")
    raw = _plain(value)
    if isinstance(raw, np.ndarray) and raw.dtype.kind in "fiu":
        _check_dimensions(name, raw.ndim)
        numbers_ = raw.astype(np.float64, copy=False)
    else:
        numbers_ = _convert_each(name, raw, rule)
    bad = rule.outside(numbers_)
    if bad.any():
        position = tuple(int(i) for i in np.argwhere(bad)[0])
        got = float(numbers_[position] if numbers_.ndim else numbers_.item())
        if np.isnan(got):
            raise InputError(name, "is required", "got a blank", _where(position, numbers_.shape))
        if np.isinf(got):
            raise InputError(name, "must be a finite number", f"got {got}", _where(position, numbers_.shape))
        raise InputError(name, rule.text, f"got {shown(got)}", _where(position, numbers_.shape))
    return numbers_


def as_number(name: str, value: Any, rule: Interval) -> np.float64:
    """One scalar as a numpy float, checked against ``rule`` (NaN for an allowed blank).

    A numpy float, not a Python one, so that arithmetic follows IEEE rules
    (``x / 0`` is ``inf``) exactly as it does for arrays.

    The fast path for single values; anything unusual goes through
    :func:`as_numbers`, so the error messages are the same.
    """
    if value is None and rule.blank_ok:
        return np.float64(np.nan)
    if type(value) is float or (type(value) is int and abs(value) <= _LARGEST_INT):
        if rule.admits(float(value)):
            return np.float64(value)
    return np.float64(as_numbers(name, value, rule))


#: Python ints beyond this do not fit a float (``float(10**400)`` overflows).
_LARGEST_INT = int(np.finfo(np.float64).max)


def is_plain_scalar(value: Any) -> bool:
    """True for a Python int or float (the fast path), or None."""
    return value is None or type(value) in (int, float)


#: The most dimensions an argument may have: lists nested deeper (or a list that
#: contains itself) are refused before numpy looks at them.
MAX_DIMENSIONS = 32


def _plain(value: Any) -> Any:
    """A Series or Index as a numpy array, a masked array with its masked values blank (NaN or None).

    Other values are returned as they are.
    """
    if isinstance(value, (pd.Series, pd.Index)):
        if pd.api.types.is_numeric_dtype(value.dtype) and not pd.api.types.is_bool_dtype(value.dtype):
            return value.to_numpy(dtype=np.float64, na_value=np.nan)
        return value.to_numpy()
    if isinstance(value, np.ma.MaskedArray):
        if value.dtype.kind in "fiu":
            return np.ma.filled(value.astype(np.float64), np.nan)
        return np.ma.filled(value.astype(object), None)
    if isinstance(value, np.ndarray) and type(value) is not np.ndarray:
        return np.asarray(value)  # e.g. np.matrix: a plain array of the same values
    return value


def _check_dimensions(name: str, dimensions: int) -> None:
    if dimensions > MAX_DIMENSIONS:
        raise InputError(name, f"must have at most {MAX_DIMENSIONS} dimensions", "got more")


def _nesting(value: Any) -> int:
    """How deep lists (or tuples) are nested along their first items, counted up to one past the limit.

    A list that contains itself counts as nested beyond the limit.
    """
    depth = 0
    while isinstance(value, (list, tuple)) and depth <= MAX_DIMENSIONS:
        depth += 1
        value = value[0] if len(value) else None
    return depth


def object_array(name: str, raw: Any) -> np.ndarray:
    """``raw`` (numbers, texts, nested lists) as a numpy array of objects.

    Raises
    ------
    InputError
        For lists of different lengths, lists nested deeper than
        :data:`MAX_DIMENSIONS` (a list containing itself included), or
        anything else numpy cannot lay out as an array.
    """
    raw = _plain(raw)
    _check_dimensions(name, raw.ndim if isinstance(raw, np.ndarray) else _nesting(raw))
    try:
        items = np.asarray(raw, dtype=object)
    except (ValueError, TypeError, RecursionError):  # nested lists of different lengths
        raise InputError(name, _RECTANGULAR, "got nested lists of different lengths") from None
    _check_dimensions(name, items.ndim)
    return items


_RECTANGULAR = "must be a number or a rectangular array of numbers"


def _convert_each(name: str, raw: Any, rule: Interval) -> np.ndarray:
    """Element-by-element conversion for object input, naming the first non-number."""
    items = object_array(name, raw)
    out = np.empty(items.shape, dtype=np.float64)
    for position, item in np.ndenumerate(items):
        if item is None and rule.blank_ok:
            out[position] = np.nan
        elif isinstance(item, numbers.Real) and not isinstance(item, (bool, np.bool_)):
            try:
                out[position] = float(item)
            except OverflowError:
                raise InputError(name, "must be a finite number", "got a number too large for a float",
                                 _where(position, items.shape)) from None
        elif isinstance(item, (list, tuple)):
            raise InputError(name, _RECTANGULAR, "got nested lists of different lengths") from None
        else:
            what = "is required" if item is None else "must be a number"
            raise InputError(name, what, f"got {shown(item)}", _where(position, items.shape))
    return out


def broadcast(named: dict[str, np.ndarray]) -> list[np.ndarray]:
    """Broadcast the arrays together, or say which sizes do not fit."""
    try:
        return list(np.broadcast_arrays(*named.values()))
    except ValueError:
        sized = {k: np.shape(v) for k, v in named.items() if np.ndim(v)}
        sizes = ", ".join(f"{k} {shape}" for k, shape in sized.items())
        raise InputError(", ".join(sized), "must have matching sizes", f"got {sizes}") from None


def restorer(values: list[Any]):
    """A function that gives a result the type the caller's inputs had."""
    for value in values:
        if isinstance(value, pd.Series):
            index = value.index

            def to_series(result: np.ndarray) -> Any:
                if np.ndim(result) == 0:
                    return _scalar(result)
                if isinstance(result, pd.DataFrame) or np.ndim(result) > 1:
                    return result  # a table (one profile's plan) is already what it should be
                return pd.Series(result, index=index)

            return to_series
    if any(isinstance(v, (list, tuple)) or (isinstance(v, np.ndarray) and v.ndim) for v in values):
        return lambda result: _scalar(result) if np.ndim(result) == 0 else result
    return _scalar


def _scalar(result: Any) -> Any:
    if isinstance(result, np.ndarray):
        result = result.item() if result.ndim == 0 else result
    if isinstance(result, np.generic):
        return result.item()
    return result
