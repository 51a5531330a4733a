"""The package's own error: bad input, named and explained."""

from __future__ import annotations

from typing import Callable


class InputError(ValueError):
    """An argument outside its domain.

    The message names the argument and the rule it breaks, and the value it
    got, e.g. ``build_hours must be >= 0, got -5``; for an array it also
    says which position is bad.  A ``ValueError`` subclass, so code that
    already catches ``ValueError`` keeps working.

    Attributes
    ----------
    argument : str
        Name of the offending argument, as in the function's signature.
    rule : str
        The rule it breaks, in words (``"must be >= 0"``).

    position : tuple of int or None
        For an array, the (0-based) index of the bad element.
    """

    def __init__(self, argument: str, rule: str, detail: str = "",
                 position: tuple[int, ...] | None = None) -> None:
        self.argument = argument
        self.rule = rule
        self.detail = detail
        self.position = position
        super().__init__(self.worded(_python_position))

    def worded(self, where: "Callable[[tuple[int, ...]], str]") -> str:
        """The message, with the position (if any) put into words by ``where``.

        Python says ``at position 2``; a spreadsheet face can say which cell
        of a range instead, from the same error.
        """
        message = f"{self.argument} {self.rule}"
        if self.detail:
            message = f"{message}, {self.detail}"
        if self.position is not None:
            message = f"{message} {where(self.position)}"
        return message


def _python_position(position: tuple[int, ...]) -> str:
    return f"at position {position[0] if len(position) == 1 else position}"


class ProfileSchemaError(InputError):
    """A profile table that lacks required columns (nothing can be computed)."""


class TooLargeError(InputError):
    """A result beyond the largest float (about 1.8e308): no number can show it.

    The model raises it only where the exact result does not fit a float
    (intermediate steps are computed so that they cannot overflow); its
    message, ``result is too large to compute``, is what a cell shows.
    """

    def __init__(self, position: tuple[int, ...] | None = None) -> None:
        super().__init__("result", "is too large to compute", "", position)
