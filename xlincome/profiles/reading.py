"""Reading a profile file: the reader for its format, the schema's columns, rows numbered as the user sees them.

Files may be CSV (``,``, ``;`` or tab separated, any encoding Excel
writes), XLSX or JSON (a list of records, or pandas' ``records``
orientation); the readers live in :mod:`xlincome.profiles.readers`.  Every
reader numbers rows the way the user sees them in the file: for CSV and
XLSX the header is usually row 1, so the first profile is row 2 (a title
above the header moves both down); for JSON the first record is row 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from .readers import ProfileFile
from .readers.csv_file import read_csv
from .readers.dialect import DECIMALS, SEPARATORS
from .readers.json_file import read_json
from .readers.xlsx_file import read_xlsx
from .schema import COLUMNS

#: File suffixes of each kind of profile file, as :func:`read_profile_file` reads them.
CSV_SUFFIXES, XLSX_SUFFIXES, JSON_SUFFIXES = (".csv", ".tsv", ".txt"), (".xlsx", ".xlsm"), (".json",)
#: The reading options that settle only one kind of file: ``sep`` a CSV file's, ``sheet`` a workbook's
#: (``decimal`` settles numbers typed as text in any kind).
SETTLES = {"sep": CSV_SUFFIXES, "sheet": XLSX_SUFFIXES}


def read_profiles(path: str | Path, *, sep: str | None = None, decimal: str | None = None,
                  sheet: str | None = None) -> pd.DataFrame:
    """Read a CSV, XLSX or JSON profile file (see :func:`read_profile_file`); the table only."""
    return read_profile_file(path, sep=sep, decimal=decimal, sheet=sheet).frame


def read_profile_file(path: str | Path, *, sep: str | None = None, decimal: str | None = None,
                      sheet: str | None = None) -> ProfileFile:
    """Read a CSV, XLSX or JSON profile file as people really write them.

    The encoding, separator, decimal mark, header row and sheet are found
    (``sep``, ``decimal`` and ``sheet`` settle them when given); headers are
    matched loosely (``Hourly Rate`` is ``hourly_rate``); numbers typed as
    ``25%`` or ``€1.500,00`` become numbers; blank rows are left out.  A
    number column holding a cell that is no number stays as read, for
    :func:`xlincome.batch.validate` to report it by row and column.  The
    index is the row number the user sees in the file (see the module
    docstring); ``notices`` say what the user should be told once (an
    encoding other than UTF-8, headers matched loosely, ...).

    Raises
    ------
    InputError
        For a file that cannot be read as a profile table (unknown suffix,
        not a table, rows with more or fewer fields than the header, an
        ambiguous separator or decimal mark, malformed XLSX or JSON).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    known = [column.name for column in COLUMNS]
    numeric = {column.name: column.rule.percent for column in COLUMNS if column.rule is not None}
    text = [column.name for column in COLUMNS if column.rule is None]
    if sep is not None and sep not in SEPARATORS:
        raise InputError("--sep", "must be ',', ';' or tab", f"got {sep!r}")
    if decimal is not None and decimal not in DECIMALS:
        raise InputError("--decimal", "must be '.' or ','", f"got {decimal!r}")
    try:
        if suffix in CSV_SUFFIXES:
            read = read_csv(path, known, numeric, text, sep, decimal)
        elif suffix in XLSX_SUFFIXES:
            read = read_xlsx(path, known, numeric, sheet, decimal)
        elif suffix in JSON_SUFFIXES:
            read = read_json(path, known, numeric, decimal)
        else:
            raise InputError("profiles", "must be a .csv (or .tsv, .txt), .xlsx or .json file",
                             f"got {path.name!r}")
    except (InputError, FileNotFoundError, PermissionError, IsADirectoryError):
        raise
    except Exception as error:  # pandas and openpyxl raise many kinds for a malformed file
        raise InputError("profiles", f"must be a readable {suffix[1:].upper()} table",
                         f"{path.name}: {error}") from None
    names = read.frame.get("name")
    if names is not None and pd.api.types.infer_dtype(names, skipna=True) not in ("string", "empty"):
        read.frame["name"] = names.map(_number_as_text)
    return read


def _number_as_text(value: Any) -> Any:
    """A name typed as a number (``1001`` in a spreadsheet cell, ``42`` in JSON) as its text."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return value
    return f"{value:g}" if isinstance(value, float) and value.is_integer() else str(value)


