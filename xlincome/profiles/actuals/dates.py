"""The month of a date as an export writes it, and hours as time trackers write them.

The month is read from the date's own text, in the zone the export writes it
in: ``2025-02-28 23:30:00 -0500`` and OFX's ``20250228193000[-5:EST]`` are
February, whatever the instant is in UTC.  Every function works on a whole
column at once (pandas string operations).

A date is a *key*, an integer: ``year * 100 + month`` once its month is
known (ISO ``2025-02-28``, ``2025/02/28``, compact ``20250228``, dotted
``28.02.2025``, which is always day first), or ``-(year * 10000 + first *
100 + second)`` for a slashed date (``01/06/2025``) whose order of day and
month only the whole file settles (:func:`settle_order`): in a file that
also holds ``13/06/2025`` it is the 1st of June, in a US file January 6.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...errors import InputError

_ISO = r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T\s,;.+\-Z\[])"
_COMPACT = r"^\s*(\d{4})(\d{2})(\d{2})(?:$|[\dT\s.\[+\-])"
_DOTTED = r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:$|[\sT,])"
_SLASHED = r"^\s*(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?:$|[\sT,])"
#: The rule a date that is none breaks.
DATE_RULE = "must be a date (2025-01-31, 01/31/2025, 31.01.2025 or 20250131)"
HOURS_RULE = "must be a duration (1:30:00, 1:30 or 1.5 hours)"


def _year(text: pd.Series) -> np.ndarray:
    year = text.astype(float).to_numpy()
    return np.where(year < 100, 2000 + year, year)


def date_keys(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The key of every date of a column, and the mask of cells that hold no date.

    Examples
    --------
    >>> keys, bad = date_keys(pd.Series(["2025-02-28 23:30:00 -0500", "20250228193000[-5:EST]",
    ...                                  "28.02.2025", "01/06/2025", "n/a"]))
    >>> keys.tolist(), bad.tolist()
    ([202502, 202502, 202502, -20250106, 0], [False, False, False, False, True])
    """
    text = raw.fillna("").astype(str)
    keys = np.zeros(len(text), dtype=np.int64)
    done = np.zeros(len(text), dtype=bool)
    for pattern, order in ((_ISO, "ymd"), (_COMPACT, "ymd"), (_DOTTED, "dmy"), (_SLASHED, "slash")):
        parts = text[~done].str.extract(pattern)
        found = parts[0].notna().to_numpy()
        if not found.any():
            continue
        where = np.flatnonzero(~done)[found]
        parts = parts[found]
        if order == "ymd":
            year, month, day = parts[0].astype(float).to_numpy(), parts[1].astype(float).to_numpy(), \
                parts[2].astype(float).to_numpy()
        elif order == "dmy":
            year, month, day = _year(parts[2]), parts[1].astype(float).to_numpy(), parts[0].astype(float).to_numpy()
        else:
            year, first, second = _year(parts[2]), parts[0].astype(float).to_numpy(), \
                parts[1].astype(float).to_numpy()
            valid = (first >= 1) & (second >= 1) & (first <= 31) & (second <= 31) & ((first <= 12) | (second <= 12))
            keys[where[valid]] = -(year[valid] * 10000 + first[valid] * 100 + second[valid]).astype(np.int64)
            done[where[valid]] = True
            continue
        valid = (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
        keys[where[valid]] = (year[valid] * 100 + month[valid]).astype(np.int64)
        done[where[valid]] = True
    blank = (text.str.strip() == "").to_numpy()
    return keys, ~done & ~blank


def blank(raw: pd.Series) -> np.ndarray:
    """Cells with nothing in them."""
    return (raw.fillna("").astype(str).str.strip() == "").to_numpy()


def evidence(keys: np.ndarray) -> tuple[bool, bool]:
    """Whether the slashed dates among ``keys`` show a day first (``13/06``) and a month first (``06/13``)."""
    slashed = -keys[keys < 0]
    first, second = (slashed // 100) % 100, slashed % 100
    return bool((first > 12).any()), bool((second > 12).any())


def settle_order(day_first_seen: bool, month_first_seen: bool, default: bool | None, any_ambiguous: bool,
                 file: str) -> bool:
    """Whether a file's slashed dates are day first, from what its dates show, else ``default``.

    Raises
    ------
    InputError
        When the file shows both orders, or shows neither and no default (``--dates``) settles it.
    """
    if day_first_seen and month_first_seen:
        raise InputError("dates", "must be in one order of day and month in a file",
                         f"{file} has dates like 13/06 and like 06/13")
    if day_first_seen or month_first_seen:
        return day_first_seen
    if default is None and any_ambiguous:
        raise InputError("dates", "must show their order of day and month",
                         f"no date of {file} is after the 12th; pass --dates dmy or --dates mdy")
    return bool(default)


def month_of(keys: np.ndarray, day_first: bool) -> np.ndarray:
    """Keys as ``year * 100 + month``, slashed dates read in the settled order."""
    slashed = keys < 0
    if not slashed.any():
        return keys
    value = -keys[slashed]
    year, first, second = value // 10000, (value // 100) % 100, value % 100
    out = keys.copy()
    out[slashed] = year * 100 + (second if day_first else first)
    return out


def ambiguous(keys: np.ndarray) -> bool:
    """Whether a slashed date of ``keys`` reads as two different months (``01/06``, not ``06/06``)."""
    slashed = -keys[keys < 0]
    return bool(((slashed // 100) % 100 != slashed % 100).any())


def month_text(key: int) -> str:
    """``202502`` as ``2025-02``."""
    return f"{key // 100:04d}-{key % 100:02d}"


def parse_month(text: str, option: str) -> int:
    """``2025-02`` (``--from``, ``--to``) as a key.

    Raises
    ------
    InputError
        For anything but ``YYYY-MM``.
    """
    parts = text.strip().split("-")
    if len(parts) != 2 or not all(part.isdigit() for part in parts) or len(parts[0]) != 4 \
            or not 1 <= int(parts[1]) <= 12:
        raise InputError(option, "must be a month as YYYY-MM", f"got {text!r}")
    return int(parts[0]) * 100 + int(parts[1])


def hours(raw: pd.Series, decimal: str) -> tuple[np.ndarray, np.ndarray]:
    """Durations as hours: ``1:30:00`` and ``1:30`` (hours and minutes), or a number of hours.

    >>> hours(pd.Series(["1:30:00", "0:45", "2.25", "x"]), ".")[0].tolist()[:3]
    [1.5, 0.75, 2.25]
    """
    from ..readers.numbers import to_numbers

    text = raw.fillna("").astype(str).str.strip()
    clock = text.str.extract(r"^(\d+):([0-5]\d)(?::([0-5]\d))?$")
    is_clock = clock[0].notna().to_numpy()
    values, bad = to_numbers(text.where(~is_clock, ""), decimal)
    if is_clock.any():
        parts = clock[is_clock].astype(float).fillna(0).to_numpy()
        values[is_clock] = parts[:, 0] + parts[:, 1] / 60 + parts[:, 2] / 3600
    bad = bad | (~is_clock & ~np.isnan(values) & (values < 0))
    return values, bad
