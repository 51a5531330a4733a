"""What every reader does to the table it read: blank rows out, typed numbers in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .numbers import to_numbers


def blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows with nothing in any cell (missing, empty or white space only).

    Number columns first: only the rows blank in all of them are looked at in the text columns.
    """
    blank = np.ones(len(frame), dtype=bool)
    columns = sorted(frame.columns, key=lambda column: frame[column].dtype.kind not in "fiub")
    for column in columns:
        if not blank.any():
            break
        values = frame[column]
        if values.dtype.kind in "fiub":
            blank &= values.isna().to_numpy()
            continue
        candidates = values[blank]
        text = candidates.map(lambda value: isinstance(value, str) and not value.strip(), na_action="ignore")
        blank[blank] = (candidates.isna() | text.astype(object).eq(True)).to_numpy(dtype=bool)
    return blank


def finish(frame: pd.DataFrame, numeric: dict[str, bool], decimal: str) -> pd.DataFrame:
    """Leave out blank rows and turn every number column whose cells are all numbers as typed
    (``25%``, ``€1.500,00``) into floats; a column with a cell that is no number stays as read,
    for :func:`xlincome.batch.validate` to report that cell by row and column.

    The decimal mark is kept in ``frame.attrs["decimal"]`` for that check.
    """
    blank = blank_rows(frame)
    if blank.any():
        frame = frame[~blank]
    frame = frame.copy() if blank.any() else frame
    for column, percent in numeric.items():
        if column not in frame.columns or frame[column].dtype.kind in "fiu":
            continue
        values, bad = to_numbers(frame[column], decimal, percent)
        if not bad.any():
            frame[column] = values
    frame.attrs["decimal"] = decimal
    return frame
