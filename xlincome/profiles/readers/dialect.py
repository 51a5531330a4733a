"""How a delimited text file is written: its separator, decimal mark and header row.

Excel writes ``,``-separated files where the decimal mark is ``.`` and
``;``-separated ones where it is ``,`` (the list separator of most European
settings); "Unicode Text" is tab-separated.  The header row decides the
separator: it is the row that names the most profile columns once split.
The decimal mark is what the numbers show beyond doubt (``0,25`` or
``1.500,00`` against ``0.25`` or ``1,500.50``); without such a number, ``,``
for a ``;``-separated file and ``.`` otherwise.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from ...errors import InputError
from . import headers, numbers

SEPARATORS = (",", ";", "\t")
DECIMALS = (".", ",")
#: Rows searched for the header (titles and blank rows may stand above it).
HEADER_SEARCH_ROWS = 30
#: Records read after the header to see which decimal mark numbers use.
EVIDENCE_ROWS = 100


@dataclass(frozen=True)
class Dialect:
    """The layout of one delimited file."""

    sep: str
    decimal: str
    #: Records (rows) before the header and lines up to its end (they differ when a quoted cell
    #: holds a line break).
    header_row: int
    header_lines: int
    header: list[str]

    @property
    def notice(self) -> str | None:
        """A sentence for a layout other than ``,`` and ``.``, or ``None``."""
        if (self.sep, self.decimal) == (",", "."):
            return None
        mark = "decimal comma" if self.decimal == "," else "decimal point"
        return f"read as {name(self.sep)}-separated with a {mark}"


def name(sep: str) -> str:
    """A separator as the messages name it: ``';'``, ``tab``."""
    return "tab" if sep == "\t" else repr(sep)


def sniff(sample: str, known: list[str], numeric: set[str], sep: str | None = None,
          decimal: str | None = None) -> Dialect:
    """The dialect of a file from its first lines (``sample``); ``sep`` and ``decimal`` given by
    the user are taken as they are.

    Raises
    ------
    InputError
        When no row names the profile columns, when two separators split the header equally
        well (``--sep`` settles it), or when the numbers use both decimal marks (``--decimal``).
    """
    found = []
    for candidate in (sep,) if sep else SEPARATORS:
        rows, lines = _records(sample, candidate)
        position = headers.find_header(rows[:HEADER_SEARCH_ROWS], known)
        if position is not None:
            found.append((headers.score(rows[position], known), candidate, position, rows, lines))
    if not found:
        where = f"split by {name(sep)}" if sep else "split by ',', ';' or tab"
        raise InputError("profiles", "must have a header row naming the profile columns",
                         f"no row of the first {HEADER_SEARCH_ROWS} {where} names two of "
                         f"{', '.join(known[:4])}, ... (see docs/profiles.md)")
    found.sort(key=lambda item: -item[0])
    if len(found) > 1 and found[0][0] == found[1][0]:
        raise InputError("profiles", "has an ambiguous separator",
                         f"{name(found[0][1])} and {name(found[1][1])} both split the header; "
                         f"pass --sep to say which")
    _, chosen, position, rows, lines = found[0]
    header = [cell.strip() for cell in rows[position]]
    if decimal is None:
        decimal = _decimal(rows[position + 1:position + 1 + EVIDENCE_ROWS], header, numeric, chosen)
    return Dialect(chosen, decimal, position, lines[position], header)


def _records(sample: str, sep: str) -> tuple[list[list[str]], list[int]]:
    """The first records of the sample split by ``sep``, and the lines read to the end of each."""
    reader = csv.reader(io.StringIO(sample), delimiter=sep)
    rows, lines = [], []
    try:
        for row in reader:
            rows.append(row)
            lines.append(reader.line_num)
            if len(rows) >= HEADER_SEARCH_ROWS + EVIDENCE_ROWS:
                break
    except csv.Error:
        pass  # a sample cut inside a quoted cell: the rows before it are enough
    return rows, lines


def _decimal(rows: list[list[str]], header: list[str], numeric: set[str], sep: str) -> str:
    """The decimal mark the numbers of the sample show, else the usual one for the separator."""
    columns = [position for position, column in enumerate(header) if headers.key(column) in
               {headers.key(name) for name in numeric}]
    tokens = [row[position] for row in rows for position in columns if position < len(row)]
    marks = numbers.decimal_evidence(tokens)
    if len(marks) > 1:
        raise InputError("profiles", "has numbers with both decimal marks",
                         "some use ',' and some '.'; pass --decimal to say which is the decimal mark")
    if marks:
        return marks.pop()
    return "," if sep == ";" else "."
