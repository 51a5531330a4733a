"""Numbers as people type them: ``25%``, ``$1,500``, ``€1.500,00``, ``1 500``, ``1,500.50``.

Every function here works on a whole column at once with pandas string
operations (no Python loop over cells): a million profiles are read in
about the time pandas needs to read the file.

The decimal mark is the file's (``.`` or ``,``); the other mark, spaces and
apostrophes are thousands separators, accepted only between groups of three
digits, so ``1,50`` in a file whose decimal mark is ``.`` is an error rather
than a guess.  A currency symbol or code may stand before or after the
number; a ``%`` at the end divides by 100 and is accepted only where the
column is a fraction.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

#: Currency symbols and the codes most often typed beside an amount.
_CURRENCY = r"[$€£¥₹¤]|(?<![A-Za-z])(?:EUR|USD|GBP|CHF|CAD|AUD|JPY|INR|SEK|NOK|DKK|PLN|CZK|BRL|MXN)(?![A-Za-z])"
#: White space inside a number: spaces, no-break spaces, thin spaces.
_SPACES = r"[\s\u00a0\u2007\u2009\u202f]+"


def _pattern(decimal: str) -> str:
    """A number once currency, ``%`` and spaces are set aside: sign, digits (grouped by three with
    the thousands mark or not grouped), decimals, exponent."""
    group, point = re.escape("." if decimal == "," else ","), re.escape(decimal)
    return (rf"[+-]?(?:\d{{1,3}}(?:(?:{group}|')\d{{3}})+|\d+|(?=[{point}]\d))"
            rf"(?:{point}\d+)?(?:[eE][+-]?\d+)?")


def to_numbers(raw: pd.Series, decimal: str = ".", percent: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The numbers a column of typed values stands for, and the mask of values that are none.

    Parameters
    ----------
    raw : Series
        Cells as read: text, numbers, blanks (NaN or white space).
    decimal : {".", ","}
        The file's decimal mark.
    percent : bool
        Whether ``25%`` (0.25) is accepted: only for fraction columns.

    Returns
    -------
    values : ndarray of float64
        NaN for a blank or a bad cell.
    bad : ndarray of bool
        True for a cell that holds something but not a number.

    Examples
    --------
    >>> values, bad = to_numbers(pd.Series(["25%", "$1,500", "1 500", "1,500.50", "abc", ""]), percent=True)
    >>> values.tolist()[:4], bad.tolist()
    ([0.25, 1500.0, 1500.0, 1500.5], [False, False, False, False, True, False])
    >>> to_numbers(pd.Series(["€1.500,00", "0,25", "1.500"]), decimal=",")[0].tolist()
    [1500.0, 0.25, 1500.0]
    """
    if raw.dtype.kind in "fiu":
        return np.array(raw, dtype=np.float64), np.zeros(len(raw), dtype=bool)
    kind = pd.api.types.infer_dtype(raw, skipna=True)
    missing = raw.isna().to_numpy()
    if kind in ("string", "empty"):  # every cell given is text: no look at each cell
        is_text, is_number = ~missing, np.zeros(len(raw), dtype=bool)
    else:
        is_text = raw.map(lambda value: isinstance(value, str)).to_numpy(dtype=bool)
        is_number = raw.map(_is_number).to_numpy(dtype=bool)
    text = raw.where(is_text).astype(object).where(is_text, "").astype(str)
    values, bad = _parse_text(text, decimal, percent)
    if is_number.any():
        values[is_number] = [_as_float(value) for value in raw[is_number]]
    bad &= is_text
    bad |= ~is_text & ~is_number & ~missing
    return values, bad


def _as_float(number: object) -> float:
    """A number as a float: an integer beyond the largest float (a cell of 400 digits) is infinite."""
    try:
        return float(number)
    except OverflowError:
        return math.inf if number > 0 else -math.inf


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _parse_text(text: pd.Series, decimal: str, percent: bool) -> tuple[np.ndarray, np.ndarray]:
    """Text cells to numbers (NaN and not bad for an empty or white-space cell)."""
    stripped = text.str.replace(_CURRENCY, " ", regex=True).str.strip()
    is_percent = stripped.str.endswith("%")
    stripped = stripped.str.removesuffix("%").str.strip()
    spaced = stripped.str.replace(_SPACES, "'", regex=True)
    plain = spaced.str.replace(r"^([+-])'", r"\1", regex=True)
    fits = plain.str.fullmatch(_pattern(decimal)).to_numpy(dtype=bool)
    group = "." if decimal == "," else ","
    cleaned = plain.str.replace(group, "", regex=False).str.replace("'", "", regex=False)
    if decimal == ",":
        cleaned = cleaned.str.replace(",", ".", regex=False)
    values = pd.to_numeric(cleaned.where(fits), errors="coerce").to_numpy(dtype=np.float64, copy=True)
    unconverted = fits & np.isnan(values)  # pandas gives up on thousands of digits; Python's float does not
    if unconverted.any():
        values[unconverted] = [float(number) for number in cleaned[unconverted]]
    is_percent = is_percent.to_numpy(dtype=bool)
    values = np.where(is_percent, values / 100, values)
    blank = (text.str.strip() == "").to_numpy(dtype=bool)
    bad = ~blank & (~fits | (is_percent & (not percent)))
    values[bad | blank] = np.nan
    return values, bad


#: A decimal comma beyond doubt: ``0,25``, ``1.500,00``, ``12,5`` (not ``1,500``, which may be grouping).
_COMMA_DECIMAL = re.compile(r"\d,\d{1,2}$|\d,\d{4,}$|\.\d{3},\d|^[+-]?0,\d|^[+-]?,\d")
#: A decimal point beyond doubt: ``0.25``, ``1,500.00``, ``12.5``.
_POINT_DECIMAL = re.compile(r"\d\.\d{1,2}$|\d\.\d{4,}$|,\d{3}\.\d|^[+-]?0\.\d|^[+-]?\.\d")


def decimal_evidence(tokens: list[str]) -> set[str]:
    """The decimal marks that some typed number shows beyond doubt (``{","}``, ``{"."}``, both or none)."""
    found = set()
    for token in tokens:
        if "," not in token and "." not in token:
            continue
        plain = re.sub(_SPACES, "", re.sub(_CURRENCY, "", token)).removesuffix("%")
        if _COMMA_DECIMAL.search(plain):
            found.add(",")
        if _POINT_DECIMAL.search(plain):
            found.add(".")
    return found
