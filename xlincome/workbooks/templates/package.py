"""Saving a template workbook as XML every reader loads, whatever the machine has installed.

openpyxl serializes through lxml when lxml is installed and through the
standard library's ElementTree otherwise, and the two give different XML:
with lxml, the drawing part declares its namespaces on nested elements
(``<c:chart xmlns:c=...>``), which Gnumeric does not follow (it drops the
charts); without it, the drawing part puts its elements in a default
namespace with no ``xdr:`` prefix, which the exceljs reader rejects.

:func:`canonical` rewrites every XML part of a saved package through the
standard library alone: drawing and chart parts with every element
prefixed (``xdr:``, ``c:``, ``a:``, ``r:``) and every namespace declared
on the root; the other parts with their root's namespace as the default
one, as Excel writes them.  The zip entries keep their order and get a
fixed date, so the same workbook gives the same bytes.

A cell with a style and no value is written without a value type
(:func:`untyped_blanks`): openpyxl writes ``<c r="B10" s="5" t="n"/>``,
which Excel, LibreOffice and Gnumeric read as a blank but IronCalc reads as
the number 0 (an empty stream row of the mix would count as an unknown kind
there); ``<c r="B10" s="5"/>`` is a blank in all four.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import (
    ElementTree,  # parses parts openpyxl has just written, never a user's file
)

from openpyxl import Workbook

from ...files.writing import write_to

#: Prefixes of the namespaces the parts use (the ones Excel writes).
PREFIXES = {
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}
#: Parts whose elements all carry a prefix (no default namespace).
PREFIXED_PARTS = ("xl/drawings/drawing", "xl/charts/chart")
#: The date every zip entry carries (the earliest a zip can hold).
ENTRY_DATE = (1980, 1, 1, 0, 0, 0)
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: Parts holding a worksheet's cells.
SHEET_PARTS = "xl/worksheets/sheet"
#: A cell element without content (``<c .../>`` or ``<c ...></c>``), and a value type on it.
_EMPTY_CELL = re.compile(rb"<(?P<tag>(?:[\w.-]+:)?c)\b[^<>]*?(?:/>|>\s*</(?P=tag)\s*>)")
_VALUE_TYPE = re.compile(rb"""\s+t\s*=\s*(?:"[^"]*"|'[^']*')""")
#: The root element's tag as written, with its prefix if it has one.
_ROOT_TAG = re.compile(rb"<(?![?!])([\w.-]+:)?[\w.-]+")

_XML_NS = "http://www.w3.org/XML/1998/namespace"
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                                    "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _split(name: str) -> tuple[str | None, str]:
    return tuple(name[1:].split("}", 1)) if name.startswith("{") else (None, name)


def untyped_blanks(data: bytes) -> bytes:
    """A worksheet part whose cells without content carry no value type (``t="n"`` dropped)."""
    return _EMPTY_CELL.sub(lambda cell: _VALUE_TYPE.sub(b"", cell.group(0)), data)


def canonical_part(name: str, data: bytes) -> bytes:
    """One XML part, rewritten (see the module docstring): namespaces declared once on the
    root, in prefix order; the root's namespace the default one unless the part is a
    drawing or chart or its root had a prefix; a worksheet's blank cells untyped."""
    if name.startswith(SHEET_PARTS):
        data = untyped_blanks(data)
    root = ElementTree.fromstring(data)  # our own part, just written by openpyxl
    keep_prefixes = name.startswith(PREFIXED_PARTS) or _ROOT_TAG.search(data).group(1) is not None
    default = None if keep_prefixes else _split(root.tag)[0]
    by_uri = {uri: prefix for prefix, uri in PREFIXES.items()}
    prefixes: dict[str, str] = {}
    for element in root.iter():
        for qualified, attribute in ((element.tag, False), *((key, True) for key in element.attrib)):
            uri = _split(qualified)[0]
            if uri not in (None, _XML_NS) and (attribute or uri != default) and uri not in prefixes:
                prefixes[uri] = by_uri.get(uri, f"ns{len(prefixes)}")

    def qualified_name(qualified: str, attribute: bool) -> str:
        uri, local = _split(qualified)
        if uri is None or (uri == default and not attribute):
            return local
        return f"{'xml' if uri == _XML_NS else prefixes[uri]}:{local}"

    out: list[str] = []

    def write(element, declarations: str) -> None:
        tag = qualified_name(element.tag, False)
        attributes = "".join(f' {qualified_name(key, True)}="{value.translate(_ATTRIBUTE_ESCAPES)}"'
                             for key, value in element.attrib.items())
        out.append(f"<{tag}{declarations}{attributes}")
        if element.text or len(element):
            out.append(">" + (element.text or "").translate(_TEXT_ESCAPES))
            for child in element:
                write(child, "")
            out.append(f"</{tag}>")
        else:
            out.append("/>")
        out.append((element.tail or "").translate(_TEXT_ESCAPES))

    declarations = (f' xmlns="{default}"' if default else "") + "".join(
        f' xmlns:{prefix}="{uri}"' for uri, prefix in sorted(prefixes.items(), key=lambda item: item[1]))
    write(root, declarations)
    return _DECLARATION + "".join(out).encode("utf-8")


def canonical(package: bytes) -> bytes:
    """A saved workbook (zip bytes) with every XML part rewritten and fixed entry dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith((".xml", ".rels")):
                data = canonical_part(info.filename, data)
            entry = zipfile.ZipInfo(info.filename, date_time=ENTRY_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, data)
    return out.getvalue()


def save_untyped_blanks(workbook: Workbook, filename) -> None:
    """Any openpyxl workbook (a template filled in by a program) saved to ``filename`` with its
    blank cells untyped (:func:`untyped_blanks`); its other parts as openpyxl wrote them."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, untyped_blanks(data) if info.filename.startswith(SHEET_PARTS) else data)
    with open(filename, "wb") as handle:
        handle.write(out.getvalue())


class TemplateWorkbook(Workbook):
    """An openpyxl workbook whose :meth:`save` writes :func:`canonical` bytes."""

    def save(self, filename) -> None:
        buffer = io.BytesIO()
        super().save(buffer)
        write_to(filename, canonical(buffer.getvalue()))
