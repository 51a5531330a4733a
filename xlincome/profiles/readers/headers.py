"""Which profile column each header of a file means.

People write ``Hourly Rate``, ``hourly-rate`` or ``HOURLY_RATE`` for the
column ``hourly_rate``: headers are compared by their letters and digits only,
ignoring case, spaces, underscores, hyphens and punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...errors import InputError

_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def key(header: object) -> str:
    """A header reduced to what identifies it: ``"Hourly Rate"`` -> ``"hourlyrate"``."""
    text = unicodedata.normalize("NFKC", "" if header is None else str(header)).casefold()
    return _NOT_LETTER_OR_DIGIT.sub("", text)


def score(cells: Sequence[object], known: Iterable[str]) -> int:
    """How many cells of a row name a known column (a header row names several)."""
    keys = {key(name) for name in known}
    return sum(1 for cell in cells if cell is not None and key(cell) in keys)


@dataclass(frozen=True)
class Headers:
    """The column names a file's header row stands for, and the loose matches made."""

    columns: list[str]
    #: (header as written, column it was taken for), for headers not written exactly.
    loose: list[tuple[str, str]]

    @property
    def notice(self) -> str | None:
        """One sentence listing the loose matches, or ``None`` when every header was exact."""
        if not self.loose:
            return None
        pairs = ", ".join(f"{written!r} -> {column}" for written, column in self.loose)
        return f"columns matched by name: {pairs}"


def match(cells: Sequence[object], known: Sequence[str]) -> Headers:
    """Name every column of a header row: a known column where its key matches, else the header
    as written (an unknown column, ignored later); a blank header is named ``column N``.

    Raises
    ------
    InputError
        When two headers stand for the same column (``Price`` and ``price``).
    """
    by_key = {key(name): name for name in known}
    columns, loose = [], []
    for position, cell in enumerate(cells, start=1):
        written = "" if cell is None else str(cell).strip()
        column = by_key.get(key(written))
        if column is None:
            columns.append(written or f"column {position}")
            continue
        columns.append(column)
        if written != column:
            loose.append((written, column))
    twice = sorted({column for column in columns if columns.count(column) > 1})
    if twice:
        raise InputError("profiles", "must name each column once", f"got {', '.join(twice)} twice")
    return Headers(columns, loose)


def find_header(rows: Sequence[Sequence[object]], known: Sequence[str]) -> int | None:
    """Position of the header among the first rows: the first row naming the most known
    columns (at least two), so a title or blank rows above it are passed over."""
    keys = {key(name) for name in known}
    best, found = 1, None
    for position, cells in enumerate(rows):
        points = sum(1 for cell in cells if cell is not None and key(cell) in keys)
        if points > best:
            best, found = points, position
    return found
