"""Reading a JSON profile file: a list of records, or ``{"profiles": [...]}``.

A key given twice in one record is refused (JSON parsers otherwise keep the
last silently), as a column named twice is in a table.  A number a double
cannot hold (``1e999``, a 400-digit integer) and the non-standard constants
``NaN``, ``Infinity`` and ``-Infinity`` are kept as the text written, so that
the profile's row is reported by field (as the same text in a CSV cell is)
and the other profiles are still computed.  A number below the smallest
double (``1e-400``) is read as the nearest double, 0, as every reader does.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from ...errors import InputError
from . import ProfileFile, headers
from .frames import finish

#: Longest integer literal converted (Python refuses to convert much longer ones; a double
#: holds at most 309 digits): a longer one is kept as its text.
MAX_DIGITS = 400


def read_json(path: Path, known: list[str], numeric: dict[str, bool], decimal: str | None = None) -> ProfileFile:
    """Read the profiles of a JSON file: the first record is row 1."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            records = json.load(handle, object_pairs_hook=_record, parse_int=_integer, parse_float=_float,
                                parse_constant=_constant)
    except json.JSONDecodeError as error:
        raise InputError("profiles", "must be valid JSON", str(error)) from None
    except UnicodeDecodeError:
        raise InputError("profiles", "must be a UTF-8 JSON file", "it is not UTF-8") from None
    if isinstance(records, dict) and isinstance(records.get("profiles"), list):
        records = records["profiles"]
    if not isinstance(records, list) or not all(isinstance(item, dict) for item in records):
        raise InputError("profiles", "must be a JSON list of objects (one per profile)",
                         f"got {type(records).__name__}")
    keys = list(dict.fromkeys(key for record in records for key in record))
    named = headers.match(keys, known)
    rename = dict(zip(keys, named.columns))
    frame = pd.DataFrame.from_records([{rename[key]: value for key, value in record.items()} for record in records],
                                      columns=named.columns)
    frame.index = pd.RangeIndex(1, 1 + len(frame), name="row")
    notices = [named.notice] if named.notice else []
    return ProfileFile(finish(frame, numeric, decimal or "."), notices)


def _record(pairs: list[tuple[str, object]]) -> dict:
    record: dict = {}
    for key, value in pairs:
        if key in record:
            raise InputError("profiles", "must name each key of a record once", f"got {key!r} twice")
        record[key] = value
    return record


def _integer(text: str) -> int | float | str:
    if len(text.lstrip("-")) > MAX_DIGITS:
        return text
    value = int(text)
    if abs(value) >= 2**63:
        return float(value) if abs(value) < 2**1024 else text
    return value


def _float(text: str) -> float | str:
    value = float(text)
    return text if math.isinf(value) else value


def _constant(text: str) -> str:
    """``NaN``, ``Infinity`` or ``-Infinity`` (which Python's reader takes, but JSON has not): the text."""
    return text
