"""Fuzzing the Excel functions through xlwings' own Office.js dispatcher.

Every call goes through ``xlwings.server.custom_functions_call`` with the
arguments as the JSON of a hostile workbook could carry them: ragged and
mixed-depth ranges, empty ranges, numbers beyond a float (400-digit
integers, NaN, infinity), texts with markup and control characters, very
long texts, error and rich-value dicts, blanks, and too few or too many
arguments.  Whatever comes in (hypothesis):

- no exception escapes the dispatcher, and no reply holds a traceback;
- every reply is plain JSON (no NaN, no infinity), a list of rows of
  numbers and texts, and no text is longer than a cell holds (32,767);
- the rows whose cells are all valid give what the model gives for them.

``tests/conftest.py`` switches xlwings to the Office.js runtime.
"""

from __future__ import annotations

import asyncio
import json
import math
import sys

import pytest
import xlwings as xw
import xlwings.server
from hypothesis import example, given, settings
from hypothesis import strategies as st

from xlincome import InputError, model
from xlincome.excel import cells, udfs
from xlincome.errors import TooLargeError
from xlincome.functions import BY_EXCEL_NAME, CHOICE, FUNCTIONS

pytestmark = pytest.mark.skipif(xw.func is not xlwings.server.func,
                                reason="xlwings was imported before tests/conftest.py set XLWINGS_ON_SERVER")

CELL_LIMIT = 32_767
FUZZ = settings(max_examples=300, deadline=None)
#: The functions of one result per row of their ranges.
NUMBER_FUNCTIONS = [BY_EXCEL_NAME[name] for name in (
    "SERVICE_INCOME", "REVENUE_FLOOR", "PRODUCT_BREAKEVEN", "BREAKEVEN_UNITS", "PHASE_STATUS", "REQUIRED_RATE",
    "HOURS_NEEDED", "RESERVE_MONTHS")]


def dispatch(excel_name: str, args: list) -> list:
    """One formula through the dispatcher; the reply checked for what Excel can take."""
    data = {
        "func_name": excel_name, "args": args, "caller_address": "Sheet1!A1",
        "version": xw.__version__, "client": "Office.js", "runtime": "1.4",
        "culture_info_name": "en-US", "date_format": "M/d/yyyy",
    }
    reply = asyncio.run(xlwings.server.custom_functions_call(data, udfs))
    assert json.loads(json.dumps(reply, allow_nan=False)) == reply
    assert isinstance(reply, list) and reply and all(isinstance(row, list) and row for row in reply)
    for row in reply:
        for cell in row:
            assert cell is None or isinstance(cell, (int, float, str)) and not isinstance(cell, bool)
            if isinstance(cell, str):
                assert len(cell) <= CELL_LIMIT and "Traceback (most recent call last)" not in cell
    return reply


HOSTILE_TEXTS = ["[/]", "Di [/red]", "[link=file:///etc/passwd]click[/link]", "\x1b[2J", "=1+1", "\r=1+1",
                 "<script>x</script>", "\x00\x07\u202e", "\ud800", "x" * 40_000, "é" * 33_000]
ERROR_CELLS = [{"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"},
               {"type": "Error", "basicValue": "x" * 40_000}, {"type": "Error"},
               {"type": "Error", "basicValue": [[1]]}]
RICH_CELLS = [{"type": "Double", "basicValue": 5}, {"type": "Entity", "text": "x", "properties": {}},
              {"type": "String", "basicValue": "course"}, {"basicValue": {"basicValue": 1}}, {}]
class JsNull:
    """Stands for Pyodide's ``JsNull`` (xlwings Lite's blank inside a range) where Pyodide is absent."""

    def __repr__(self) -> str:
        return "null"


