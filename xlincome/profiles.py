"""The freelancer profile: its columns, their rules, and reading profile files.

A profile is one freelancer's numbers, one row of a table whose columns are
named after the model's arguments (see ``docs/profiles.md``).  Files may be
CSV (``,``, ``;`` or tab separated, any encoding Excel writes), XLSX or JSON
(a list of records, or pandas' ``records`` orientation); the readers live in
:mod:`xlincome.readers`.  Every reader numbers rows the way the user sees
them in the file: for CSV and XLSX the header is usually row 1, so the first
profile is row 2 (a title above the header moves both down); for JSON the
first record is row 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from . import model
from .model.rules import FRACTION, NONNEGATIVE, OPTIONAL_NONNEGATIVE, POSITIVE, SHARE, WEEKS, Interval
from .errors import InputError, ProfileSchemaError
from .readers import ProfileFile
from .readers.csv_file import read_csv
from .readers.dialect import DECIMALS, SEPARATORS
from .readers.json_file import read_json
from .readers.xlsx_file import read_xlsx


@dataclass(frozen=True)
class Column:
    """One column of the profile table.

    ``default`` is ``None`` for a required column; ``rule`` is ``None`` for text.
    """

    name: str
    doc: str
    rule: Interval | None = NONNEGATIVE
    default: Any = None

    @property
    def required(self) -> bool:
        return self.default is None and not (self.rule is not None and self.rule.blank_ok)


#: Months a profile's transition plan covers: the batch plan columns, the workbooks' Plan sheet.
PLAN_MONTHS = 36
#: Client hours a week moved into building a product when the profile does not say
#: (active-vs-semi-passive: "reserve 8 hours per week for creating a structured toolkit or course").
PLAN_BUILD_HOURS = 8.0

#: The profile schema, in the order the docs and the example file use.
COLUMNS: tuple[Column, ...] = (
    Column("name", "The freelancer's name (text); becomes the workbook title and file name.", rule=None),
    Column("business_costs", "Fixed business costs, money per month."),
    Column("personal_costs", "Personal living costs paid from after-tax income, money per month."),
    Column("tax_rate", "Tax on income, fraction in [0, 1) (0.25 or 25%).", FRACTION, 0.0),
    Column("margin", "Comfort margin on top of the floor, fraction in [0, 1] (0.10 or 10%).", SHARE, 0.0),
    Column("hourly_rate", "Client hourly rate, money per hour (also values product build hours).", POSITIVE),
    Column("hours_per_week", "Billable client hours per week.", POSITIVE),
    Column("weeks_per_year", "Working weeks per year, (0, 52].", WEEKS, float(model.WEEKS_PER_YEAR)),
    Column("build_hours", "Total hours to build the planned or current product."),
    Column("price", "Price of one unit of the product, money.", POSITIVE),
    Column("units_per_month", "Units sold (or expected) per month."),
    Column("fee_rate", "Platform and payment fees, fraction of the price in [0, 1).", FRACTION, 0.0),
    Column("monthly_costs", "Running costs of the product, money per month.", NONNEGATIVE, 0.0),
    Column("maintenance_hours", "Product upkeep, hours per month.", NONNEGATIVE, 0.0),
    Column("upfront_costs", "Cash spent to build the product, money.", NONNEGATIVE, 0.0),
    Column("horizon_months", "Months in which the product should break even.", POSITIVE, 12.0),
    Column("product_income", "Current scalable (product) income, money per month.", NONNEGATIVE, 0.0),
    Column("months_sustained", "Months in a row the product share has been >= 20 %.", NONNEGATIVE, 0.0),
    Column("cash", "Cash reserves, money.", NONNEGATIVE, 0.0),
    Column("volatility", "Coefficient of variation of monthly income; blank: not checked.",
           OPTIONAL_NONNEGATIVE),
    Column("target_low", "Low end of the healthy scalable share, fraction in [0, 1).", FRACTION, model.TARGET_LOW),
    Column("target_high", "High end of the healthy scalable share, fraction in [0, 1].", SHARE, model.TARGET_HIGH),
    Column("build_hours_per_week", "Client hours per week moved into building the product (the seed's 8).",
           NONNEGATIVE, PLAN_BUILD_HOURS),
    Column("ramp_months", "Months of sales until units_per_month is reached, >= 1.",
           model.transition_plan.domain["ramp_months"], 1.0),
    Column("target_hours_per_week", "Client hours per week to cut to once it is safe; blank: never cut.",
           OPTIONAL_NONNEGATIVE),
)
BY_NAME = {column.name: column for column in COLUMNS}
REQUIRED = tuple(column.name for column in COLUMNS if column.required)
NUMERIC = tuple(column.name for column in COLUMNS if column.rule is not None)


def missing_columns(frame: pd.DataFrame) -> list[str]:
    """Required columns the frame lacks, in schema order."""
    return [name for name in REQUIRED if name not in frame.columns]


def unknown_columns(frame: pd.DataFrame) -> list[str]:
    """Columns the schema does not know (ignored; reported once by the CLI)."""
    return [str(name) for name in frame.columns if name not in BY_NAME]


def require_columns(frame: pd.DataFrame) -> None:
    """Raise :class:`ProfileSchemaError` listing every missing required column."""
    missing = missing_columns(frame)
    if missing:
        raise ProfileSchemaError("profiles", "lack required columns", ", ".join(missing))


def read_profiles(path: str | Path, *, sep: str | None = None, decimal: str | None = None,
                  sheet: str | None = None) -> pd.DataFrame:
    """Read a CSV, XLSX or JSON profile file (see :func:`read_profile_file`); the table only."""
    return read_profile_file(path, sep=sep, decimal=decimal, sheet=sheet).frame


def read_profile_file(path: str | Path, *, sep: str | None = None, decimal: str | None = None,
                      sheet: str | None = None) -> ProfileFile:
    """Read a CSV, XLSX or JSON profile file as people really write them.

    The encoding, separator, decimal mark, header row and sheet are found
    (``sep``, ``decimal`` and ``sheet`` settle them when given); headers are
    matched loosely (``Hourly Rate`` is ``hourly_rate``); numbers typed as
    ``25%`` or ``€1.500,00`` become numbers; blank rows are left out.  A
    number column holding a cell that is no number stays as read, for
    :func:`xlincome.batch.validate` to report it by row and column.  The
    index is the row number the user sees in the file (see the module
    docstring); ``notices`` say what the user should be told once (an
    encoding other than UTF-8, headers matched loosely, ...).

    Raises
    ------
    InputError
        For a file that cannot be read as a profile table (unknown suffix,
        not a table, rows with more or fewer fields than the header, an
        ambiguous separator or decimal mark, malformed XLSX or JSON).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    known = [column.name for column in COLUMNS]
    numeric = {column.name: column.rule.percent for column in COLUMNS if column.rule is not None}
    text = [column.name for column in COLUMNS if column.rule is None]
    if sep is not None and sep not in SEPARATORS:
        raise InputError("--sep", "must be ',', ';' or tab", f"got {sep!r}")
    if decimal is not None and decimal not in DECIMALS:
        raise InputError("--decimal", "must be '.' or ','", f"got {decimal!r}")
    try:
        if suffix in (".csv", ".tsv", ".txt"):
            read = read_csv(path, known, numeric, text, sep, decimal)
        elif suffix in (".xlsx", ".xlsm"):
            read = read_xlsx(path, known, numeric, sheet, decimal)
        elif suffix == ".json":
            read = read_json(path, known, numeric, decimal)
        else:
            raise InputError("profiles", "must be a .csv (or .tsv, .txt), .xlsx or .json file",
                             f"got {path.name!r}")
    except (InputError, FileNotFoundError, PermissionError, IsADirectoryError):
        raise
    except Exception as error:  # pandas and openpyxl raise many kinds for a malformed file
        raise InputError("profiles", f"must be a readable {suffix[1:].upper()} table",
                         f"{path.name}: {error}") from None
    names = read.frame.get("name")
    if names is not None and pd.api.types.infer_dtype(names, skipna=True) not in ("string", "empty"):
        read.frame["name"] = names.map(_number_as_text)
    return read


def _number_as_text(value: Any) -> Any:
    """A name typed as a number (``1001`` in a spreadsheet cell, ``42`` in JSON) as its text."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return value
    return f"{value:g}" if isinstance(value, float) and value.is_integer() else str(value)


