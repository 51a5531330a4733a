"""The freelancer profile: its columns and their rules.

A profile is one freelancer's numbers, one row of a table whose columns are
named after the model's arguments (see ``docs/profiles.md``); each column
takes the rule of the model argument it feeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import model
from ..errors import ProfileSchemaError
from ..model.rules import (
    FRACTION,
    NONNEGATIVE,
    OPTIONAL_NONNEGATIVE,
    POSITIVE,
    SHARE,
    WEEKS,
    Interval,
)


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
#: The columns of the plan's risk (``evaluate --risk``, ``plan --risk``): optional, each
#: with :func:`xlincome.model.plan_risk`'s rule and default.
RISK_COLUMNS: tuple[Column, ...] = tuple(
    Column(name, doc, model.plan_risk.domain[name], float(model.RISK_DEFAULTS[name]))
    for name, doc in (
        ("client_cv", "Spread of each month's client income around the usual (coefficient of variation)."),
        ("sales_cv", "Spread of each month's sales around the plan's (coefficient of variation)."),
        ("launch_cv", "Spread of how well the product does, drawn once per future."),
        ("client_loss", "Chance per month of losing the largest client, fraction in [0, 1]."),
        ("loss_share", "Share of client income lost while that client is gone, fraction in [0, 1]."),
        ("loss_months", "Months a client loss lasts, a whole number in [1, 120]."),
    )
)
BY_NAME = {column.name: column for column in COLUMNS + RISK_COLUMNS}
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
