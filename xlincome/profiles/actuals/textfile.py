"""Streaming a text export in chunks of rows, in bounded memory.

The file is decoded as it is read (:class:`io.TextIOWrapper`) and split by
the :mod:`csv` module, which follows quotes (PayPal quotes every field) and
line breaks inside them; every :data:`CHUNK_ROWS` records become a small
DataFrame of the source's roles, handed to the reading (:mod:`.rows`).
Nothing but one chunk is held at a time.  Rows are numbered as a
spreadsheet shows the file (the header is usually row 1).  A row with more
or fewer fields than the header is a problem of its own (its cells would
be read in the wrong columns); blank rows and the export's totals row are
passed over.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ...errors import InputError
from .layout import Layout
from .rows import Problem

#: Records per chunk (a chunk of PayPal's 41 columns is a few MB of text).
CHUNK_ROWS = 50_000
#: Longest field read (a description may be long; a field of megabytes is a damaged file).
FIELD_LIMIT = 1_000_000


def chunks(path: Path, name: str, layout: Layout, problems: list[Problem]) -> Iterator[pd.DataFrame]:
    """The file's rows after the header, a chunk at a time: columns are the layout's roles (text),
    the index the row numbers.  Ragged rows go to ``problems``.

    Raises
    ------
    InputError
        For a file the csv module cannot split (a NUL byte, a field over :data:`FIELD_LIMIT`) or
        that is not in its encoding after all; the message names the row.
    """
    roles = list(layout.positions)
    positions = [layout.positions[role] for role in roles]
    width = len(layout.header)
    totals = layout.source.totals_label
    csv.field_size_limit(min(FIELD_LIMIT, sys.maxsize))
    number = 0
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=layout.encoding, newline="")
        reader = csv.reader(text, delimiter=layout.sep)
        records: list[list[str]] = []
        rows: list[int] = []
        try:
            for record in reader:
                number += 1
                if number <= layout.header_row + 1:
                    continue
                if not record or not any(cell.strip() for cell in record):
                    continue
                if totals is not None and record[0].strip() == totals:
                    continue
                if len(record) != width:
                    problems.append(Problem(name, number, "(row)", f"{len(record)} fields",
                                            f"must have {width} fields, like the header"))
                    continue
                records.append([record[position] for position in positions])
                rows.append(number)
                if len(records) >= CHUNK_ROWS:
                    yield _frame(records, rows, roles)
                    records, rows = [], []
        except csv.Error as error:
            raise InputError("file", "must be a readable CSV export", f"{name} row {number + 1}: {error}") from None
        except UnicodeDecodeError:
            raise InputError("file", f"must be readable as {layout.encoding}",
                             f"{name} row {number + 1} holds bytes that are not (save it as CSV UTF-8)") from None
        if records:
            yield _frame(records, rows, roles)


def _frame(records: list[list[str]], rows: list[int], roles: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=roles, dtype=object)
    frame.index = pd.Index(rows, name="row")
    return frame
