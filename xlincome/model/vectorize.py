"""From a core of arithmetic to a model function: arguments checked, broadcast, returned in the caller's type.

:func:`vectorized` wraps a function whose numeric arguments broadcast
together (every function of the model but the two over ranges of streams);
:func:`declares` records the rules of a function that checks its own
arguments; :func:`result_choice` reads a ``result`` argument; :func:`fits` turns a
result beyond the largest float into :class:`~xlincome.errors.TooLargeError`.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable

import numpy as np

from ..errors import InputError, TooLargeError
from .arrays import as_number, as_numbers, broadcast, is_plain_scalar, restorer, shown
from .rules import Interval
from .scaling import beyond_float


def vectorized(**rules: Interval) -> Callable:
    """Decorate a model function whose numeric arguments broadcast together.

    The listed arguments are converted to float arrays and checked against
    their rule, then broadcast (plain Python numbers skip numpy's conversions); the result comes back as the caller's type
    (Python scalar, Series with the input's index, or ndarray).  The rules
    stay readable as ``function.domain`` for the other faces.
    """

    def decorate(core: Callable) -> Callable:
        signature = inspect.signature(core)

        @functools.wraps(core)
        def model_function(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            given = bound.arguments
            if all(is_plain_scalar(given[name]) for name in rules):
                given.update({name: as_number(name, given[name], rule) for name, rule in rules.items()})
                return restorer([])(core(**given))
            restore = restorer([given[name] for name in rules])
            arrays = {name: as_numbers(name, given[name], rule) for name, rule in rules.items()}
            given.update(zip(arrays, broadcast(arrays)))
            return restore(core(**given))

        model_function.domain = dict(rules)
        return model_function

    return decorate



def declares(**rules: Interval) -> Callable:
    """Record the domain of a function that validates its own arguments."""

    def decorate(function: Callable) -> Callable:
        function.domain = dict(rules)
        return function

    return decorate


def result_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    """``value`` as one of ``choices`` (case and spaces ignored), or the rule naming ``name``."""
    if not isinstance(value, str) or value.strip().lower() not in choices:
        raise InputError(name, f"must be one of {', '.join(choices)}", f"got {shown(value)}")
    return value.strip().lower()



def fits(result):
    """``result``, or :class:`~xlincome.errors.TooLargeError` where it is beyond the largest float."""
    beyond = beyond_float(result)
    if beyond is True or (beyond is not False and beyond.any()):
        raise TooLargeError(tuple(int(i) for i in np.argwhere(beyond)[0]) if np.ndim(beyond) else None)
    return result


def one_profile(given: dict[str, Any], shape: tuple) -> dict[str, np.ndarray]:
    """The arguments of a call asking for one profile's month table, each an array of one value;
    refused, naming ``result``, when the call holds several profiles (``shape`` is theirs)."""
    if shape and int(np.prod(shape)) != 1:
        raise InputError("result", "table is for one profile",
                         f"got {int(np.prod(shape))} profiles; ask for a summary result")
    return {name: np.reshape(value, 1) for name, value in given.items()}
