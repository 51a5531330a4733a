"""The table of functions: one entry per model function, every face built from it.

Each entry holds the Excel name, the Python implementation (from which the
argument names, defaults and domain rules are read, so they cannot drift),
a one-line description of the function and of every argument (with its
unit), what the result is, the native-formula template the workbooks use,
and the acceptance examples (keyword arguments, expected result).  The xlwings UDFs, the template workbooks and
the function reference in ``docs/`` are generated from :data:`FUNCTIONS`;
adding a function is adding one entry here.
"""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass, field
from typing import Any, Callable

from . import model
from .model.rules import Interval


class _Required:
    """Marker for an argument without a default."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED = _Required()

#: The module the xlwings add-ins import the Excel functions from: what ``xlincome excel
#: setup`` writes into xlwings' "UDF Modules" setting, what the templates' ``xlwings.conf``
#: sheet names and what xlwings Lite's ``main.py`` imports (:mod:`xlincome.udfs`).
UDF_MODULE = "xlincome.udfs"

#: How an argument is passed from a cell: one number per row, a range of
#: stream amounts, a range of stream kinds, or a word from a fixed list.
NUMBER, AMOUNTS, KINDS, CHOICE = "number", "amounts", "kinds", "choice"
#: What a function gives back: a number; months or the text "never"; text;
#: or whatever its ``result`` argument picks.
RETURNS_NUMBER, RETURNS_MONTHS, RETURNS_BY_RESULT = "number", "months", "by result"


@dataclass(frozen=True)
class Argument:
    """One argument of a model function, as every face presents it."""

    name: str
    doc: str
    default: Any
    kind: str
    rule: Interval | None = None
    choices: tuple[str, ...] = ()

    @property
    def optional(self) -> bool:
        return self.default is not REQUIRED


@dataclass(frozen=True)
class Function:
    """One model function and everything its faces need to present it."""

    excel_name: str
    python: Callable
    doc: str
    argument_docs: dict[str, str]
    returns: str
    examples: tuple[tuple[dict[str, Any], Any], ...]
    native: str | None = None
    kinds: dict[str, str] = field(default_factory=dict)
    #: Named sub-expressions of the native formula (``{investment}``, ``{share}``), in
    #: order: each may use the arguments and the parts before it.
    native_parts: dict[str, str] = field(default_factory=dict)
    #: For a function with a ``result`` choice: the native formula of each choice.
    native_results: dict[str, str] = field(default_factory=dict)
    #: Rules between arguments, as (spreadsheet condition TRUE when broken, message).
    native_checks: tuple[tuple[str, str], ...] = ()
    #: The formula of the helper cell beside each row of a range argument (what a
    #: stream row counts as), over ``{kind}`` and ``{amount}`` of that row; the
    #: native formula reads those cells as ``{counts_as}``.
    native_row: str | None = None
    #: For a function with a ``result`` choice: what a choice returns, where it differs from ``returns``.
    result_returns: dict[str, str] = field(default_factory=dict)
    #: The ``result`` choice that gives one profile's table (a header row, then one row per item).
    table_result: str | None = None
    #: The workbooks' defined name of the headline result, where it is not the Python name.
    result_name: str | None = None

    def returns_for(self, result: Any) -> str:
        """What the function returns for the ``result`` choice (``returns`` when it has none)."""
        return self.result_returns.get(result, self.returns)

    @property
    def name(self) -> str:
        """The Python name; also the workbooks' defined name of the result unless ``result_name`` is set."""
        return self.python.__name__

    @property
    def workbook_name(self) -> str:
        """The defined name under which the workbooks show this function's result."""
        return self.result_name or self.name

    @property
    def arguments(self) -> tuple[Argument, ...]:
        """The arguments in signature order, with defaults and rules from the model."""
        domain = getattr(self.python, "domain", {})
        out = []
        for parameter in inspect.signature(self.python).parameters.values():
            default = REQUIRED if parameter.default is inspect.Parameter.empty else parameter.default
            kind = self.kinds.get(parameter.name, NUMBER)
            choices = _CHOICES.get((self.name, parameter.name), ())
            out.append(Argument(parameter.name, self.argument_docs[parameter.name], default,
                                kind, domain.get(parameter.name), choices))
        return tuple(out)

    def __call__(self, **kwargs: Any) -> Any:
        return self.python(**kwargs)


