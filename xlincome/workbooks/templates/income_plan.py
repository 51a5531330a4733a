"""``income_plan.xlsx``: every template in one workbook behind a dashboard,
the workbook ``xlincome generate`` personalizes for each profile.

The contract with batch generation: every numeric column of the profile
schema (:data:`xlincome.profiles.COLUMNS`) has one input cell holding a plain
constant, under a workbook-level defined name equal to the column's name;
``profile_name`` holds the person's name shown in the title; and the cells
named in :data:`RESULT_NAMES` compute what :func:`xlincome.batch.evaluate`
computes for the same profile.  A blank input of a profile column with a
default takes that default in every formula, as in the batch evaluation.
The computed floor feeds PHASE_STATUS.  The stream table (``amounts``,
``kinds``) starts with :data:`LINKED_STREAMS`, the two streams the batch
evaluation uses (service income from the hourly rate and hours, product
income); the streams the user adds below them count in the mix results
only, which ``xlincome check`` reproduces (:data:`xlincome.workbooks.check.LINKED_KINDS`).
"""

from __future__ import annotations

from ... import model
from ...functions import BY_NAME
from ...profiles import schema as profiles
from . import formulas, styles
from .book import Book, add_xlwings_conf
from .dashboard import LAST_COLUMN as DASHBOARD_LAST_COLUMN
from .dashboard import add_dashboard
from .formulas import Source
from .guide import add_guide
from .hybrid_mix import LAST_COLUMN as MIX_LAST_COLUMN
from .hybrid_mix import WIDTHS as MIX_WIDTHS
from .hybrid_mix import mix_sections
from .plan_sheet import EXAMPLE as PLAN_EXAMPLE
from .plan_sheet import LAST_COLUMN as PLAN_LAST_COLUMN
from .plan_sheet import WIDTHS as PLAN_WIDTHS
from .plan_sheet import plan_sections
from .product_breakeven import LAST_COLUMN as PRODUCT_LAST_COLUMN
from .product_breakeven import WIDTHS as PRODUCT_WIDTHS
from .product_breakeven import product_sections
from .revenue_floor import floor_sections
from .risk_sheet import GUIDE_LINE, add_risk_sheet
from .transition_tracker import WIDTHS as TRACKER_WIDTHS
from .transition_tracker import tracker_sections

#: Batch result column (:data:`xlincome.batch.RESULTS`) -> defined name of the
#: income_plan.xlsx cell that computes it.
RESULT_NAMES = {
    "revenue_floor": "revenue_floor",
    "service_income": "service_income",
    "required_rate": "required_rate",
    "hours_needed": "hours_needed",
    "reserve_months": "reserve_months",
    "product_breakeven": "product_breakeven",
    "breakeven_units": "breakeven_units",
    "scalable_share": "hybrid_mix",
    "mix_status": "mix_status",
    "mix_gap": "mix_gap",
    "effective_streams": "effective_streams",
    "phase": "phase_number",
    "phase_label": "phase_status",
    "next_step": "next_step",
    **{f"plan_{result}": f"plan_{result}" for result in model.PLAN_SUMMARIES},
}

#: The example profile the committed workbook carries (volatility blank: not checked).
EXAMPLE = {
    "business_costs": 1500, "personal_costs": 3600, "tax_rate": 0.25, "margin": 0.10,
    "hourly_rate": 125, "hours_per_week": 30, "weeks_per_year": model.WEEKS_PER_YEAR,
    "build_hours": 80, "price": 79, "units_per_month": 50, "fee_rate": 0.05, "monthly_costs": 120,
    "maintenance_hours": 4, "upfront_costs": 500, "horizon_months": 12,
    "product_income": 1200, "months_sustained": 2, "cash": 21000, "volatility": None,
    "target_low": model.TARGET_LOW, "target_high": model.TARGET_HIGH,
}
EXAMPLE_NAME = "Your name"
#: Profile column -> the value a blank input takes (:data:`xlincome.profiles.COLUMNS`).
BLANK_DEFAULTS = {column.name: column.default for column in profiles.COLUMNS
                  if column.rule is not None and column.default is not None}
#: The linked rows at the top of the Mix sheet's stream table: label, kind, formula
#: (a blank ``product_income`` reads as 0, its profile default).
LINKED_STREAMS = (
    ("Client work (Floor sheet)", "service", "=service_income"),
    ("Products (input above)", "product", formulas.checked("product_income", profiles.BY_NAME["product_income"].rule)),
)

