"""Which export a text file is: its encoding, separator, decimal mark, header row and source.

The first part of the file settles everything (the profile readers answer
the same questions: :mod:`..readers.encoding`, :mod:`..readers.dialect`,
:mod:`..readers.headers`): the header is the row, among the first 30 (a
title or a preamble may stand above it), that names the most columns of
the known sources; the source is the one whose required columns that row
names, matched by :func:`~xlincome.profiles.readers.headers.key` (so a
BOM, quotes, case and spacing do not matter, and a column may stand
anywhere).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from ..readers import dialect, encoding, headers
from .sources import CSV_SOURCES, Source

#: Bytes read to settle the layout (as the profile reader).
SAMPLE_BYTES = 256 * 1024
#: Roles holding numbers (their cells show the decimal mark).
NUMBER_ROLES = ("amount", "gross", "fee", "net", "total", "refunded", "converted_amount", "duration")


@dataclass(frozen=True)
class Layout:
    """How to read one text export."""

    source: Source
    encoding: str
    sep: str
    decimal: str
    #: Records before the header (a preamble).
    header_row: int
    #: The header as written.
    header: list[str]
    #: Role -> position of its column.
    positions: dict[str, int]
    notices: tuple[str, ...]

    @property
    def headers(self) -> dict[str, str]:
        """Role -> its header as the file writes it."""
        return {role: self.header[position] for role, position in self.positions.items()}


def _all_headers() -> list[str]:
    return list(dict.fromkeys(name for source in CSV_SOURCES for names in source.columns.values()
                              for name in names))


def _number_headers() -> set[str]:
    return {name for source in CSV_SOURCES for role, names in source.columns.items() if role in NUMBER_ROLES
            for name in names}


def known_sources() -> str:
    """The sources and the columns that identify each, for the message of a file matching none."""
    parts = [f"{source.title} ({', '.join(source.columns[role][0] for role in source.required)})"
             for source in CSV_SOURCES]
    return "; ".join(parts) + "; OFX/QFX and camt.053 bank statements"


def file_encoding(head: bytes) -> str:
    """The encoding of a file from its first bytes: UTF-8 (with or without BOM), UTF-16/32 by their
    BOM, else the Windows code page the detector finds (:mod:`..readers.encoding`)."""
    used = encoding.of_head(head)
    if used is not None:
        return used
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return name
    if b"\x00" in head:
        raise InputError("file", "must be a text export (CSV), an OFX or a camt.053 file", "it holds binary data")
    return encoding.detect_code_page(head)


def sample_text(path: Path, used: str) -> str:
    """The first :data:`SAMPLE_BYTES` of the file as text, cut after its last whole line."""
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    text = head.decode(used.replace("utf-8-sig", "utf-8-sig"), errors="ignore")
    text = text.lstrip("\ufeff")
    if "\n" in text and len(head) == SAMPLE_BYTES:
        text = text[:text.rindex("\n") + 1]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def match_source(header: list[str]) -> tuple[Source, dict[str, int]] | None:
    """The source whose required columns ``header`` names (the one naming most of them), and where
    each of its roles stands."""
    keys = [headers.key(cell) for cell in header]
    best = None
    for source in CSV_SOURCES:
        positions = {}
        for role, names in source.columns.items():
            wanted = {headers.key(name) for name in names}
            found = next((position for position, key in enumerate(keys) if key in wanted), None)
            if found is not None:
                positions[role] = found
        if all(role in positions for role in source.required):
            if best is None or len(source.required) > len(best[0].required):
                best = (source, positions)
    return best


def layout_of(path: Path, name: str) -> Layout:
    """The layout of a text export.

    Raises
    ------
    InputError
        When no row names the columns of a known source (the message lists them), or the
        separator or decimal mark cannot be told.
    """
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    used = file_encoding(head)
    sample = sample_text(path, used)
    try:
        found = dialect.sniff(sample, _all_headers(), _number_headers())
    except InputError as error:
        if "header row" in error.rule:
            raise InputError("file", "must be an export of a known source",
                             f"{name} names the columns of none: {known_sources()}") from None
        raise InputError("file", error.rule, f"{name}: {error.detail}") from None
    matched = match_source(found.header)
    if matched is None:
        raise InputError("file", "must be an export of a known source",
                         f"the header of {name} (row {found.header_row + 1}) names the columns of none: "
                         f"{known_sources()}")
    source, positions = matched
    notices = []
    if used not in ("utf-8", "utf-8-sig"):
        notices.append(f"read as {encoding.describe(used)}")
    if found.notice:
        notices.append(found.notice)
    if found.header_row:
        notices.append(f"header found on row {found.header_row + 1}")
    return Layout(source, used, found.sep, found.decimal, found.header_row, found.header, positions,
                  tuple(notices))
