"""An ``.xlsx`` file as its zip parts, read as untrusted input.

An ``.xlsx`` workbook is a zip archive of XML parts (ECMA-376 / ISO 29500,
Office Open XML).  This module reads those parts with a bound on the total
uncompressed size (a zip bomb stops with an error instead of filling memory),
parses XML only through :mod:`defusedxml` (no entity expansion, no external
entities), and resolves workbook-level defined names to the sheet part and
cell they point at.  Both ``xlincome generate`` (the template) and
``xlincome check`` (a workbook from anywhere) read workbooks through it.
"""

from __future__ import annotations

import lzma
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from defusedxml import ElementTree as SafeTree
from openpyxl.utils.cell import range_to_tuple

#: Largest total uncompressed size accepted, bytes (an income plan is well under 1 MB).
MAX_UNCOMPRESSED = 100 * 1024 * 1024
#: Most zip entries accepted (an income plan has a few dozen).
MAX_ENTRIES = 10_000

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKBOOK_PART = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


#: What :mod:`zipfile` and its decompressors raise for a damaged archive or entry (a bad CRC,
#: cut-short or corrupt deflate, LZMA or bzip2 data, header fields out of range).
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, lzma.LZMAError, struct.error,
            ValueError, OverflowError, OSError)
#: The first bytes of an OLE compound file: an old ``.xls`` workbook, or a password-protected ``.xlsx``.
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class UnreadableWorkbook(ValueError):
    """The file is not a readable ``.xlsx`` workbook; the message says why."""


@dataclass(frozen=True)
class CellName:
    """A defined name that points at one cell: the sheet's zip part and the cell's reference."""

    name: str
    sheet: str
    part: str
    ref: str


def read_parts(source: str | Path | BinaryIO, limit: int = MAX_UNCOMPRESSED
               ) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    """Every entry of the zip at ``source`` (a path or a binary file), uncompressed, in archive order.

    Raises :class:`UnreadableWorkbook` for a file that is not a zip archive,
    a truncated or damaged one (whatever is damaged: a header, a name that
    claims to be UTF-8 and is not, compressed data), one with encrypted
    entries or a compression method Python cannot read, or one that would
    uncompress to more than ``limit`` bytes (counted while reading, not
    trusted from the headers).
    """
    path = Path(source) if isinstance(source, (str, Path)) else Path(getattr(source, "name", "workbook.xlsx"))
    try:
        with zipfile.ZipFile(source if not isinstance(source, str) else path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise UnreadableWorkbook(f"{path.name} has {len(infos)} zip entries (at most {MAX_ENTRIES})")
            declared = sum(info.file_size for info in infos)
            if declared > limit:
                raise _too_big(path, limit)
            parts: dict[str, bytes] = {}
            budget = limit
            for info in infos:
                with archive.open(info) as entry:
                    data = entry.read(budget + 1)
                budget -= len(data)
                if budget < 0:
                    raise _too_big(path, limit)
                parts[info.filename] = data
    except UnreadableWorkbook:
        raise
    except (FileNotFoundError, PermissionError, IsADirectoryError) as error:
        raise UnreadableWorkbook(f"cannot open {path}: {error.strerror}") from None
    except zipfile.BadZipFile as error:
        start = _start(source, path)
        if start.startswith(b"PK\x03\x04"):
            raise UnreadableWorkbook(f"{path.name} is truncated or damaged ({error})") from None
        if start.startswith(_COMPOUND_FILE):
            raise UnreadableWorkbook(f"{path.name} is not a readable workbook: it is password-protected"
                                     " or an old .xls file (save it as an unprotected .xlsx)") from None
        raise UnreadableWorkbook(f"{path.name} is not an .xlsx workbook (not a zip archive)") from None
    except NotImplementedError as error:  # a compression method or zip version zipfile cannot read
        # (caught before RuntimeError, of which it is a subclass)
        raise UnreadableWorkbook(f"{path.name} is not a readable workbook: {error}") from None
    except RuntimeError:  # zipfile: an entry flagged as encrypted
        raise UnreadableWorkbook(f"{path.name} is not a readable workbook: it has encrypted zip entries") from None
    except UnicodeDecodeError:
        raise UnreadableWorkbook(f"{path.name} is not a readable workbook: a zip entry's name is marked as"
                                 " UTF-8 but is not") from None
    except _DAMAGED as error:
        raise UnreadableWorkbook(f"{path.name} is truncated or damaged ({error})") from None
    if WORKBOOK_PART not in parts:
        raise UnreadableWorkbook(f"{path.name} is a zip archive but not an .xlsx workbook (no {WORKBOOK_PART})")
    return infos, parts


def _start(source: str | Path | BinaryIO, path: Path) -> bytes:
    """The file's first bytes, to tell a damaged zip from a file of another kind."""
    if isinstance(source, (str, Path)):
        with open(path, "rb") as handle:
            return handle.read(len(_COMPOUND_FILE))
    source.seek(0)
    return source.read(len(_COMPOUND_FILE))


def _too_big(path: Path, limit: int) -> UnreadableWorkbook:
    return UnreadableWorkbook(f"{path.name} uncompresses to more than {limit // (1024 * 1024)} MB;"
                              " refusing it (zip bomb?)")


def parse_xml(data: bytes, part: str):
    """The root element of an XML part, parsed safely (defusedxml)."""
    try:
        return SafeTree.fromstring(data)
    except Exception as error:  # ParseError and defusedxml's EntitiesForbidden, DTDForbidden, ...
        raise UnreadableWorkbook(f"part {part} is not safe, well-formed XML ({error})") from None


def cell_names(parts: dict[str, bytes]) -> dict[str, CellName]:
    """Workbook-level defined names that point at a single cell, by name.

    Names scoped to one sheet, names of ranges and names of formulas are
    left out: inputs and headline results are single cells.
    """
    sheets = sheet_parts(parts)
    workbook = parse_xml(parts[WORKBOOK_PART], WORKBOOK_PART)
    found: dict[str, CellName] = {}
    for element in workbook.iter(f"{{{MAIN_NS}}}definedName"):
        if element.get("localSheetId") is not None or not element.text:
            continue
        try:
            sheet, boundaries = range_to_tuple(element.text.strip())
        except ValueError:
            continue
        min_col, min_row, max_col, max_row = boundaries
        if sheet not in sheets or (min_col, min_row) != (max_col, max_row) or min_col is None:
            continue
        ref = element.text.strip().rsplit("!", 1)[1].replace("$", "")
        found[element.get("name")] = CellName(element.get("name"), sheet, sheets[sheet], ref)
    return found


def sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet title -> the zip part holding that sheet's XML."""
    if WORKBOOK_RELS not in parts:
        raise UnreadableWorkbook(f"not an .xlsx workbook (no {WORKBOOK_RELS})")
    relations = parse_xml(parts[WORKBOOK_RELS], WORKBOOK_RELS)
    targets = {}
    for relation in relations.iter(f"{{{PACKAGE_REL_NS}}}Relationship"):
        target = relation.get("Target", "")
        absolute = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[relation.get("Id")] = absolute
    workbook = parse_xml(parts[WORKBOOK_PART], WORKBOOK_PART)
    return {sheet.get("name"): targets.get(sheet.get(f"{{{REL_NS}}}id"), "")
            for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet")
            if targets.get(sheet.get(f"{{{REL_NS}}}id"), "") in parts}

