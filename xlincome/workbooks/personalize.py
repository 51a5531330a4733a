"""One profile into a copy of a template workbook, without rebuilding the workbook.

A template is read once: its defined names say which cell holds each input
(``business_costs``, ``tax_rate``, ...) and the person's name
(``profile_name``).  The sheet parts that hold those cells are cut, once,
into fixed text around each input cell; every other part of the zip is
compressed once into a base archive.  Filling a profile then only joins the
cut text with the profile's values, compresses the few sheet parts that
changed and appends them to a copy of the base archive: no XML parsing and
no openpyxl per workbook.

Cached results of formula cells are dropped (they belong to the template's
own sample values) and ``fullCalcOnLoad`` is set on the workbook's
``calcPr``, so Excel and LibreOffice recalculate every formula when the file
is opened.  Text is written as an inline string (``t="inlineStr"``), which a
spreadsheet never runs as a formula, whatever it starts with.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Mapping
from xml.sax.saxutils import escape

from ..files.xlsx_parts import WORKBOOK_PART, cell_names, read_parts, sheet_parts
from ..profiles.schema import NUMERIC
from .templates.risk_sheet import INPUTS as RISK_INPUTS

#: Defined name of the cell that shows the person's name (the workbook title uses it).
PROFILE_NAME = "profile_name"
#: Inputs a template may have beyond the profile's columns (the Risk sheet's: PLAN_RISK's
#: arguments), filled when a value is given and otherwise left as the template has them.
OPTIONAL_INPUTS = tuple(spec.name for spec in RISK_INPUTS)
#: An optional input without a value: the template's own cell is kept.
KEEP = object()


CELL_PATTERN = re.compile(r"<(?P<tag>(?:[A-Za-z_][\w.-]*:)?c)\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=tag)>)",
                   re.DOTALL)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*("[^"]*"|'[^']*')""")
_FORMULA = re.compile(r"<(?:[\w.-]+:)?f\b")
_CACHED_VALUE = re.compile(r"<(?P<tag>(?:[\w.-]+:)?v)\b[^>]*?(?:/>|>.*?</(?P=tag)>)", re.DOTALL)
_CALC_PR = re.compile(r"<(?P<tag>(?:[\w.-]+:)?calcPr)\b(?P<attrs>[^>]*?)\s*/>")


class TemplateError(ValueError):
    """A workbook that cannot serve as a template for profiles; the message says why."""


@dataclass(frozen=True)
class _Slot:
    """An input cell cut out of a sheet part: what fills it and how to write it back."""

    column: str
    tag: str
    attributes: str
    #: The template's own cell, written back when no value is given for an optional input.
    original: str = ""

    def render(self, value) -> str:
        if value is KEEP:
            return self.original
        if value is None:
            return f"<{self.tag}{self.attributes}/>"
        if isinstance(value, str):
            prefix = self.tag[:-1]
            text = escape(value, {"\r": "&#13;"})
            return (f'<{self.tag}{self.attributes} t="inlineStr"><is><{prefix}t xml:space="preserve">'
                    f"{text}</{prefix}t></is></{self.tag}>")
        return f"<{self.tag}{self.attributes}><v>{number_text(value)}</v></{self.tag}>"


@dataclass(frozen=True)
class _CutSheet:
    """A sheet part as fixed text around its input cells: ``len(pieces) == len(slots) + 1``."""

    info: zipfile.ZipInfo
    pieces: tuple[str, ...]
    slots: tuple[_Slot, ...]

    def render(self, values: Mapping[str, object]) -> bytes:
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:]):
            out.append(slot.render(values.get(slot.column, KEEP)))
            out.append(piece)
        return "".join(out).encode("utf-8")


