"""Property: any profile table written in any supported dialect reads back equal to the original.

Dialects are what Excel and people write: separator ``,`` ``;`` or tab, decimal
mark ``.`` or ``,`` (a ``,``-separated file quotes its decimal commas), encoding
UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1252, fractions as
``0.25`` or ``25%``, money with or without thousands separators and a
currency symbol, and blank rows left below the table.
"""

from __future__ import annotations

import csv
import io

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlincome.profiles import read_profile_file

NAMES = ["Ana Ruiz", "José Müller", "Zoë Lefèvre", "François", "Jürgen Groß", "  Bo", "O'Neil", "Ruiz, Ana",
         "Søren Ærø", 'Quote "Q"', "Cy;Semi", "1001"]
MONEY = ["business_costs", "personal_costs", "cash"]
FRACTIONS = ["tax_rate", "margin"]
COUNTS = ["hours_per_week", "units_per_month"]

#: Cents and basis points: exact in the text and, once parsed, equal to the value written.
money = st.integers(0, 10**9).map(lambda cents: cents / 100)
fraction = st.integers(0, 9999).map(lambda basis_points: basis_points / 10000)
count = st.integers(1, 10**5).map(float)


@st.composite
def profiles(draw):
    rows = draw(st.integers(1, 6))
    table = {"name": draw(st.lists(st.sampled_from(NAMES), min_size=rows, max_size=rows))}
    for column in MONEY:
        table[column] = draw(st.lists(money, min_size=rows, max_size=rows))
    for column in FRACTIONS:
        table[column] = draw(st.lists(fraction, min_size=rows, max_size=rows))
    for column in COUNTS:
        table[column] = draw(st.lists(count, min_size=rows, max_size=rows))
    return table


dialects = st.fixed_dictionaries({
    "sep": st.sampled_from([",", ";", "\t"]),
    "decimal": st.sampled_from([".", ","]),
    "encoding": st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    "percent": st.booleans(),
    "grouping": st.booleans(),
    "currency": st.sampled_from(["", "$", "€ ", " EUR"]),
    "blank_rows": st.integers(0, 3),
})


def typed(value: float, decimal: str, grouping: bool) -> str:
    """A number as a person types it: ``1500.5``, ``1,500.50``, ``1.500,50``."""
    text = f"{value:,.2f}" if grouping else repr(value)
    if decimal == ",":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def write(table: dict, dialect: dict) -> bytes:
    decimal, sep = dialect["decimal"], dialect["sep"]
    handle = io.StringIO()
    writer = csv.writer(handle, delimiter=sep, lineterminator="\r\n")
    writer.writerow(list(table))
    for position in range(len(table["name"])):
        row = []
        for column, values in table.items():
            value = values[position]
            if column == "name":
                row.append(value)
            elif column in FRACTIONS and dialect["percent"]:
                row.append(typed(round(value * 100, 2), decimal, False) + "%")
            elif column in MONEY:
                amount = typed(value, decimal, dialect["grouping"])
                currency = dialect["currency"]
                row.append(currency + amount if currency in ("$", "€ ") else amount + currency)
            else:
                row.append(typed(value, decimal, False))
        writer.writerow(row)
    for _ in range(dialect["blank_rows"]):
        writer.writerow([""] * len(table))
    return handle.getvalue().encode(dialect["encoding"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=profiles(), dialect=dialects)
def test_any_profile_table_in_any_dialect_reads_back_equal(tmp_path, table, dialect):
    path = tmp_path / "profiles.csv"
    path.write_bytes(write(table, dialect))
    # A ","-separated file with a decimal comma and no number showing it beyond doubt
    # (every number whole) is read with a decimal point: the same numbers.
    frame = read_profile_file(path).frame
    assert frame["name"].tolist() == table["name"]
    assert list(frame.index) == list(range(2, 2 + len(table["name"])))
    for column in [*MONEY, *FRACTIONS, *COUNTS]:
        assert frame[column].dtype == np.float64, (column, frame[column].tolist())
        np.testing.assert_allclose(frame[column].to_numpy(), table[column], rtol=1e-15, atol=0, err_msg=column)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=profiles(), typed_as_text=st.booleans(), kind=st.sampled_from(["xlsx", "json"]))
def test_any_profile_table_in_a_workbook_or_json_reads_back_equal(tmp_path, table, typed_as_text, kind):
    """Cells hold numbers, or the same numbers typed as text (``25%``, ``$1,500.00``)."""
    import json

    import openpyxl

    def cell(column, value):
        if column == "name" or not typed_as_text:
            return value
        if column in FRACTIONS:
            return typed(round(value * 100, 2), ".", False) + "%"
        return "$" + typed(value, ".", True) if column in MONEY else typed(value, ".", False)

    records = [{column: cell(column, values[position]) for column, values in table.items()}
               for position in range(len(table["name"]))]
    path = tmp_path / f"profiles.{kind}"
    if kind == "json":
        path.write_text(json.dumps(records))
    else:
        book = openpyxl.Workbook()
        book.active.append(list(table))
        for record in records:
            book.active.append(list(record.values()))
        book.save(path)
    frame = read_profile_file(path).frame
    assert frame["name"].tolist() == table["name"]
    for column in [*MONEY, *FRACTIONS, *COUNTS]:
        np.testing.assert_allclose(frame[column].to_numpy(dtype=float), table[column], rtol=1e-15, atol=0,
                                   err_msg=column)
