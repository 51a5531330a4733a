"""Reading profile files: CSV, XLSX and JSON, with the row numbers a user sees."""

import json

import pandas as pd
import pytest

from xlincome import batch
from xlincome.errors import InputError
from xlincome.profiles import REQUIRED, read_profiles, unknown_columns

ROW = {"name": "Ana", "business_costs": 1500, "personal_costs": 3600, "hourly_rate": 125,
       "hours_per_week": 30, "build_hours": 120, "price": 99, "units_per_month": 30}


def test_csv_rows_are_numbered_as_in_a_spreadsheet(tmp_path):
    path = tmp_path / "p.csv"
    pd.DataFrame([ROW, {**ROW, "price": "n/a"}]).to_csv(path, index=False)
    frame = read_profiles(path)
    assert list(frame.index) == [2, 3]
    assert batch.validate(frame)[["row", "column"]].values.tolist() == [[3, "price"]]


def test_xlsx_and_json_read_the_same_profiles(tmp_path):
    pd.DataFrame([ROW]).to_excel(tmp_path / "p.xlsx", index=False)
    (tmp_path / "p.json").write_text(json.dumps([ROW]))
    from_xlsx = batch.evaluate(read_profiles(tmp_path / "p.xlsx"))
    from_json = batch.evaluate(read_profiles(tmp_path / "p.json"))
    assert from_xlsx.revenue_floor.iloc[0] == from_json.revenue_floor.iloc[0] == 5100
    assert list(from_json.index) == [1]


def test_example_file_has_every_required_column_and_only_known_ones():
    frame = read_profiles("examples/profiles.csv")
    assert set(REQUIRED) <= set(frame.columns)
    assert unknown_columns(frame) == []
    assert len(frame) >= 10
    assert batch.validate(frame).empty


@pytest.mark.parametrize("name, content", [
    ("p.txt", "name\nAna\n"),
    ("p.json", '{"name": "Ana"}'),
    ("p.json", "[{\"name\": "),
    ("p.xlsx", "this is not a workbook"),
])
def test_unreadable_files_raise_the_package_error(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InputError):
        read_profiles(path)


def test_docs_list_every_column_and_result():
    from pathlib import Path

    from xlincome.batch import RESULTS
    from xlincome.profiles import COLUMNS

    text = Path("docs/profiles.md").read_text()
    for name in [column.name for column in COLUMNS] + list(RESULTS):
        assert f"| `{name}` |" in text, name


def test_a_name_typed_as_a_number_becomes_text_and_other_non_text_names_are_bad_rows(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([{**ROW, "name": 42}, {**ROW, "name": True}, {**ROW, "name": ["a"]},
                                {**ROW, "name": 1001.0}]))
    frame = read_profiles(path)
    assert frame["name"].tolist()[::3] == ["42", "1001"]
    problems = batch.validate(frame)
    assert problems[["row", "column", "rule"]].values.tolist() == [[2, "name", "must be text"],
                                                                   [3, "name", "must be text"]]


def test_a_column_named_twice_is_refused(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("name,price,units_per_month,price\nAna,99,30,79\n")
    with pytest.raises(InputError, match="must name each column once, got price twice"):
        read_profiles(path)
