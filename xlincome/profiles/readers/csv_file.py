"""Reading a delimited text profile file (CSV, ``;``-separated, tab-separated).

pandas' C parser reads the file once the layout is known; the layout comes
from the first lines (:mod:`.dialect`).  Every row must have as many fields
as the header: a trailing separator on a data row would otherwise shift or
drop a column silently, so such a file is refused naming its rows.  Rows are
numbered as a spreadsheet shows the file (the first line is row 1), blank
rows included, and blank rows are then left out.
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import InputError
from . import ProfileFile, dialect, encoding, headers
from .frames import finish

#: Bytes read to find the layout.
SAMPLE_BYTES = 256 * 1024
#: Lines whose separators are counted at once (about 20 MB of positions for 22 columns).
LINES_PER_CHUNK = 100_000
#: Bytes read at a time to add up the separators.
CHUNK_BYTES = 16 * 1024 * 1024
#: Rows of a ragged file named in the message.
NAMED_ROWS = 5


def read_csv(path: Path, known: list[str], numeric: dict[str, bool], text: list[str],
             sep: str | None = None, decimal: str | None = None) -> ProfileFile:
    """Read a delimited profile file.

    ``known`` are the schema's column names, ``numeric`` maps each number
    column to whether it accepts percentages, ``text`` lists the columns
    kept as text.

    A file whose first part is UTF-8 (with or without BOM) is handed to
    pandas as it is; should a later byte not be UTF-8, or the first part be
    in another encoding, the whole file is decoded first (:mod:`.encoding`).
    """
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    used = encoding.of_head(head)
    if b"\r" in head and b"\n" not in head:
        used = None  # lines ended by a carriage return alone (Excel for Mac's old CSV): made line feeds below
    if used is not None:
        bom = len(codecs.BOM_UTF8) if used == "utf-8-sig" else 0

        def chunks():
            with path.open("rb") as handle:
                handle.seek(bom)
                yield from iter(lambda: handle.read(CHUNK_BYTES), b"")

        try:
            return _read(path, chunks, lambda: path.read_bytes()[bom:], head[bom:].decode("utf-8", errors="ignore"),
                         used, known, numeric, text, sep, decimal)
        except UnicodeDecodeError:
            pass  # not UTF-8 after all: decode the whole file
    data, used = encoding.as_utf8(path.read_bytes())
    if b"\n" not in data:
        data = data.replace(b"\r", b"\n")
    return _read(io.BytesIO(data), lambda: iter([data]), lambda: data,
                 data[:SAMPLE_BYTES].decode("utf-8", errors="ignore"), used, known, numeric, text, sep, decimal)


def _read(source, chunks, utf8_bytes, sample: str, used: str, known: list[str], numeric: dict[str, bool],
          text: list[str], sep: str | None, decimal: str | None) -> ProfileFile:
    """Read ``source`` (UTF-8, with a BOM if ``used`` says so) once its layout is known from ``sample``;
    ``chunks`` and ``utf8_bytes`` give its bytes (BOM left out) to check the rows' fields.

    pandas refuses a row with more fields than the first row, warns when the
    first row has more than the header (an error here), and fills a row with
    fewer fields with a blank in the last column.  A file passes without a
    look at every row when the separators after the header add up to exactly
    one fewer than the columns on every row (a short row cannot then hide,
    as no row may be longer) and, for a file with quotes (whose fields may
    hold a separator), the last column has no blank; otherwise the fields
    of every row are counted
    (:func:`_check_field_counts`), which names the rows at fault.
    """
    if "\n" in sample:
        sample = sample[:sample.rindex("\n") + 1]
    layout = dialect.sniff(sample, known, set(numeric), sep, decimal)
    named = headers.match(layout.header, known)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(source, sep=layout.sep, decimal=layout.decimal, header=None,
                                names=named.columns, skiprows=layout.header_lines,
                                skip_blank_lines=False, index_col=False, keep_default_na=False, na_values=[""],
                                encoding="utf-8-sig" if used == "utf-8-sig" else "utf-8",
                                dtype={column: str for column in named.columns
                                       if column in text or column not in known},
                                thousands=None, quotechar='"', doublequote=True)
    except (pd.errors.ParserError, pd.errors.ParserWarning) as error:
        _check_field_counts(utf8_bytes(), layout)
        raise InputError("profiles", "must be a readable CSV table", str(error).strip()) from None
    separators, quoted = _separators_after_header(chunks(), layout)
    if separators != (len(named.columns) - 1) * len(frame) or (quoted and frame[named.columns[-1]].isna().any()):
        _check_field_counts(utf8_bytes(), layout)
    first_row = layout.header_row + 2
    frame.index = pd.RangeIndex(first_row, first_row + len(frame), name="row")
    notices = [f"read as {encoding.describe(used)}"] if used != "utf-8" else []
    notices += [notice for notice in (layout.notice, named.notice) if notice]
    if layout.header_row:
        notices.append(f"header found on row {layout.header_row + 1}")
    return ProfileFile(finish(frame, numeric, layout.decimal), notices)


def _separators_after_header(chunks, layout: dialect.Dialect) -> tuple[int, bool]:
    """How many separator bytes follow the header's last line, and whether a quote does."""
    separator, lines, total, quoted = layout.sep.encode(), layout.header_lines, 0, False
    for chunk in chunks:
        start = 0
        while lines and start <= len(chunk):
            found = chunk.find(b"\n", start)
            if found < 0:
                start = len(chunk) + 1
                break
            start, lines = found + 1, lines - 1
        if not lines and start <= len(chunk):
            total += int(np.count_nonzero(np.frombuffer(chunk, dtype=np.uint8, offset=start) == separator[0]))
            quoted = quoted or chunk.find(b'"', start) >= 0
    return total, quoted


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
    offset = 0
    for _ in range(layout.header_lines):
        offset = data.find(b"\n", offset) + 1 or len(data)
    first_row = layout.header_row + 2
    if data.find(b'"', offset) < 0:
        return _line_counts(data, offset, layout.sep.encode(), first_row)
    records = list(csv.reader(io.StringIO(data[offset:].decode("utf-8")), delimiter=layout.sep))
    counts = np.array([len(record) for record in records], dtype=np.int64)
    return counts, np.arange(first_row, first_row + len(records)), \
        lambda position: layout.sep.join(records[position])


