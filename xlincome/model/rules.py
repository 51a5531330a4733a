"""Domain rules for the model's arguments, shared by every face.

One rule object answers three questions: which values break it (as a numpy
mask, for the Python model and for many profiles at once), how to say it in
words (for error messages and the docs), and how to test for it in a native
spreadsheet formula (for the template workbooks).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Interval:
    """Numbers between ``low`` and ``high``; ``None`` leaves a side unbounded.

    ``low_open``/``high_open`` exclude the bound itself.  Infinity is always
    outside; NaN (a blank) is outside unless ``blank_ok``, which marks an
    optional value whose absence means "not given".  ``percent`` marks a
    fraction that people also type as a percentage: ``10`` meant as 10 % is
    refused with a message saying to write ``0.10`` or ``10%``, and profile
    files accept ``10%`` for it.
    """

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    blank_ok: bool = False
    percent: bool = False

    @property
    def text(self) -> str:
        """The rule in words, e.g. ``must be >= 0`` or ``must be in [0, 1); for 10 % write 0.10 or 10%``."""
        text = self._bounds_text()
        if self.percent:
            text = f"{text}; {PERCENT_HINT}"
        return f"{text} or blank" if self.blank_ok else text

    def _bounds_text(self) -> str:
        if self.low is not None and self.high is not None:
            left = "(" if self.low_open else "["
            right = ")" if self.high_open else "]"
            return f"must be in {left}{_num(self.low)}, {_num(self.high)}{right}"
        if self.low is not None:
            return f"must be {'>' if self.low_open else '>='} {_num(self.low)}"
        if self.high is not None:
            return f"must be {'<' if self.high_open else '<='} {_num(self.high)}"
        return "must be a number"

    def outside(self, values: np.ndarray) -> np.ndarray:
        """Boolean mask of the values that break the rule (NaN included)."""
        with np.errstate(invalid="ignore"):
            bad = np.isinf(values) if self.blank_ok else ~np.isfinite(values)
            if self.low is not None:
                bad |= values <= self.low if self.low_open else values < self.low
            if self.high is not None:
                bad |= values >= self.high if self.high_open else values > self.high
        return bad

    def admits(self, value: float) -> bool:
        """True when one Python float keeps the rule (the scalar twin of :meth:`outside`)."""
        if value != value:  # NaN
            return self.blank_ok
        if value in (float("inf"), float("-inf")):
            return False
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            return False
        if self.high is not None and (value >= self.high if self.high_open else value > self.high):
            return False
        return True

    def excel_outside(self, ref: str) -> str:
        """A spreadsheet condition that is TRUE when the cell ``ref`` breaks the rule.

        Uses only ISNUMBER, OR and comparisons, which every engine has.
        A blank cell is not a number, so it breaks the rule too, unless the
        rule is ``blank_ok``.
        """
        if self.blank_ok:
            tests = [f"AND(NOT(ISBLANK({ref})),NOT(ISNUMBER({ref})))"]
        else:
            tests = [f"NOT(ISNUMBER({ref}))"]
        if self.low is not None:
            tests.append(f"{ref}{'<=' if self.low_open else '<'}{_num(self.low)}")
        if self.high is not None:
            tests.append(f"{ref}{'>=' if self.high_open else '>'}{_num(self.high)}")
        return f"OR({','.join(tests)})"


#: What a fraction rule adds to its message: ``10`` typed for 10 % is the usual mistake.
PERCENT_HINT = "for 10 % write 0.10 or 10%"


def _num(value: float) -> str:
    """``value`` as a rule writes it: a whole number in full (``2147483648``), others short (``0.5``)."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else f"{value:g}"


#: Money per month, hours, counts: anything that cannot be negative.
NONNEGATIVE = Interval(low=0)
#: Rates, prices, hours per week, horizons: must be strictly positive.
POSITIVE = Interval(low=0, low_open=True)
#: Tax and fee rates, the low end of the target band: a fraction of income, 0 included,
#: 1 (everything) excluded.
FRACTION = Interval(low=0, high=1, high_open=True, percent=True)
#: The comfort margin and the high end of the target band: any fraction, both ends included
#: (MODEL.md: a margin above 1 is almost always a percentage typed as a whole number).
SHARE = Interval(low=0, high=1, percent=True)
#: Working weeks in a year: more than none, at most 52.
WEEKS = Interval(low=0, high=52, low_open=True)
#: Income volatility (coefficient of variation): non-negative, or blank for "not checked".
OPTIONAL_NONNEGATIVE = Interval(low=0, blank_ok=True)