cell_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10 ** 400), 10 ** 400),
    st.sampled_from([0, 1, -5, 30, 1e308, 5e-324, -2146826246, None, "", True, False, JsNull()]),
    st.text(max_size=12),
    st.sampled_from(HOSTILE_TEXTS + ERROR_CELLS + RICH_CELLS + list(model.KINDS) + list(model.MIX_RESULTS)),
)


def _deep(depth: int) -> list:
    value: object = 1.0
    for _ in range(depth):
        value = [value]
    return value  # type: ignore[return-value]


arguments = st.one_of(
    st.none(),
    cell_values,
    st.lists(st.lists(cell_values, min_size=1, max_size=3), min_size=1, max_size=4),  # ragged more often than not
    st.lists(st.one_of(cell_values, st.lists(cell_values, max_size=2)), max_size=4),  # mixed depth
    st.builds(lambda width, height, value: [[value] * width] * height,
              st.integers(1, 3), st.integers(1, 3), cell_values),
    st.builds(_deep, st.integers(3, 60)),
    st.sampled_from([[], [[]], [[], []], [[[[]]]]]),
)


@FUZZ
@given(st.sampled_from(FUNCTIONS), st.data())
def test_hostile_arguments_never_escape_the_dispatcher(function, data):
    count = data.draw(st.integers(0, len(function.arguments) + 2), label="count")
    args = [data.draw(arguments, label=f"arg{i}") for i in range(count)]
    dispatch(function.excel_name, args)


# ---- the valid part of the input gives the model's result ----------------------------------

valid_numbers = st.one_of(st.sampled_from([0.0, 5e-324, 1e-300, 0.5, 1.0, 30.0, 125.0, 1e300, 1e308,
                                           sys.float_info.max]),
                          st.floats(0, sys.float_info.max), st.integers(0, 10 ** 6))
row_cells = st.one_of(valid_numbers, valid_numbers, valid_numbers, cell_values)


def _read_as(cell):
    """A cell as the functions read it: a rich value as its plain value, a blank as None."""
    if isinstance(cell, dict) and cell.get("type") != "Error" and "basicValue" in cell:
        cell = cell["basicValue"]
    return None if cell == "" else cell


def _plain_number(cell) -> bool:
    """A number a float holds (a cell the functions compute with)."""
    if type(cell) is int:
        return abs(cell) <= sys.float_info.max and cell not in cells.COM_ERRORS
    return type(cell) is float and math.isfinite(cell)


def expected_cell(function, row: dict):
    """What the model gives for one row of plain numbers and blanks: a cell value or a message."""
    kwargs = {}
    for argument in function.arguments:
        cell = _read_as(row[argument.name])
        if type(cell) in (int, float) and cell == 0 and udfs._zero_is_blank(argument):
            cell = None  # a blank that arrives as 0 (docs/excel.md)
        if argument.kind == CHOICE:
            if cell is not None:
                kwargs[argument.name] = cell
        elif cell is None:
            if not argument.optional:
                return InputError
        elif not _plain_number(cell):
            return InputError
        else:
            kwargs[argument.name] = cell
    try:
        return cells.value(function(**kwargs), function.returns)
    except TooLargeError:
        return cells.TOO_LARGE
    except InputError:
        return InputError


@FUZZ
@given(st.sampled_from(NUMBER_FUNCTIONS), st.integers(1, 4), st.data())
def test_each_row_of_a_column_equals_the_model(function, height, data):
    columns = {}
    for argument in function.arguments:
        if argument.kind == CHOICE:
            columns[argument.name] = data.draw(st.sampled_from([None, *argument.choices]), label=argument.name)
        else:
            columns[argument.name] = data.draw(st.lists(row_cells, min_size=height, max_size=height),
                                               label=argument.name)
    args = [(None if columns[argument.name] is None else [[columns[argument.name]]]) if argument.kind == CHOICE
            else [[cell] for cell in columns[argument.name]] for argument in function.arguments]
    reply = dispatch(function.excel_name, args)
    assert len(reply) == height
    for index, [cell] in enumerate(reply):
        row = {name: (values if isinstance(values, str) or values is None else values[index])
               for name, values in columns.items()}
        expected = expected_cell(function, row)
        if expected is InputError:
            # a bad cell: a message naming one of the arguments (its wording is the rule's)
            assert isinstance(cell, str) and cell.split(" ")[0] in columns, cell
        elif isinstance(expected, str):
            assert cell == expected
        else:
            assert cell == pytest.approx(expected, rel=1e-12)