def build(formulas_kind: str, risk: bool = True) -> Book:
    """The workbook; with ``risk`` its Risk sheet (the plan in 100 futures) and the Dashboard's odds too."""
    book = Book("Income plan", "Your freelance income plan: floor, product, mix and phase in one workbook.",
                formulas_kind)
    book.blank_defaults = dict(BLANK_DEFAULTS)
    dashboard = add_dashboard(book, name=EXAMPLE_NAME, horizon_default=BLANK_DEFAULTS["horizon_months"], risk=risk)

    floor = book.sheet("Floor", "Revenue floor", "The minimum monthly revenue that keeps you safe, and "
                       "reaching it with client work.", {"A": 34, "B": 16, "C": 62})
    floor_sections(book, floor, itemized=False, values=EXAMPLE)

    product = book.sheet("Product", "Product break-even", "When your product repays the client hours it "
                         "took to build, and what it must sell.", PRODUCT_WIDTHS)
    product_sections(book, product, values=EXAMPLE, own_rate=False)

    mix = book.sheet("Mix", "Hybrid income mix", "Client work and products against the healthy 30-40 % "
                     "scalable share.", MIX_WIDTHS)
    mix.section("Product income")
    mix.input("product_income", "Product income per month", EXAMPLE["product_income"], styles.MONEY,
              BY_NAME["phase_status"].python.domain["product_income"],
              BY_NAME["phase_status"].argument_docs["product_income"])
    mix.row += 1
    mix_sections(book, mix, streams=(), values=EXAMPLE, linked=LINKED_STREAMS)
    mix.row += 1
    mix.note("The first two rows link to your service income and product income; add other streams below them.")
    mix.note("Added streams count in the share, status, gap and effective streams; the phase uses product "
             "income only.")

    transition = book.sheet("Transition", "Transition phase", "Where you stand in the move from client "
                            "work to a hybrid business, and the one next step.", {"A": 34, "B": 44, "C": 50})
    _transition(book, transition)

    tracker = book.sheet("Tracker", "Transition tracker", "Log each month's income and cash; see the phase "
                         "month by month.", TRACKER_WIDTHS)
    tracker_sections(book, tracker, floor=Source("revenue_floor", computed=True),
                     costs=Source("total_costs", computed=True), log=(), headline_names=False, plan=True)

    plan = book.sheet("Plan", "Transition plan", "Month by month: build your product in client hours, launch "
                      "it, and cut client work only when it is safe.", PLAN_WIDTHS)
    checked = plan_sections(book, plan, own_inputs=False, values=PLAN_EXAMPLE)

    for sheet, landscape, last_column in ((dashboard, True, DASHBOARD_LAST_COLUMN), (floor, False, None),
                                          (product, True, PRODUCT_LAST_COLUMN), (mix, True, MIX_LAST_COLUMN),
                                          (transition, False, None), (tracker, True, None),
                                          (plan, True, PLAN_LAST_COLUMN)):
        sheet.finish(landscape=landscape, last_column=last_column)
    if risk:
        add_risk_sheet(book, checked)
    add_guide(book, [
        "Fill in the yellow cells of each sheet: Floor (costs, rates, cash), Product, Mix (product income, "
        "other streams), Transition (months sustained, volatility).",
        "The Dashboard shows where your plan stands: green is fine, amber needs watching, red needs acting on; "
        "each sheet explains its own results.",
        "Log your months in Tracker to follow your phase over time; its floor and costs come from the Floor sheet.",
        "Plan shows, month by month, building your product in client hours, its launch and pay-back, your "
        "savings, and when you can cut client work; set its build hours per week, ramp and target hours.",
        *([GUIDE_LINE] if risk else []),
    ])
    add_xlwings_conf(book)
    return book


def _transition(book: Book, sheet) -> None:
    phase = BY_NAME["phase_status"]
    sheet.section("Your numbers")
    sheet.formula(None, "Service income per month", "=service_income", styles.MONEY, "From the Floor sheet.")
    sheet.formula(None, "Product income per month", "=product_income", styles.MONEY,
                  "From the Mix sheet; streams added to its table do not count in the phase.")
    sheet.formula(None, "Revenue floor per month", "=revenue_floor", styles.MONEY, "From the Floor sheet.")
    sheet.formula(None, "Months of costs your cash covers", "=reserve_months", styles.MONTHS, "From the Floor sheet.")
    for name, label, number_format in (("months_sustained", "Months with a 20 % product share", styles.COUNT),
                                       ("volatility", "Income volatility", styles.PERCENT)):
        sheet.input(name, label, EXAMPLE[name], number_format, phase.python.domain[name], phase.argument_docs[name])
    sheet.row += 1
    sheet.section("Your phase")
    sources = {
        "service_income": Source("service_income", computed=True),
        "product_income": book.named("product_income"),
        "revenue_floor": Source("revenue_floor", computed=True),
        "months_sustained": book.named("months_sustained"),
        "reserve_months": Source("reserve_months", computed=True),
        "volatility": book.named("volatility"),
    }
    for name, label, result, number_format in (("phase_status", "Current phase", "label", styles.TEXT),
                                               ("phase_number", "Phase number", "phase", styles.COUNT),
                                               ("next_step", "Next step", "next", styles.TEXT)):
        sheet.formula(name, label, formulas.result("phase_status", sources, book.formulas, result), number_format,
                      headline=True)
    sheet.row += 1
    sheet.note("The phases: " + "; ".join(model.PHASE_TITLES) + ".")
