"""Spilling formulas in a saved workbook: Excel's dynamic-array mark on an array formula's cell.

openpyxl writes an array formula (``<f t="array" ref="A1:K25">``) as a
legacy (Ctrl+Shift+Enter) one.  Excel 365 and IronCalc spill a formula only
when its cell also points at the dynamic-array cell metadata (``cm="1"``,
the ``XLDAPR`` type of ``xl/metadata.xml``), which is what Excel itself
writes for a formula that spills.  :func:`mark_dynamic` adds both.
"""

from __future__ import annotations

import io
import re
import zipfile

_METADATA = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
    '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" '
    'pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" '
    'coerce="1" cellMeta="1"/></metadataTypes><futureMetadata name="XLDAPR" count="1"><bk><extLst>'
    '<ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/>'
    '</ext></extLst></bk></futureMetadata><cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata>'
    '</metadata>'
)
_RELATIONSHIP = ('<Relationship Id="rIdSpill" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 'relationships/sheetMetadata" Target="metadata.xml"/>')
_CONTENT_TYPE = ('<Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.spreadsheetml.sheetMetadata+xml"/>')


def mark_dynamic(data: bytes) -> bytes:
    """``data`` (an .xlsx) with every array formula's cell marked as spilling."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            text = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                text = re.sub(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f t="array"', rb'<c r="\1"\2 cm="1"><f t="array"', text)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                text = text.replace(b"</Relationships>", _RELATIONSHIP.encode() + b"</Relationships>")
            elif info.filename == "[Content_Types].xml":
                text = text.replace(b"</Types>", _CONTENT_TYPE.encode() + b"</Types>")
            target.writestr(info, text)
        target.writestr(zipfile.ZipInfo("xl/metadata.xml", date_time=(1980, 1, 1, 0, 0, 0)), _METADATA)
    return out.getvalue()