def _line_counts(body: bytes, offset: int, sep: bytes, first_row: int):
    """Fields per line of a file without quotes from ``offset`` on, counted with numpy over the bytes."""
    data = np.frombuffer(body, dtype=np.uint8)
    ends = np.flatnonzero(data[offset:] == ord("\n")) + offset
    starts = np.concatenate(([offset], ends + 1))
    if starts[-1] >= len(data) or not body[starts[-1]:].strip():
        starts = starts[:-1]  # nothing after the last line end
    if not len(starts):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), lambda position: ""
    stops = np.append(starts[1:], len(data))
    separators = np.empty(len(starts), dtype=np.int64)
    for first in range(0, len(starts), LINES_PER_CHUNK):  # bounded memory: a chunk of lines at a time
        last = min(first + LINES_PER_CHUNK, len(starts))
        begin, end = starts[first], stops[last - 1]
        positions = np.flatnonzero(data[begin:end] == sep[0]) + begin
        bounds = np.searchsorted(positions, np.append(starts[first:last], end))
        separators[first:last] = np.diff(bounds)

    def text(position: int) -> str:
        return body[starts[position]:stops[position]].decode()

    return separators + 1, np.arange(first_row, first_row + len(starts)), text


def _blank(text: str, sep: str) -> bool:
    """A row of nothing but separators and spaces (what Excel leaves below a table)."""
    return not text.replace(sep, "").strip()