_CHOICES = {
    ("hybrid_mix", "result"): model.MIX_RESULTS,
    ("hybrid_mix", "kinds"): model.KINDS,
    ("phase_status", "result"): model.PHASE_RESULTS,
    ("transition_plan", "result"): model.PLAN_RESULTS,
    ("plan_risk", "result"): model.RISK_RESULTS,
}

_WEEKS_DOC = "Working weeks per year, (0, 52]; blank: 48 (four weeks off)."
_PRODUCT_DOCS = {
    "build_hours": "Total hours to build the product, >= 0.",
    "hourly_rate": "Value of an hour: the client rate given up, money per hour, >= 0.",
    "price": "Price of one unit, money, > 0.",
    "fee_rate": "Platform and payment fees, fraction of the price in [0, 1) (0.05 or 5%); blank: 0.",
    "monthly_costs": "Running costs of the product, money per month, >= 0; blank: 0.",
    "maintenance_hours": "Upkeep, hours per month, >= 0; blank: 0.",
    "upfront_costs": "Cash spent to build it, money, >= 0; blank: 0.",
}
#: The floor's fractions, as REVENUE_FLOOR and TRANSITION_PLAN describe them.
_FLOOR_DOCS = {
    "tax_rate": "Tax on income, fraction in [0, 1) (0.25 or 25%); blank: 0.",
    "margin": "Comfort margin on top, fraction in [0, 1] (0.10 or 10%, not 10); blank: 0.",
}
#: The seed's example portfolio (active-vs-semi-passive's hybrid income table).
_SEED_MIX = {"amounts": [8000, 2500, 1500, 1000], "kinds": ["consulting", "toolkit", "workshop", "subscription"]}


