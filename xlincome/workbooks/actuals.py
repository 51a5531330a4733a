"""Logging actual months into the Tracker sheet of a workbook, leaving the rest as it is.

``xlincome actuals --into WORKBOOK.xlsx`` writes each month's service
income, product income and (where a bank statement gave it) month-end cash
into the Tracker's log, Month 1 first, through the defined names
``tracker_service_income``, ``tracker_product_income`` and ``tracker_cash``
that ``income_plan.xlsx`` and ``transition_tracker.xlsx`` carry.  The
workbook is read as untrusted zip parts (:mod:`xlincome.files.xlsx_parts`);
only the cells written change in the Tracker's sheet part: every other part
keeps its bytes, except that formulas lose their cached results and the
workbook is marked to recompute on opening (as :mod:`.personalize` does),
so no reader shows a phase of the months before.  The file is written whole
or not at all (:mod:`xlincome.files.writing`); months already logged are
never written over unless ``force``.
"""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_to_tuple

from ..files.writing import write_atomically
from ..files.xlsx_parts import MAIN_NS, WORKBOOK_PART, UnreadableWorkbook, parse_xml, read_parts, sheet_parts
from .personalize import CELL_PATTERN, number_text, recalculate_on_open, without_cached_result

#: Month table column -> the defined name of the Tracker column it goes into.
TARGETS = {"service_income": "tracker_service_income", "product_income": "tracker_product_income",
           "cash": "tracker_cash"}
_ROW = re.compile(r"<(?P<tag>(?:[A-Za-z_][\w.-]*:)?row)\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=tag)>)", re.DOTALL)
_REF = re.compile(r"""\br\s*=\s*["']([A-Z]+)(\d+)["']""")
_ROW_NUMBER = re.compile(r"""\br\s*=\s*["'](\d+)["']""")
_STYLE = re.compile(r"""\bs\s*=\s*["'](\d+)["']""")
_VALUE = re.compile(r"<(?:[\w.-]+:)?(?:v|is)\b[^>]*>\s*\S", re.DOTALL)


class TrackerError(ValueError):
    """The workbook cannot take the months; the message says why and what to do."""


@dataclass(frozen=True)
class Filled:
    """What was written: how many months, whether a month-end cash was among them, and the months
    whose income was negative (refunds over sales), logged as 0 (the Tracker's rule: income >= 0)."""

    months: int
    cash: bool
    negative: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Column:
    part: str
    column: str
    rows: tuple[int, ...]


def _log_columns(parts: dict[str, bytes], name: str) -> dict[str, _Column]:
    sheets = sheet_parts(parts)
    workbook = parse_xml(parts[WORKBOOK_PART], WORKBOOK_PART)
    found = {}
    for element in workbook.iter(f"{{{MAIN_NS}}}definedName"):
        wanted = element.get("name")
        if wanted not in TARGETS.values() or element.get("localSheetId") is not None or not element.text:
            continue
        sheet, (min_col, min_row, max_col, max_row) = range_to_tuple(element.text.strip())
        if sheet in sheets and min_col == max_col:
            found[wanted] = _Column(sheets[sheet], get_column_letter(min_col), tuple(range(min_row, max_row + 1)))
    missing = [target for target in TARGETS.values() if target not in found]
    if missing:
        raise TrackerError(f"{name} has no Tracker log to fill (no defined name {', '.join(missing)}); give an "
                           "income_plan or transition_tracker workbook made by xlincome (xlincome templates)")
    return found


def fill_tracker(path: Path, months: pd.DataFrame, *, force: bool = False) -> Filled:
    """Write ``months`` (the month table of :func:`xlincome.profiles.actuals.read_actuals`) into the
    Tracker of the workbook at ``path``, Month 1 first; return what was written.

    Raises
    ------
    TrackerError
        When the workbook has no Tracker log, the months do not fit in it, or months already logged
        would be written over without ``force``.
    """
    path = Path(path)
    name = path.name
    if not len(months):
        raise TrackerError("no month to log: the files gave no month (check --from and --to)")
    try:
        infos, parts = read_parts(path)
        columns = _log_columns(parts, name)
    except UnreadableWorkbook as error:
        raise TrackerError(str(error)) from None
    service, product, cash = (columns[TARGETS[key]] for key in ("service_income", "product_income", "cash"))
    capacity = len(service.rows)
    if len(months) > capacity:
        raise TrackerError(f"{name}'s Tracker holds {capacity} months, the files give {len(months)} "
                           f"({months['month'].iloc[0]} to {months['month'].iloc[-1]}); choose at most "
                           f"{capacity} with --from and --to")
    if len({service.part, product.part, cash.part}) != 1:
        raise TrackerError(f"{name}: the Tracker's columns are not on one sheet")
    part = service.part
    text = parts[part].decode("utf-8")
    logged = [number + 1 for number in range(len(months))
              if _has_value(text, service.column, service.rows[number])
              or _has_value(text, product.column, product.rows[number])]
    if logged and not force:
        shown = ", ".join(f"Month {number}" for number in logged[:6]) + (" ..." if len(logged) > 6 else "")
        raise TrackerError(f"{name} already has {shown} logged; pass --force to write over them")
    values: dict[tuple[str, int], float] = {}
    has_cash = False
    negative = []
    for number, record in enumerate(months.itertuples(index=False)):
        if record.service_income < 0 or record.product_income < 0:
            negative.append(record.month)
        values[(service.column, service.rows[number])] = max(0.0, float(record.service_income))
        values[(product.column, product.rows[number])] = max(0.0, float(record.product_income))
        if not (record.cash is None or math.isnan(record.cash)):
            values[(cash.column, cash.rows[number])] = float(record.cash)
            has_cash = True
    new_parts = dict(parts)
    new_parts[part] = _with_values(text, values).encode("utf-8")
    for other in set(sheet_parts(parts).values()):
        new_parts[other] = CELL_PATTERN.sub(without_cached_result, new_parts[other].decode("utf-8")).encode("utf-8")
    new_parts[WORKBOOK_PART] = recalculate_on_open(parts[WORKBOOK_PART].decode("utf-8")).encode("utf-8")

    def write(temporary: Path) -> None:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for info in infos:
                fresh = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                fresh.compress_type = zipfile.ZIP_DEFLATED
                fresh.external_attr = info.external_attr
                archive.writestr(fresh, new_parts[info.filename])

    write_atomically(path, write, overwrite=True)
    return Filled(len(months), has_cash, tuple(negative))


def _cells(text: str):
    """(column, row, match) of every cell of a sheet part."""
    for match in CELL_PATTERN.finditer(text):
        found = _REF.search(match.group("attrs"))
        if found:
            yield found.group(1), int(found.group(2)), match


def _has_value(text: str, column: str, row: int) -> bool:
    for found_column, found_row, match in _cells(text):
        if (found_column, found_row) == (column, row):
            body = match.group("body")
            return body is not None and bool(_VALUE.search(body))
    return False


def _cell_xml(tag: str, column: str, row: int, style: str | None, value: float) -> str:
    styled = f' s="{style}"' if style is not None else ""
    return f'<{tag} r="{column}{row}"{styled}><{tag[:-1]}v>{number_text(value)}</{tag[:-1]}v></{tag}>'


def _with_values(text: str, values: dict[tuple[str, int], float]) -> str:
    """The sheet part with ``values`` in their cells: an existing cell keeps its style and loses its
    old content; a missing cell is added to its row, in column order (a missing row is added too)."""
    pending = dict(values)
    out, start = [], 0
    for column, row, match in _cells(text):
        if (column, row) in pending:
            style = _STYLE.search(match.group("attrs"))
            out.append(text[start:match.start()])
            out.append(_cell_xml(match.group("tag"), column, row, style.group(1) if style else None,
                                 pending.pop((column, row))))
            start = match.end()
    out.append(text[start:])
    text = "".join(out)
    if pending:
        text = _insert_cells(text, pending)
    return text


def _insert_cells(text: str, pending: dict[tuple[str, int], float]) -> str:
    by_row: dict[int, list[tuple[str, float]]] = {}
    for (column, row), value in pending.items():
        by_row.setdefault(row, []).append((column, value))
    prefix = re.search(r"<([\w.-]+:)?sheetData\b", text)
    ns = prefix.group(1) or "" if prefix else ""
    out, start = [], 0
    for match in _ROW.finditer(text):
        number = _ROW_NUMBER.search(match.group("attrs"))
        row = int(number.group(1)) if number else None
        if row not in by_row:
            continue
        body = match.group("body") or ""
        cells = [(column_index_from_string(c), m.group(0)) for c, _, m in _cells(body)]
        cells += [(column_index_from_string(column), _cell_xml(f"{ns}c", column, row, None, value))
                  for column, value in by_row.pop(row)]
        cells.sort(key=lambda item: item[0])
        out.append(text[start:match.start()])
        out.append(f"<{match.group('tag')}{match.group('attrs')}>{''.join(xml for _, xml in cells)}"
                   f"</{match.group('tag')}>")
        start = match.end()
    out.append(text[start:])
    text = "".join(out)
    if by_row:  # rows the part has not at all: added before the end of sheetData, in row order
        rows = "".join(f'<{ns}row r="{row}">' + "".join(_cell_xml(f"{ns}c", column, row, None, value)
                                                        for column, value in sorted(cells)) + f"</{ns}row>"
                       for row, cells in sorted(by_row.items()))
        closing = f"</{ns}sheetData>"
        if closing in text:
            text = text.replace(closing, rows + closing, 1)
        else:
            text = re.sub(rf"<{re.escape(ns)}sheetData\s*/>", f"<{ns}sheetData>{rows}</{ns}sheetData>", text, count=1)
    return text
