"""``transition_plan.xlsx``: the month-by-month transition plan on its own.

Every input of TRANSITION_PLAN on one sheet (MODEL.md's ``kw1`` example:
$100/hour for 30 hours, a 120-hour course built at 8 hours a week, cut to
20 hours once safe), the plan's summary, the 36-month table and its two
charts; see :mod:`xlincome.workbooks.templates.plan_sheet`.

Source: active-vs-semi-passive (the build phase, the revenue floor, the
Transition Planning Framework, three to six months of reserves).
"""

from __future__ import annotations

from ...functions import PLAN_KW1
from ...profiles import schema as profiles
from .book import Book, add_xlwings_conf
from .guide import add_guide
from .plan_sheet import INPUTS, LAST_COLUMN, WIDTHS, plan_sections
from .risk_sheet import GUIDE_LINE, add_risk_sheet

#: The example the template carries: MODEL.md's kw1, working weeks at their default.
EXAMPLE = {**PLAN_KW1, "upfront_costs": 0, "weeks_per_year": profiles.BY_NAME["weeks_per_year"].default}


def build(formulas_kind: str, risk: bool = True) -> Book:
    """The workbook; with ``risk`` its Risk sheet (the plan in 100 futures) too."""
    book = Book("Transition plan", "Month by month: build a product in client hours, launch it, and cut "
                "client work only when it is safe.", formulas_kind)
    book.blank_defaults = {name: profiles.BY_NAME[name].default for name, _, _ in INPUTS
                           if profiles.BY_NAME[name].default is not None}
    sheet = book.sheet("Plan", "Transition plan", "What happens month by month if you move client hours into "
                       "a product, launch it, and cut client work when the framework says it is safe.", WIDTHS)
    checked = plan_sections(book, sheet, own_inputs=True, values=EXAMPLE)
    sheet.finish(landscape=True, last_column=LAST_COLUMN)
    if risk:
        add_risk_sheet(book, checked)
    add_guide(book, [
        "Fill in the yellow cells: your rate and hours, the product (build hours, hours a week moved into "
        "building it, price, sales, ramp), your costs, savings and the client hours you want to cut to.",
        "The summary shows when the product launches and pays back, your lowest savings, and from when "
        "you can cut client work.",
        "The table below the charts shows every month.",
        "Leave the target hours blank to see the plan without cutting client work.",
        *([GUIDE_LINE] if risk else []),
    ])
    add_xlwings_conf(book)
    return book