def excel_text(text: str) -> str:
    """A spreadsheet string literal: ``"text"`` with inner quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


#: What the helper cell beside each row of a stream table says the row counts as:
#: active or scalable income, a blank row (no kind, no amount), an amount without
#: a kind, or a kind the model does not know.  The mix formulas add up amounts
#: with SUMIF over these cells and count the bad rows with COUNTIF, so no
#: engine has to evaluate a function over a range in array context.
COUNTS_AS = {"active": "active", "scalable": "scalable", "blank": "blank", "no_kind": "no kind",
             "unknown": "unknown"}

#: Constants the native formulas use, filled into their ``{placeholders}``: the
#: words of the "counts as" helper cells (``{as_active}`` is ``"active"``).
NATIVE_CONSTANTS = {f"as_{key}": excel_text(word) for key, word in COUNTS_AS.items()}


def _one_of(texts: tuple[str, ...]) -> str:
    """TRUE when the trimmed kind is one of ``texts`` (``=`` ignores case in every engine, like the model)."""
    return "OR(" + ",".join(f"{{kind}}={excel_text(text)}" for text in texts) + ")"


#: The "counts as" helper cell of one stream row, over ``{kind}`` (the row's kind,
#: trimmed) and ``{amount}`` (its amount cell).
_COUNTS_AS_ROW = (
    f'IF({{kind}}="",IF(ISNUMBER({{amount}}),{{as_no_kind}},{{as_blank}}),'
    f"IF({_one_of(model.ACTIVE_KINDS)},{{as_active}},"
    f"IF({_one_of(model.SCALABLE_KINDS)},{{as_scalable}},{{as_unknown}})))"
)


def _kind_total(counts_as: str) -> str:
    """The amounts of the rows whose helper cell says ``counts_as``: a plain SUMIF."""
    return f"SUMIF({{counts_as}},{{{counts_as}}},{{amounts}})"


def _g(value: float) -> str:
    return f"{value:g}"


_LOW, _HIGH = (excel_text(status) for status in model.MIX_STATUSES[::2])
_PHASE = (
    f"IF(OR({{total}}<{{revenue_floor}},AND({{share}}<{_g(model.ENTRY_SHARE)},{{service_income}}<{{revenue_floor}})),0,"
    f"IF({{share}}<{_g(model.ENTRY_SHARE)},1,"
    f"IF(OR({{months_sustained}}<{_g(model.SUSTAIN_SCALE)},{{reserve_months}}<{_g(model.RESERVE_SCALE)}),2,"
    f"IF(AND({{share}}>={_g(model.HYBRID_SHARE)},{{months_sustained}}>={_g(model.SUSTAIN_HYBRID)},"
    f"{{reserve_months}}>={_g(model.RESERVE_HYBRID)},{{calm}}),4,3))))"
)
_STEP = {key: excel_text(text) for key, text in model.NEXT_STEPS.items()}
_NEXT = (
    f"CHOOSE({{phase}}+1,"
    f"IF({{total}}<{{revenue_floor}},{_STEP['total_floor']},{_STEP['service_floor']}),"
    f"{_STEP['entry_share']},"
    f"IF({{months_sustained}}<{_g(model.SUSTAIN_SCALE)},{_STEP['sustain_scale']},{_STEP['reserve_scale']}),"
    f"IF({{share}}<{_g(model.HYBRID_SHARE)},{_STEP['hybrid_share']},"
    f"IF({{months_sustained}}<{_g(model.SUSTAIN_HYBRID)},{_STEP['sustain_hybrid']},"
    f"IF({{reserve_months}}<{_g(model.RESERVE_HYBRID)},{_STEP['reserve_hybrid']},{_STEP['volatility']}))),"
    f"{_STEP['none']})"
)
_INVESTMENT = "({build_hours}*{hourly_rate}+{upfront_costs})"
_NET = "({price}*{units_per_month}*(1-{fee_rate})-{monthly_costs}-{maintenance_hours}*{hourly_rate})"

#: MODEL.md's ``kw1``: $100/hour, 30 hours, a 120-hour course built at 8 hours a week, cut to 20 hours.
PLAN_KW1 = dict(hourly_rate=100, hours_per_week=30, build_hours=120, build_hours_per_week=8, price=79,
                units_per_month=50, business_costs=1500, personal_costs=4500, cash=18000, tax_rate=0.25,
                margin=0.10, fee_rate=0.05, monthly_costs=100, maintenance_hours=4, ramp_months=3,
                target_hours_per_week=20)
#: MODEL.md's ``kw2``: the seed's 120-hour course at $150, 30 sales a month, no target.
PLAN_KW2 = dict(hourly_rate=150, hours_per_week=20, build_hours=120, build_hours_per_week=8, price=99,
                units_per_month=30, business_costs=1500, personal_costs=3600, cash=21000, tax_rate=0.25,
                margin=0.10)

#: TRANSITION_PLAN's arguments as every face describes them (PLAN_RISK takes them all).
_PLAN_DOCS = {
    "hourly_rate": "Client hourly rate, money per hour, > 0 (also values the product's hours).",
    "hours_per_week": "Client hours per week before the plan, > 0.",
    "build_hours": "Total hours to build the product, >= 0 (0: already built).",
    "build_hours_per_week": "Client hours per week moved into building it, >= 0.",
    "price": "Price of one unit, money, > 0.",
    "units_per_month": "Units sold per month once sales have ramped up, >= 0.",
    "business_costs": "Fixed business costs, money per month, >= 0.",
    "personal_costs": "Personal living costs (after tax), money per month, >= 0; "
                      "with business_costs, > 0.",
    "cash": "Savings at the start, money, >= 0; blank: 0.",
    **_FLOOR_DOCS,
    "fee_rate": _PRODUCT_DOCS["fee_rate"],
    "monthly_costs": _PRODUCT_DOCS["monthly_costs"],
    "maintenance_hours": _PRODUCT_DOCS["maintenance_hours"],
    "upfront_costs": "Cash spent to build it, money, paid in month 1, >= 0; blank: 0.",
    "ramp_months": "Months of sales until units_per_month is reached, >= 1; blank: 1.",
    "target_hours_per_week": "Client hours per week to cut to once it is safe, >= 0; "
                             "blank: never cut.",
    "weeks_per_year": _WEEKS_DOC,
    "months": "Months to simulate, a whole number in [1, 120]; blank: 24.",
}
#: PLAN_RISK's own arguments: the spreads, the client loss, how many futures, which ones.
_RISK_DOCS = {
    "client_cv": "Spread of each month's client income around the usual (coefficient of variation), "
                 "in [0, 10]; blank: 0.30 (30%).",
    "sales_cv": "Spread of each month's sales around the plan's, in [0, 10]; blank: 0.30.",
    "launch_cv": "Spread of how well the product does, drawn once per future, in [0, 10]; blank: 0.50.",
    "client_loss": "Chance per month of losing the largest client, fraction in [0, 1]; blank: 0.",
    "loss_share": "Share of client income lost while that client is gone, in [0, 1]; blank: 0.5.",
    "loss_months": "Months a client loss lasts, a whole number in [1, 120]; blank: 3.",
    "trials": "Futures to simulate, a whole number in [1, 100000]; blank: 1000.",
    "seed": "Which futures: a whole number in [0, 2147483648); the same seed, the same numbers; blank: 1.",
}

FUNCTIONS: tuple[Function, ...] = (
    Function(
        excel_name="SERVICE_INCOME",
        python=model.service_income,
        doc="Monthly income from billable client hours.",
        argument_docs={
            "rate": "Hourly rate, money per hour, > 0.",
            "hours_per_week": "Billable hours per week, > 0.",
            "weeks_per_year": _WEEKS_DOC,
        },
        returns=RETURNS_NUMBER,
        examples=(({"rate": 125, "hours_per_week": 30}, 15000),),
        native="{rate}*{hours_per_week}*{weeks_per_year}/12",
    ),
    Function(
        excel_name="REVENUE_FLOOR",
        python=model.revenue_floor,
        doc="Minimum monthly revenue covering business costs, personal costs after tax, and a margin.",
        argument_docs={
            "business_costs": "Fixed business costs, money per month, >= 0.",
            "personal_costs": "Personal living costs (after tax), money per month, >= 0.",
            **_FLOOR_DOCS,
        },
        returns=RETURNS_NUMBER,
        examples=(({"business_costs": 1500, "personal_costs": 3600, "tax_rate": 0.25, "margin": 0.10}, 6930),),
        native="({business_costs}+{personal_costs}/(1-{tax_rate}))*(1+{margin})",
    ),
    Function(
        excel_name="PRODUCT_BREAKEVEN",
        python=model.product_breakeven,
        doc="Months until a product repays the client hours it cost to build (\"never\" if it never does).",
        argument_docs={**_PRODUCT_DOCS, "units_per_month": "Units sold per month, >= 0."},
        returns=RETURNS_MONTHS,
        examples=(
            ({"build_hours": 120, "hourly_rate": 150, "price": 99, "units_per_month": 30}, 200 / 33),
            ({"build_hours": 80, "hourly_rate": 125, "price": 79, "units_per_month": 50, "fee_rate": 0.05,
              "monthly_costs": 120, "maintenance_hours": 4, "upfront_costs": 500}, 10500 / 3132.5),
            ({"build_hours": 100, "hourly_rate": 100, "price": 10, "units_per_month": 5,
              "monthly_costs": 100}, math.inf),
        ),
        native=f'IF({_NET}>0,{_INVESTMENT}/{_NET},{excel_text(model.NEVER)})',
        native_parts={"investment": _INVESTMENT, "monthly_net": _NET},
    ),
    Function(
        excel_name="BREAKEVEN_UNITS",
        python=model.breakeven_units,
        doc="Units to sell per month to repay a product's build within a horizon.",
        argument_docs={**_PRODUCT_DOCS, "horizon_months": "Months in which to break even, > 0."},
        returns=RETURNS_NUMBER,
        examples=(({"build_hours": 120, "hourly_rate": 150, "price": 99, "horizon_months": 12}, 15.151515151515152),),
        native=(f"({_INVESTMENT}/{{horizon_months}}+{{monthly_costs}}"
                "+{maintenance_hours}*{hourly_rate})/({price}*(1-{fee_rate}))"),
    ),
    Function(
        excel_name="HYBRID_MIX",
        python=model.hybrid_mix,
        doc="Scalable share of income against the healthy 30-40% band: share, status, gap or a table.",
        argument_docs={
            "amounts": "Monthly revenue of each income stream (a range), money per month, >= 0.",
            "kinds": "Kind of each stream (a range the size of amounts), e.g. consulting, course, saas.",
            "target_low": "Low end of the healthy scalable share, fraction in [0, 1); blank: 0.30.",
            "target_high": "High end of the healthy scalable share, fraction in [0, 1]; blank: 0.40.",
            "result": "What to return: share, status, gap or table; blank: share.",
        },
        returns=RETURNS_BY_RESULT,
        examples=(
            (_SEED_MIX, 7 / 26),
            ({**_SEED_MIX, "result": "status"}, "below target"),
            ({**_SEED_MIX, "result": "gap"}, 4000 / 7),
        ),
        kinds={"amounts": AMOUNTS, "kinds": KINDS, "result": CHOICE},
        native_parts={
            "active": _kind_total("as_active"),
            "scalable": _kind_total("as_scalable"),
            "share": "{scalable}/({active}+{scalable})",
        },
        native_results={
            "share": "{share}",
            "status": f'IF({{share}}<{{target_low}},{_LOW},IF({{share}}>{{target_high}},{_HIGH},'
                      f'{excel_text(model.MIX_STATUSES[1])}))',
            "gap": "MAX(0,{target_low}*{active}/(1-{target_low})-{scalable})",
        },
        native_checks=(
            ("COUNTIF({counts_as},{as_no_kind})>0", "kinds must be given for every amount"),
            ("{target_low}>{target_high}", "target_low must be <= target_high"),
            ("{active}+{scalable}<=0", "amounts must have a positive total"),
        ),
        native_row=_COUNTS_AS_ROW,
    ),
    Function(
        excel_name="EFFECTIVE_STREAMS",
        python=model.effective_streams,
        doc="How many equal, independent income streams the portfolio is worth (inverse HHI).",
        argument_docs={"amounts": "Monthly revenue of each income stream (a range), money per month, >= 0."},
        returns=RETURNS_NUMBER,
        examples=(({"amounts": _SEED_MIX["amounts"]}, 169 / 73.5),),
        kinds={"amounts": AMOUNTS},
        # 1 / sum of squared shares = (sum of amounts)^2 / sum of squared amounts.
        native="SUM({amounts})^2/SUMSQ({amounts})",
        native_checks=(("SUM({amounts})<=0", "amounts must have a positive total"),),
    ),
    Function(
        excel_name="PHASE_STATUS",
        python=model.phase_status,
        doc="Phase of the move from client work to a hybrid business (0-4), its label, or the next step.",
        argument_docs={
            "service_income": "Active (client) income, money per month, >= 0.",
            "product_income": "Scalable (product) income, money per month, >= 0.",
            "revenue_floor": "The revenue floor, money per month, >= 0.",
            "months_sustained": "Months in a row the product share has been >= 20%; blank: 0.",
            "reserve_months": "Months of costs the cash reserves cover; blank: 0.",
            "volatility": "Coefficient of variation of monthly income, >= 0; blank: not checked.",
            "result": "What to return: label, phase or next; blank: label.",
        },
        returns=RETURNS_BY_RESULT,
        examples=(
            ({"service_income": 10000, "product_income": 0, "revenue_floor": 6000},
             "Phase 1: Build and test product"),
            ({"service_income": 4000, "product_income": 500, "revenue_floor": 6000, "result": "phase"}, 0),
        ),
        kinds={"result": CHOICE},
        native_parts={
            "total": "{service_income}+{product_income}",
            "share": "{product_income}/({total})",
            # A blank volatility (an empty cell, or "" from a formula) is not checked.
            "calm": f'OR({{volatility}}="",{{volatility}}<={_g(model.VOLATILITY_LIMIT)})',
            "phase": _PHASE,
        },
        native_results={
            "phase": "{phase}",
            "label": "CHOOSE({phase}+1," + ",".join(excel_text(title) for title in model.PHASE_TITLES) + ")",
            "next": _NEXT,
        },
        native_checks=(("{total}<=0", "service_income plus product_income must be > 0"),),
    ),
    Function(
        excel_name="REQUIRED_RATE",
        python=model.required_rate,
        doc="Hourly rate that reaches a monthly income target.",
        argument_docs={
            "target_income": "Income target, money per month, >= 0.",
            "hours_per_week": "Billable hours per week, > 0.",
            "weeks_per_year": _WEEKS_DOC,
        },
        returns=RETURNS_NUMBER,
        examples=(({"target_income": 12000, "hours_per_week": 25}, 120),),
        native="{target_income}*12/({hours_per_week}*{weeks_per_year})",
    ),
    Function(
        excel_name="HOURS_NEEDED",
        python=model.hours_needed,
        doc="Billable hours per week that reach a monthly income target at a rate.",
        argument_docs={
            "target_income": "Income target, money per month, >= 0.",
            "rate": "Hourly rate, money per hour, > 0.",
            "weeks_per_year": _WEEKS_DOC,
        },
        returns=RETURNS_NUMBER,
        examples=(({"target_income": 12000, "rate": 150}, 20),),
        native="{target_income}*12/({rate}*{weeks_per_year})",
    ),
    Function(
        excel_name="RESERVE_MONTHS",
        python=model.reserve_months,
        doc="Months of costs that cash reserves cover (keep three to six).",
        argument_docs={
            "cash": "Cash reserves, money, >= 0.",
            "monthly_costs": "Costs to cover, money per month, > 0.",
        },
        returns=RETURNS_NUMBER,
        examples=(({"cash": 21000, "monthly_costs": 6000}, 3.5),),
        native="{cash}/{monthly_costs}",
    ),
    Function(
        excel_name="TRANSITION_PLAN",
        python=model.transition_plan,
        result_name="plan_table",
        doc="Month by month: build a product in client hours, launch it, cut client work when safe.",
        argument_docs={
            **_PLAN_DOCS,
            "result": "What to return: table (blank: the month table with its header), launch, breakeven, "
                      "rebalance, lowest_cash, below_floor, final_share or final_phase.",
        },
        returns=RETURNS_BY_RESULT,
        examples=(
            ({**PLAN_KW1, "result": "launch"}, 5),
            ({**PLAN_KW1, "result": "breakeven"}, 9),
            ({**PLAN_KW1, "result": "rebalance"}, 10),
            ({**PLAN_KW1, "result": "lowest_cash"}, 18975),
            ({**PLAN_KW1, "result": "final_share"}, 3652.5 / 11652.5),
            ({**PLAN_KW1, "result": "final_phase"}, "Phase 4: Optimize hybrid structure"),
            ({**PLAN_KW2, "result": "launch"}, 5),
            ({**PLAN_KW2, "result": "breakeven"}, 11),
            ({**PLAN_KW2, "result": "rebalance"}, math.inf),
            ({**PLAN_KW2, "result": "below_floor"}, 0),
            ({**PLAN_KW2, "result": "final_share"}, 2970 / 14970),
            ({**PLAN_KW2, "result": "final_phase"}, "Phase 1: Build and test product"),
        ),
        kinds={"result": CHOICE},
        result_returns={"launch": RETURNS_MONTHS, "breakeven": RETURNS_MONTHS, "rebalance": RETURNS_MONTHS},
        table_result="table",
    ),
    Function(
        excel_name="PLAN_RISK",
        python=model.plan_risk,
        result_name="risk_ruin",
        doc="The plan's odds over many futures of client and sales months: the share in which the "
            "savings run out, and bands of savings.",
        argument_docs={
            **_PLAN_DOCS,
            **_RISK_DOCS,
            "result": "What to return: ruin (blank: the share of futures whose savings run out), below_floor, "
                      "rebalance, cash_p10, cash_p50, cash_p90, lowest_p10 or table (the month bands with "
                      "their header).",
        },
        returns=RETURNS_BY_RESULT,
        examples=(
            ({**PLAN_KW1, "client_cv": 0, "sales_cv": 0, "launch_cv": 0, "result": "cash_p50"}, 95473.125),
            ({**PLAN_KW1, "client_cv": 0, "sales_cv": 0, "launch_cv": 0, "result": "lowest_p10"}, 18975),
            ({**PLAN_KW1, "result": "ruin"}, 0),
            ({**PLAN_KW1, "result": "lowest_p10"}, 15837.41592918025),
            ({**PLAN_KW1, "cash": 6000, "client_loss": 0.05}, 0.092),
        ),
        kinds={"result": CHOICE},
        table_result="table",
    ),
)


#: The same entries by Excel name and by Python name.
BY_EXCEL_NAME = {function.excel_name: function for function in FUNCTIONS}
BY_NAME = {function.name: function for function in FUNCTIONS}
