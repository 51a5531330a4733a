"""Overflow-safe arithmetic: results that fit a float come out right.

A formula such as ``investment / monthly_net`` can overflow in an
intermediate (``1e308 * 10``) although its result (``1``) is an ordinary
number.  Numbers of everyday size cannot: every input within
:data:`ORDINARY` (about 1.8e75) keeps every product of a few of them far
from both ends of the float range.  So the model computes ordinary inputs
directly, as before, and only the others in :class:`Scaled` arithmetic,
where a number is held as ``mantissa * 2 ** exponent`` with an integer
exponent that cannot overflow.  Scaling by a power of two is exact, so
both ways round every step the same: the result is the same float.

Where a float formula is ill-conditioned (a difference of two nearly equal
amounts decides a sign or is the result itself), the few rows in doubt are
computed again in exact rational arithmetic from the same floats
(:func:`rationally`), so that the result is the exact one, rounded once.

Correctness never rests on floating-point exceptions (numpy's ``errstate``
may not raise in Pyodide, i.e. xlwings Lite): what did not fit is found by
looking at the result (:func:`beyond_float`).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Callable, Iterator

import numpy as np

#: Inputs between ``1 / ORDINARY`` and ``ORDINARY`` (or 0, or NaN) are computed directly:
#: products and quotients of a few of them stay far inside the float range.
ORDINARY = 2.0 ** 250
_SMALLEST_ORDINARY = 1 / ORDINARY
#: The exponent a zero mantissa carries, far below any number's, so that adding a
#: zero never shifts the other term out of range.
_ZERO_EXPONENT = -(2 ** 40)
#: Exponents beyond these give 0 or infinity in :func:`numpy.ldexp` anyway.
_EXPONENT_SPAN = 2200


class Scaled:
    """A float or an array of floats as ``mantissa * 2 ** exponent``.

    Supports ``+ - * /`` with other ``Scaled`` values and plain numbers, so
    a formula written for floats runs unchanged on it; :meth:`value` turns
    it back into floats (infinity where the result is beyond the largest
    float).
    """

    __slots__ = ("mantissa", "exponent")
    #: numpy arrays defer to ``Scaled``'s own operators (``array * scaled`` is ``scaled.__rmul__``).
    __array_ufunc__ = None

    def __init__(self, mantissa: Any, exponent: Any) -> None:
        self.mantissa = mantissa
        self.exponent = exponent

    @classmethod
    def of(cls, value: Any, exponent: Any = 0) -> "Scaled":
        """``value * 2 ** exponent`` (``value`` a float, an array or a ``Scaled``)."""
        if isinstance(value, Scaled):
            return value if np.all(exponent == 0) else cls(value.mantissa, value.exponent + exponent)
        mantissa, shift = np.frexp(np.asarray(value, dtype=np.float64))
        return cls._normal(mantissa, shift.astype(np.int64) + exponent)

    @classmethod
    def _normal(cls, mantissa: np.ndarray, exponent: np.ndarray) -> "Scaled":
        """Renormalize: mantissa in [0.5, 1) (or 0, inf, NaN), exponent adjusted."""
        mantissa, shift = np.frexp(mantissa)
        exponent = np.where(mantissa == 0, _ZERO_EXPONENT, exponent + shift)
        return cls(mantissa, exponent)

    def value(self) -> np.ndarray:
        """The floats: infinity beyond the largest float, 0 below the smallest."""
        exponent = np.clip(self.exponent, -_EXPONENT_SPAN, _EXPONENT_SPAN)
        return np.ldexp(self.mantissa, exponent)

    def __mul__(self, other: Any) -> "Scaled":
        other = Scaled.of(other)
        return Scaled._normal(self.mantissa * other.mantissa, self.exponent + other.exponent)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> "Scaled":
        other = Scaled.of(other)
        return Scaled._normal(self.mantissa / other.mantissa, self.exponent - other.exponent)

    def __rtruediv__(self, other: Any) -> "Scaled":
        return Scaled.of(other) / self

    def __add__(self, other: Any) -> "Scaled":
        return self._sum(Scaled.of(other), 1.0)

    __radd__ = __add__

    def __sub__(self, other: Any) -> "Scaled":
        return self._sum(Scaled.of(other), -1.0)

    def __rsub__(self, other: Any) -> "Scaled":
        return Scaled.of(other)._sum(self, -1.0)

    def _sum(self, other: "Scaled", sign: float) -> "Scaled":
        top = np.maximum(self.exponent, other.exponent)
        mine = np.ldexp(self.mantissa, np.clip(self.exponent - top, -_EXPONENT_SPAN, 0))
        theirs = np.ldexp(other.mantissa, np.clip(other.exponent - top, -_EXPONENT_SPAN, 0))
        return Scaled._normal(mine + sign * theirs, top)


def ordinary(*values: Any) -> Any:
    """Where every value is 0, NaN or of ordinary size (see :data:`ORDINARY`).

    A Python bool for scalars (the fast path), a boolean array otherwise.
    """
    for value in values:
        if not isinstance(value, float):
            break
        size = abs(value)
        if size > ORDINARY or 0 < size < _SMALLEST_ORDINARY:
            return False
    else:
        return True
    if all(_within(np.asarray(value)) for value in values):  # the common case: two reductions per array
        return np.True_
    usual = True
    for value in values:
        size = np.abs(value)
        with np.errstate(invalid="ignore"):
            usual = usual & ~((size > ORDINARY) | ((size > 0) & (size < _SMALLEST_ORDINARY)))
    return usual


def _within(values: np.ndarray) -> bool:
    """True when no value is beyond :data:`ORDINARY` in size, nor a nonzero one below its inverse."""
    if not values.size:
        return True
    low, high = np.min(values), np.max(values)
    if low < 0:
        values = np.abs(values)
        low, high = np.min(values), np.max(values)
    if high > ORDINARY:
        return False
    return bool(low >= _SMALLEST_ORDINARY
                or not np.min(values, where=values > 0, initial=np.inf) < _SMALLEST_ORDINARY)


def overflow_safe(formula: Callable[..., Any], *values: Any) -> Any:
    """``formula(*values)``, right wherever the exact result fits a float.

    ``formula`` uses only ``+ - * /`` (it may return a tuple of results).
    Ordinary values (:func:`ordinary`) are computed directly; the others in
    :class:`Scaled` arithmetic.  Scalars in give numpy scalars out.
    """
    usual = ordinary(*values)
    if usual is True or usual is np.True_ or (not isinstance(usual, bool) and usual.all()):
        return formula(*values)
    with np.errstate(all="ignore"):
        scaled = formula(*(Scaled.of(value) for value in values))
        many = isinstance(scaled, tuple)
        exact = [part.value() for part in (scaled if many else (scaled,))]
        if usual is False:
            out = [np.float64(part) if part.ndim == 0 else part for part in exact]
        else:
            direct = formula(*values)
            out = [np.where(usual, quick, slow) for quick, slow in zip(direct if many else (direct,), exact)]
    return tuple(out) if many else out[0]


def beyond_float(result: Any) -> Any:
    """Where a result that should be a number is not finite: it overflowed."""
    if isinstance(result, float):
        return not math.isfinite(result)
    return ~np.isfinite(result)


def power_of_two_scale(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``values`` (streams on the last axis) divided by a power of two near each row's largest.

    Returns the scaled values (the largest of each row in [0.5, 1)) and the
    exponent to multiply results back with (``numpy.ldexp``).  Exact: a
    sum of the scaled values cannot overflow, and its ratios equal the
    unscaled ones.
    """
    _, exponent = np.frexp(np.max(values, axis=-1, keepdims=True, initial=0.0))
    return np.ldexp(values, -exponent), exponent[..., 0]


#: How far from 0, relative to the amounts it is the difference of, a float difference must
#: be for its digits to be certain: its error is a few roundings of 1.1e-16 of those amounts,
#: under 1e-12 of the difference (the precision the model promises) beyond this.  Rows nearer
#: 0 than this are computed again exactly (:func:`rationally`); in real plans they are rare.
DOUBT = 1e-3


def rationally(doubtful: Any, *values: Any) -> Iterator[tuple[tuple[int, ...], list[Fraction]]]:
    """The positions where ``doubtful`` holds, each with the broadcast ``values`` there as
    exact fractions, to compute a result again in rational arithmetic.

    Rare by construction (ill-conditioned rows only), so a Python loop is fine.
    """
    shaped = np.broadcast_arrays(*(np.asarray(value, dtype=np.float64) for value in values))
    for position in zip(*np.nonzero(np.atleast_1d(doubtful))):
        index = position if np.ndim(doubtful) else ()
        yield index, [Fraction(float(array[index])) for array in shaped]


def to_float(value: Fraction) -> float:
    """An exact result rounded once to a float; infinity where it is beyond the largest float."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf
