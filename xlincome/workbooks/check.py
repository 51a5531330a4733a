"""Reading a filled template back: its inputs through their defined names, the model's
results for them, and whether the workbook's stored headline results agree.

A workbook that comes back from Excel, LibreOffice or Google Sheets is untrusted
input.  Its zip is read with a bound on the uncompressed size and its XML parsed
with :mod:`defusedxml` (:mod:`xlincome.files.xlsx_parts`); only the cells that the
defined names point at are read, streaming through each sheet.  The stored value
of a result cell is what the spreadsheet last computed (or what someone typed
over the formula); it is compared with :func:`xlincome.batch.evaluate` for the
inputs found, to 1e-9 relative.

The mix results (scalable share, status, gap, effective streams) count every
stream of the workbook's stream table (defined names ``amounts`` and
``kinds``): its first rows are the two streams the batch evaluation counts
(:data:`LINKED_KINDS`), recomputed from the inputs; the rows below are streams
the user added, read as stored.  The phase counts ``product_income`` only, as
in the batch evaluation.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import pandas as pd
from defusedxml.ElementTree import iterparse
from openpyxl.utils.cell import get_column_letter, range_to_tuple

from .. import batch, model
from ..errors import InputError
from ..files.xlsx_parts import (
    MAIN_NS,
    PACKAGE_REL_NS,
    WORKBOOK_PART,
    WORKBOOK_RELS,
    CellName,
    UnreadableWorkbook,
    cell_names,
    parse_xml,
    read_parts,
    sheet_parts,
)
from ..profiles.schema import NUMERIC, missing_columns
from .personalize import PROFILE_NAME

#: Relative tolerance of the comparison between a stored result and the model.
RELATIVE_TOLERANCE = 1e-9
#: Absolute tolerance, for results that are zero (a gap already closed).
ABSOLUTE_TOLERANCE = 1e-9
#: Text a workbook shows for a product that never breaks even (``math.inf`` in Python).
NEVER = model.NEVER

_SHARED_STRINGS_TYPE = "/sharedStrings"
#: Defined names of the stream table: one amount and one kind per row.
STREAM_NAMES = ("amounts", "kinds")
#: Kinds of the first rows of the stream table, linked to the service income and
#: ``product_income``: the two streams :func:`xlincome.batch.evaluate` counts.
LINKED_KINDS = ("service", "product")
#: Batch result column -> the key of :func:`xlincome.model.hybrid_mix`'s table giving it.
MIX_RESULTS = {"scalable_share": "share", "mix_status": "status", "mix_gap": "gap",
               "effective_streams": "effective streams"}
#: Most cells a stream table's defined name may cover (the income plan has 12 rows).
MAX_STREAM_CELLS = 1000


@dataclass(frozen=True)
class StoredCell:
    """A cell as the file holds it: its last computed (or typed) value, and whether it is a formula."""

    value: object
    formula: bool


@dataclass(frozen=True)
class ResultCheck:
    """One headline result: the model's value, the workbook's, and whether they agree.

    ``agrees`` is ``None`` when the workbook holds no stored value (never
    recalculated since it was generated).
    """

    column: str
    defined_name: str
    model: object
    stored: object
    formula: bool
    agrees: bool | None


@dataclass(frozen=True)
class CheckReport:
    """What ``xlincome check`` found in one workbook."""

    path: Path
    name: object
    inputs: dict[str, object]
    problems: pd.DataFrame
    results: tuple[ResultCheck, ...]
    #: Streams the user added below the linked rows of the stream table, counted in the mix results.
    added_streams: int = 0

    @property
    def disagreements(self) -> tuple[ResultCheck, ...]:
        return tuple(result for result in self.results if result.agrees is False)

    @property
    def uncalculated(self) -> tuple[ResultCheck, ...]:
        """Results the workbook holds no stored value for (never calculated)."""
        return tuple(result for result in self.results if result.agrees is None)


def check_workbook(path: str | Path, result_names: Mapping[str, str]) -> CheckReport:
    """Read the workbook at ``path`` and hold its stored results against the model.

    Parameters
    ----------
    path : path
        A filled template (``.xlsx``).
    result_names : mapping
        Batch result column (:data:`xlincome.batch.RESULTS`) -> defined name
        of the workbook cell that computes it; names the workbook lacks are
        not checked.

    Raises
    ------
    UnreadableWorkbook
        For anything that is not a readable workbook (not a zip, truncated,
        a zip bomb, unsafe XML) or a workbook without the inputs' defined names.
    """
    path = Path(path)
    _, parts = read_parts(path)
    names = cell_names(parts)
    streams = range_cells(parts, STREAM_NAMES)
    wanted = [names[name] for name in (PROFILE_NAME, *NUMERIC, *result_names.values()) if name in names]
    cells = read_cells(parts, wanted + [cell for table in streams.values() for cell in table])
    inputs = {column: cells[column].value for column in NUMERIC if column in cells}
    name = cells[PROFILE_NAME].value if PROFILE_NAME in cells else path.stem
    frame = pd.DataFrame([{"name": name, **inputs}], index=pd.Index([1], name="row"))
    missing = missing_columns(frame)
    if missing:
        raise UnreadableWorkbook(f"{path.name} is not a filled income plan: it has no defined names for"
                                 f" {', '.join(missing)}")
    results = batch.evaluate(frame)
    problems = results.attrs["problems"]
    added = 0
    if not len(problems) and len(streams) == len(STREAM_NAMES):
        stored = {name: [cells[cell.name].value if cell.name in cells else None for cell in table]
                  for name, table in streams.items()}
        problems, added = _mix_over_every_stream(frame, results, stored, streams)
    checks = []
    if not len(problems):
        for column, defined in result_names.items():
            if defined in cells:
                model_value = results.iloc[0][column]
                stored = cells[defined]
                checks.append(ResultCheck(column, defined, model_value, stored.value, stored.formula,
                                          agrees(model_value, stored.value)))
    return CheckReport(path, name, inputs, problems, tuple(checks), added)


def _mix_over_every_stream(frame: pd.DataFrame, results: pd.DataFrame, stored: dict[str, list],
                           streams: dict[str, list[CellName]]) -> tuple[pd.DataFrame, int]:
    """Set the mix results of ``results`` to the model's over the linked streams (from the
    inputs) and the added ones (as stored); the problems of the added streams, and their number."""
    numbers, _ = batch.checked_numbers(frame)
    linked = len(LINKED_KINDS)
    amounts = [float(results.iloc[0]["service_income"]), float(numbers["product_income"][0])]
    amounts += stored["amounts"][linked:]
    kinds = list(LINKED_KINDS) + stored["kinds"][linked:]
    try:
        table = model.hybrid_mix(amounts, kinds, numbers["target_low"][0], numbers["target_high"][0],
                                 result="table")
    except InputError as error:
        where, value = "", None
        if error.argument in streams and error.position is not None:
            cell = streams[error.argument][error.position[-1]]
            where, value = f" at {cell.sheet}!{cell.ref}", stored[error.argument][error.position[-1]]
        problem = pd.DataFrame({"row": frame.index[:1], "column": f"{error.argument}{where}", "value": [value],
                                "rule": error.rule})
        return problem, 0
    for column, key in MIX_RESULTS.items():
        results.loc[results.index[0], column] = table[key]
    return results.attrs["problems"], sum(amount is not None for amount in amounts[linked:])


def range_cells(parts: dict[str, bytes], wanted: tuple[str, ...]) -> dict[str, list[CellName]]:
    """The cells of each wanted workbook-level defined name of a range, row by row.

    Raises :class:`UnreadableWorkbook` for a name covering more than
    :data:`MAX_STREAM_CELLS` cells.
    """
    sheets = sheet_parts(parts)
    workbook = parse_xml(parts[WORKBOOK_PART], WORKBOOK_PART)
    found: dict[str, list[CellName]] = {}
    for element in workbook.iter(f"{{{MAIN_NS}}}definedName"):
        name = element.get("name")
        if name not in wanted or element.get("localSheetId") is not None or not element.text:
            continue
        try:
            sheet, (min_col, min_row, max_col, max_row) = range_to_tuple(element.text.strip())
        except ValueError:
            continue
        if sheet not in sheets or None in (min_col, min_row, max_col, max_row):
            continue
        if (max_col - min_col + 1) * (max_row - min_row + 1) > MAX_STREAM_CELLS:
            raise UnreadableWorkbook(f"the defined name {name} covers more than {MAX_STREAM_CELLS} cells")
        found[name] = [CellName(f"{name}!{get_column_letter(column)}{row}", sheet, sheets[sheet],
                                f"{get_column_letter(column)}{row}")
                       for row in range(min_row, max_row + 1) for column in range(min_col, max_col + 1)]
    return found


def agrees(model_value: object, stored: object) -> bool | None:
    """Whether a stored cell value is the model's result (``None``: nothing stored).

    >>> agrees(6930.0, 6930.000000001), agrees(6930.0, 6931.0), agrees(float("inf"), "never")
    (True, False, True)
    """
    if stored is None:
        return None
    if isinstance(model_value, str):
        return isinstance(stored, str) and stored.strip() == model_value
    if isinstance(stored, bool) or not isinstance(stored, (int, float)):
        return math.isinf(model_value) and isinstance(stored, str) and stored.strip().lower() == NEVER
    return math.isclose(stored, float(model_value), rel_tol=RELATIVE_TOLERANCE, abs_tol=ABSOLUTE_TOLERANCE)


def read_cells(parts: dict[str, bytes], wanted: list[CellName]) -> dict[str, StoredCell]:
    """The stored value of every wanted cell, by defined name, streaming through each sheet once."""
    by_part: dict[str, dict[str, list[str]]] = {}
    for cell in wanted:
        by_part.setdefault(cell.part, {}).setdefault(cell.ref, []).append(cell.name)
    shared = _SharedStrings(parts)
    found: dict[str, StoredCell] = {}
    for part, refs in by_part.items():
        for ref, cell in _stream_cells(parts[part], part, refs, shared):
            for name in refs[ref]:
                found[name] = cell
    return found


def _stream_cells(data: bytes, part: str, refs: Mapping[str, list[str]], shared: "_SharedStrings"):
    cell_tag, row_tag = f"{{{MAIN_NS}}}c", f"{{{MAIN_NS}}}row"
    try:
        for _, element in iterparse(io.BytesIO(data), events=("end",)):
            if element.tag == cell_tag and element.get("r") in refs:
                yield element.get("r"), StoredCell(_value(element, shared),
                                                   element.find(f"{{{MAIN_NS}}}f") is not None)
            elif element.tag == row_tag:
                element.clear()
    except UnreadableWorkbook:
        raise
    except Exception as error:  # ParseError and defusedxml's EntitiesForbidden, DTDForbidden, ...
        raise UnreadableWorkbook(f"part {part} is not safe, well-formed XML ({error})") from None


def _value(cell, shared: "_SharedStrings") -> object:
    """A cell's stored value: float, text, bool, an error text such as ``#DIV/0!``, or ``None``."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(f"{{{MAIN_NS}}}is")
        return None if inline is None else _text(inline)
    stored = cell.find(f"{{{MAIN_NS}}}v")
    if stored is None or stored.text is None:
        return None
    if kind == "s":
        try:
            index = int(stored.text)
        except ValueError:
            raise UnreadableWorkbook(f"cell {cell.get('r')} refers to shared string {stored.text[:40]!r},"
                                     " which is not a number") from None
        return shared[index]
    if kind == "b":
        return stored.text.strip() == "1"
    if kind in ("str", "e"):
        return stored.text
    try:
        return float(stored.text)
    except ValueError:
        raise UnreadableWorkbook(f"cell {cell.get('r')} holds {stored.text[:40]!r} as a number") from None


def _text(item) -> str:
    """The text of a string item (``<si>`` or ``<is>``): plain or rich runs, without phonetic hints."""
    runs = item.findall(f"{{{MAIN_NS}}}t") + item.findall(f"{{{MAIN_NS}}}r/{{{MAIN_NS}}}t")
    return "".join(run.text or "" for run in runs)


class _SharedStrings:
    """The workbook's shared string table, parsed on first use."""

    def __init__(self, parts: dict[str, bytes]):
        self._parts = parts
        self._strings: list[str] | None = None

    def __getitem__(self, index: int) -> str:
        if self._strings is None:
            self._strings = self._load()
        if not 0 <= index < len(self._strings):
            raise UnreadableWorkbook(f"a cell refers to shared string {index}, which does not exist")
        return self._strings[index]

    def _load(self) -> list[str]:
        part = _shared_strings_part(self._parts)
        if part is None:
            return []
        root = parse_xml(self._parts[part], part)
        return [_text(item) for item in root.iter(f"{{{MAIN_NS}}}si")]


def _shared_strings_part(parts: dict[str, bytes]) -> str | None:
    relations = parse_xml(parts[WORKBOOK_RELS], WORKBOOK_RELS)
    for relation in relations.iter(f"{{{PACKAGE_REL_NS}}}Relationship"):
        if relation.get("Type", "").endswith(_SHARED_STRINGS_TYPE):
            target = relation.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return part if part in parts else None
    return None