def number_text(value: float) -> str:
    """A finite number as the shortest text that reads back as the same double."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


class Template:
    """A template workbook loaded once, ready to be filled with many profiles.

    Parameters
    ----------
    source : path or binary file
        An ``.xlsx`` with a workbook-level defined name ``profile_name`` on
        one cell and, for each profile column it uses, a defined name equal
        to the column name on one constant cell (see ``docs/cli.md``).
    compresslevel : int
        zlib level for the sheet parts rewritten per profile (1 is fastest).
    optional : bool
        Also fill the inputs of :data:`OPTIONAL_INPUTS` (the Risk sheet's) when a value is
        given; their sheet is then rewritten for every workbook (the Risk sheet's 100,000
        cells), so leave it off where only the profile's columns are filled.
    """

    def __init__(self, source: str | Path | BinaryIO, compresslevel: int = 1, optional: bool = False):
        self.path = Path(source) if isinstance(source, (str, Path)) else Path(getattr(source, "name", "template"))
        self.compresslevel = compresslevel
        infos, parts = read_parts(source)
        names = cell_names(parts)
        if PROFILE_NAME not in names:
            raise TemplateError(f"{self.path.name} has no defined name {PROFILE_NAME!r} for the person's name")
        #: The profile columns this template has an input cell for, in schema order.
        self.columns = tuple(column for column in NUMERIC if column in names)
        if not self.columns:
            raise TemplateError(f"{self.path.name} has no defined name for any profile column")
        #: The optional inputs (:data:`OPTIONAL_INPUTS`) this template has a cell for.
        self.optional = tuple(name for name in OPTIONAL_INPUTS if optional and name in names)
        targets = [names[PROFILE_NAME], *(names[column] for column in (*self.columns, *self.optional))]
        by_part: dict[str, dict[str, str]] = {}
        for target in targets:
            by_part.setdefault(target.part, {})[target.ref] = target.name
        sheets = set(sheet_parts(parts).values())
        self._cut: list[_CutSheet] = []
        base = io.BytesIO()
        with zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as archive:
            for info in infos:
                data = parts[info.filename]
                if info.filename == WORKBOOK_PART:
                    data = recalculate_on_open(data.decode("utf-8")).encode("utf-8")
                if info.filename in by_part:
                    self._cut.append(_cut_sheet(_copy(info), data.decode("utf-8"), by_part[info.filename]))
                    continue
                if info.filename in sheets:
                    data = CELL_PATTERN.sub(without_cached_result, data.decode("utf-8")).encode("utf-8")
                archive.writestr(_copy(info), data)
        self._base = base.getvalue()

    def fill(self, name: str, values: Mapping[str, float | None]) -> bytes:
        """The bytes of an ``.xlsx``: the template with ``name`` and ``values`` in its input cells.

        ``values`` maps every column of :attr:`columns` to a finite number,
        or ``None`` for an optional input left blank; an input of :attr:`optional`
        missing from ``values`` keeps the template's value.
        """
        cells = {PROFILE_NAME: name, **values}
        buffer = io.BytesIO(self._base)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=self.compresslevel) as archive:
            for sheet in self._cut:
                archive.writestr(_copy(sheet.info), sheet.render(cells))
        return buffer.getvalue()


def _copy(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A fresh entry with the template entry's name and date (identical bytes on every run)."""
    fresh = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    fresh.compress_type = zipfile.ZIP_DEFLATED
    fresh.external_attr = info.external_attr
    return fresh


def without_cached_result(cell: re.Match) -> str:
    """A formula cell without its stored result (and the result's type); other cells unchanged."""
    body = cell.group("body")
    if body is None or not _FORMULA.search(body):
        return cell.group(0)
    tag = cell.group("tag")
    attributes = "".join(f" {key}={value}" for key, value in _ATTRIBUTE.findall(cell.group("attrs")) if key != "t")
    return f"<{tag}{attributes}>{_CACHED_VALUE.sub('', body)}</{tag}>"


def _cut_sheet(info: zipfile.ZipInfo, text: str, targets: dict[str, str]) -> _CutSheet:
    """Cut ``text`` around the cells of ``targets`` (reference -> column) and drop cached results."""
    pieces, slots, found, start = [], [], set(), 0
    out: list[str] = []
    for cell in CELL_PATTERN.finditer(text):
        attributes = dict(_ATTRIBUTE.findall(cell.group("attrs")))
        ref = attributes.get("r", "").strip("'\"")
        out.append(text[start:cell.start()])
        start = cell.end()
        if ref not in targets:
            out.append(without_cached_result(cell))
            continue
        if cell.group("body") is not None and _FORMULA.search(cell.group("body")):
            raise TemplateError(f"input {targets[ref]} ({ref}) is a formula cell, not a constant")
        kept = "".join(f" {key}={value}" for key, value in attributes.items() if key != "t")
        pieces.append("".join(out))
        out = []
        slots.append(_Slot(targets[ref], cell.group("tag"), kept, cell.group(0)))
        found.add(ref)
    out.append(text[start:])
    pieces.append("".join(out))
    missing = sorted(set(targets) - found)
    if missing:
        raise TemplateError(f"cells {', '.join(missing)} named {', '.join(targets[ref] for ref in missing)}"
                            f" are not in {info.filename}; give them a value or a style in the template")
    return _CutSheet(info, tuple(pieces), tuple(slots))


def recalculate_on_open(workbook: str) -> str:
    """``xl/workbook.xml`` with ``fullCalcOnLoad="1"`` on its ``calcPr`` (added if absent)."""
    match = _CALC_PR.search(workbook)
    if match:
        attributes = [f" {key}={value}" for key, value in _ATTRIBUTE.findall(match.group("attrs"))
                      if key != "fullCalcOnLoad"]
        element = f"<{match.group('tag')}{''.join(attributes)} fullCalcOnLoad=\"1\"/>"
        return workbook[:match.start()] + element + workbook[match.end():]
    prefix = re.match(r"\s*(?:<\?xml[^>]*\?>\s*)?<(?P<prefix>[\w.-]+:)?workbook\b", workbook).group("prefix") or ""
    for anchor in (f"</{prefix}definedNames>", f"</{prefix}sheets>"):
        at = workbook.find(anchor)
        if at >= 0:
            at += len(anchor)
            return f'{workbook[:at]}<{prefix}calcPr fullCalcOnLoad="1"/>{workbook[at:]}'
    raise TemplateError("xl/workbook.xml has no <sheets> element")

