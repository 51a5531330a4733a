"""Reading a delimited text profile file (CSV, ``;``-separated, tab-separated).

pandas' C parser reads the file once the layout is known; the layout comes
from the first lines (:mod:`.dialect`).  Every row must have as many fields
as the header: a trailing separator on a data row would otherwise shift or
drop a column silently, so such a file is refused naming its rows.  Rows are
numbered as a spreadsheet shows the file (the first line is row 1), blank
rows included, and blank rows are then left out.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from . import ProfileFile, dialect, encoding, headers
from .frames import finish

#: Bytes read to find the layout.
SAMPLE_BYTES = 256 * 1024
#: Rows of a ragged file named in the message.
NAMED_ROWS = 5


def read_csv(path: Path, known: list[str], numeric: dict[str, bool], text: list[str],
             sep: str | None = None, decimal: str | None = None) -> ProfileFile:
    """Read a delimited profile file.

    ``known`` are the schema's column names, ``numeric`` maps each number
    column to whether it accepts percentages, ``text`` lists the columns
    kept as text.
    """
    data, used = encoding.as_utf8(path.read_bytes())
    sample = data[:SAMPLE_BYTES].decode("utf-8", errors="ignore")
    if len(data) > SAMPLE_BYTES and "\n" in sample:
        sample = sample[:sample.rindex("\n") + 1]
    layout = dialect.sniff(sample, known, set(numeric), sep, decimal)
    named = headers.match(layout.header, known)
    _check_field_counts(data, layout)
    frame = pd.read_csv(io.BytesIO(data), sep=layout.sep, decimal=layout.decimal, header=None,
                        names=named.columns, skiprows=layout.header_lines, skip_blank_lines=False,
                        index_col=False, keep_default_na=False, na_values=[""], encoding="utf-8",
                        dtype={column: str for column in named.columns if column in text or column not in known},
                        thousands=None, quotechar='"', doublequote=True)
    first_row = layout.header_row + 2
    frame.index = pd.RangeIndex(first_row, first_row + len(frame), name="row")
    notices = [f"read as {encoding.describe(used)}"] if used != "utf-8" else []
    notices += [notice for notice in (layout.notice, named.notice) if notice]
    if layout.header_row:
        notices.append(f"header found on row {layout.header_row + 1}")
    return ProfileFile(finish(frame, numeric, layout.decimal), notices)


def _check_field_counts(data: bytes, layout: dialect.Dialect) -> None:
    """Refuse a file whose data rows have more or fewer fields than its header."""
    expected = len(layout.header)
    counts, rows, texts = _field_counts(data, layout)
    wrong = np.flatnonzero(counts != expected)
    bad = [(int(rows[position]), int(counts[position])) for position in wrong
           if not _blank(texts(position), layout.sep)]
    if not bad:
        return
    shown = ", ".join(f"row {row} has {count}" for row, count in bad[:NAMED_ROWS])
    more = f" and {len(bad) - NAMED_ROWS} more rows" if len(bad) > NAMED_ROWS else ""
    raise InputError("profiles", f"must have {expected} fields in every row, like the header",
                     f"{shown}{more} (a separator too many or too few?)")


def _field_counts(data: bytes, layout: dialect.Dialect):
    """Fields per record after the header, the record's row number, and its text by position.

    Without quotes a record is a line and counting separators is enough; a
    file with quotes (a name like ``"Ruiz, Ana"``) is split by the csv module.
    """
    parts = data.split(b"\n", layout.header_lines)
    body = parts[layout.header_lines] if len(parts) > layout.header_lines else b""
    first_row = layout.header_row + 2
    if b'"' not in body:
        lines = body.split(b"\n")
        if lines and not lines[-1].strip():
            lines.pop()
        separator = layout.sep.encode()
        counts = np.fromiter((line.count(separator) for line in lines), dtype=np.int64, count=len(lines)) + 1
        return counts, np.arange(first_row, first_row + len(lines)), lambda position: lines[position].decode()
    records = list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter=layout.sep))
    counts = np.array([len(record) for record in records], dtype=np.int64)
    return counts, np.arange(first_row, first_row + len(records)), \
        lambda position: layout.sep.join(records[position])


def _blank(text: str, sep: str) -> bool:
    """A row of nothing but separators and spaces (what Excel leaves below a table)."""
    return not text.replace(sep, "").strip()
