"""Profiles: one freelancer's numbers a row, the columns they must have, and reading them from files.

:mod:`.schema` holds the columns and their rules, :mod:`.reading` reads a
CSV, XLSX or JSON file into a table of them (through :mod:`.readers`, one
module per question a file raises), and :mod:`.samples` makes random valid
profiles for benchmarks and tests.
"""

from .reading import read_profile_file, read_profiles
from .schema import (
                     BY_NAME,
                     COLUMNS,
                     NUMERIC,
                     PLAN_BUILD_HOURS,
                     PLAN_MONTHS,
                     REQUIRED,
                     RISK_COLUMNS,
                     Column,
                     missing_columns,
                     require_columns,
                     unknown_columns,
)

__all__ = ["BY_NAME", "COLUMNS", "NUMERIC", "PLAN_BUILD_HOURS", "PLAN_MONTHS", "REQUIRED", "RISK_COLUMNS", "Column",
           "missing_columns", "read_profile_file", "read_profiles", "require_columns", "unknown_columns"]