amounts_cells = st.one_of(valid_numbers, st.none(), cell_values)


def _as_the_face_reads(amounts: list, kinds: list) -> tuple[list, list]:
    """Streams with the blanks-as-0 rules the face applies (docs/excel.md, "Blank cells that
    arrive as 0"): a kind that is the number 0 is a blank kind, and a stream whose amount is 0
    and whose kind is blank is an empty row."""
    kinds = [None if type(kind) in (int, float) and kind == 0 else kind for kind in kinds]
    amounts = [None if kind is None and type(amount) in (int, float) and amount == 0 else amount
               for amount, kind in zip(amounts, kinds)]
    return amounts, kinds


@FUZZ
@given(st.lists(st.tuples(amounts_cells, st.one_of(st.sampled_from(model.KINDS), cell_values)),
                min_size=1, max_size=5),
       st.sampled_from([None, *model.MIX_RESULTS]))
@example(streams=[(0.0, None)], result=None)  # a 0 with no kind is an empty row: no streams at all
@example(streams=[(0, 0), (5.0, "course")], result=None)  # a kind 0 is a blank kind: the first row is empty
def test_a_portfolio_equals_the_model(streams, result):
    amounts = [amount for amount, _ in streams]
    kinds = [kind for _, kind in streams]
    reply = dispatch("HYBRID_MIX", [[[a] for a in amounts], [[k] for k in kinds], None, None,
                                    None if result is None else [[result]]])
    amounts, kinds = _as_the_face_reads([_read_as(a) for a in amounts], [_read_as(k) for k in kinds])
    plain = all(a is None or _plain_number(a) for a in amounts) and all(
        k is None or isinstance(k, str) for k in kinds)
    if not plain:
        assert len(reply) == 1 and isinstance(reply[0][0], str)
        return
    try:
        expected = model.hybrid_mix(amounts, kinds, result=result or "share")
    except InputError as error:
        assert reply == [[cells.message(error.worded(udfs._in_range))]]
        return
    function = BY_EXCEL_NAME["HYBRID_MIX"]
    if isinstance(expected, dict):
        assert [row[0] for row in reply] == list(expected)
        expected_cells = [cells.value(value, function.returns) for value in expected.values()]
        assert [row[1] for row in reply] == pytest.approx(expected_cells, rel=1e-12) if all(
            isinstance(v, float) for v in expected_cells) else [row[1] for row in reply] == expected_cells
    else:
        [[cell]] = reply
        assert cell == (pytest.approx(expected, rel=1e-12) if isinstance(expected, float) else expected)


@FUZZ
@given(st.lists(amounts_cells, min_size=1, max_size=5))
def test_effective_streams_equals_the_model(amounts):
    reply = dispatch("EFFECTIVE_STREAMS", [[[a] for a in amounts]])
    amounts = [_read_as(a) for a in amounts]
    if not all(a is None or _plain_number(a) for a in amounts):
        assert len(reply) == 1 and reply[0][0].startswith("amounts ")
        return
    try:
        expected = model.effective_streams(amounts)
    except InputError as error:
        assert reply == [[error.worded(udfs._in_range)]]
        return
    assert reply == [[pytest.approx(expected, rel=1e-12)]]


def test_ragged_range_is_an_error_not_two_rows():
    assert dispatch("SERVICE_INCOME", [[[100], [200, 300]], [[30]], None]) == [
        ["rate must be a rectangular range, got rows of 1 to 2 cells"]]
