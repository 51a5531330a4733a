"""Reading profile files as people really have them.

One module per question a file raises: which encoding (:mod:`.encoding`),
which separator, decimal mark and header row (:mod:`.dialect`), which column
each header means (:mod:`.headers`), and which number a typed text stands for
(:mod:`.numbers`).  The readers of each format (:mod:`.csv_file`,
:mod:`.xlsx_file`, :mod:`.json_file`) put them together;
:func:`xlincome.profiles.read_profiles` picks the reader by suffix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class ProfileFile:
    """A profile table read from a file, and what the reader wants the user told once.

    ``notices`` are sentences such as ``read as Windows-1252 (cp1252)`` or the
    mapping of loosely matched headers; the CLI prints them on stderr.
    """

    frame: pd.DataFrame
    notices: list[str] = field(default_factory=list)
