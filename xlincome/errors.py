"""The package's own error: bad input, named and explained."""

from __future__ import annotations


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
    """

    def __init__(self, argument: str, rule: str, detail: str = "") -> None:
        self.argument = argument
        self.rule = rule
        message = f"{argument} {rule}"
        if detail:
            message = f"{message}, {detail}"
        super().__init__(message)


class ProfileSchemaError(InputError):
    """A profile table that lacks required columns (nothing can be computed)."""
