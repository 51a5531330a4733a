"""``revenue_floor.xlsx``: itemized costs, the revenue floor, reserve targets,
and the rate and hours that reach the floor with client work alone.

Source: active-vs-semi-passive (the revenue floor; "three to six months of
expense coverage"), quitting-passive (check whether services alone reach the
goal before building products).
"""

from __future__ import annotations

from ... import model
from ...functions import BY_NAME
from ...model.rules import OPTIONAL_NONNEGATIVE
from . import formulas, styles
from .book import Book, Sheet, add_xlwings_conf
from .formulas import Source
from .guide import add_guide

#: Example costs (they add up to the model's example: 1500 business, 3600 personal).
BUSINESS_ITEMS = (("Software and subscriptions", 250), ("Insurance", 200), ("Accounting", 300),
                  ("Coworking desk", 450), ("Equipment", 150), ("Marketing", 150))
PERSONAL_ITEMS = (("Rent", 1700), ("Food", 700), ("Transport", 250), ("Health", 350), ("Other", 600))
ITEM_ROWS = 8
#: Example inputs: the acceptance example of the floor and the seed's $125 x 30 hours.
EXAMPLE = {"tax_rate": 0.25, "margin": 0.10, "cash": 21000, "hourly_rate": 125, "hours_per_week": 30,
           "weeks_per_year": model.WEEKS_PER_YEAR,
           "business_costs": 1500, "personal_costs": 3600}

WIDTHS = {"A": 34, "B": 16, "C": 62}


def _doc(function: str, argument: str) -> str:
    return BY_NAME[function].argument_docs[argument]


def _rule(function: str, argument: str):
    return BY_NAME[function].python.domain[argument]


def _items(sheet: Sheet, name: str, title: str, items: tuple[tuple[str, float], ...]) -> str:
    """An itemized cost list whose checked total gets the defined name ``name``."""
    sheet.section(title)
    sheet.header(sheet.row, 1, ["Item", "Per month"])
    first = sheet.row + 1
    for offset in range(ITEM_ROWS):
        row = first + offset
        label, amount = items[offset] if offset < len(items) else (None, None)
        name_cell = sheet.ws.cell(row, 1, label)
        name_cell.style = styles.INPUT
        name_cell.number_format = styles.TEXT
        sheet.validate_text(name_cell.coordinate, "Item", "What the cost is for.")
        amount_cell = sheet.ws.cell(row, 2, amount)
        amount_cell.style = styles.INPUT
        amount_cell.number_format = styles.MONEY
    last = first + ITEM_ROWS - 1
    sheet.validate_number(f"B{first}:B{last}", OPTIONAL_NONNEGATIVE, f"{name} items",
                          "Monthly amount of this cost, money per month, >= 0; blank rows are ignored.")
    sheet.book.define(f"{name.split('_')[0]}_items", sheet.ws, f"$B${first}:$B${last}",
                f"input: the items of {name}, money per month each")
    sheet.row = last + 1
    return sheet.formula(name, title.split(" per")[0] + " (total)",
                         formulas.checked_sum(f"$B${first}:$B${last}", f"{name} items", OPTIONAL_NONNEGATIVE),
                         styles.MONEY, _doc("revenue_floor", name))


def floor_sections(book: Book, sheet: Sheet, *, itemized: bool, values: dict) -> None:
    """The floor, reserves and client-work sections; costs itemized or as two inputs."""
    f = book.formulas
    if itemized:
        _items(sheet, "business_costs", "Business costs per month", BUSINESS_ITEMS)
        sheet.row += 1
        _items(sheet, "personal_costs", "Personal costs per month (after tax)", PERSONAL_ITEMS)
        costs = {name: Source(name, computed=True) for name in ("business_costs", "personal_costs")}
    else:
        sheet.section("Monthly costs")
        for name, label in (("business_costs", "Business costs"), ("personal_costs", "Personal costs")):
            sheet.input(name, label, values[name], styles.MONEY, _rule("revenue_floor", name),
                        _doc("revenue_floor", name))
        costs = {name: book.named(name) for name in ("business_costs", "personal_costs")}
    sheet.row += 1
    sheet.section("Revenue floor")
    for name, label in (("tax_rate", "Tax rate"), ("margin", "Comfort margin")):
        sheet.input(name, label, values[name], styles.PERCENT, _rule("revenue_floor", name),
                    _doc("revenue_floor", name))
    sheet.formula("revenue_floor", "Revenue floor per month",
                  formulas.result("revenue_floor", {**costs, "tax_rate": book.named("tax_rate"),
                                                   "margin": book.named("margin")}, f),
                  styles.MONEY, BY_NAME["revenue_floor"].doc, headline=True)
    floor = Source("revenue_floor", computed=True)
    sheet.row += 1
    sheet.section("Cash reserves")
    sheet.formula("total_costs", "Monthly costs to cover",
                  formulas.passing(["business_costs", "personal_costs"], "business_costs+personal_costs"),
                  styles.MONEY, "Business plus personal costs, money per month.")
    sheet.input("cash", "Cash reserves", values["cash"], styles.MONEY, _rule("reserve_months", "cash"),
                _doc("reserve_months", "cash"))
    sheet.formula("reserve_months", "Months covered",
                  formulas.result("reserve_months", {"cash": book.named("cash"),
                                                     "monthly_costs": Source("total_costs", computed=True)}, f),
                  styles.MONTHS, BY_NAME["reserve_months"].doc, headline=True)
    for months, name in ((model.RESERVE_SCALE, "reserve_target_3"), (model.RESERVE_HYBRID, "reserve_target_6")):
        sheet.formula(name, f"Cash for {months} months of costs",
                      formulas.passing(["total_costs"], f"{months}*total_costs"), styles.MONEY,
                      f"Reserve target: {months} months of business plus personal costs, money.")
    sheet.row += 1
    sheet.section("Reaching the floor with client work")
    sheet.input("hourly_rate", "Hourly rate", values["hourly_rate"], styles.MONEY,
                _rule("service_income", "rate"), _doc("service_income", "rate"))
    sheet.input("hours_per_week", "Billable hours per week", values["hours_per_week"], styles.HOURS,
                _rule("service_income", "hours_per_week"), _doc("service_income", "hours_per_week"))
    sheet.input("weeks_per_year", "Working weeks per year", values["weeks_per_year"], styles.COUNT,
                _rule("service_income", "weeks_per_year"), _doc("service_income", "weeks_per_year"))
    weeks = {name: book.named(name) for name in ("hours_per_week", "weeks_per_year")}
    sheet.formula("service_income", "Service income per month",
                  formulas.result("service_income", {"rate": book.named("hourly_rate"), **weeks}, f),
                  styles.MONEY, BY_NAME["service_income"].doc, headline=True)
    sheet.formula("required_rate", "Hourly rate that reaches the floor",
                  formulas.result("required_rate", {"target_income": floor, **weeks}, f),
                  styles.MONEY, "At your billable hours per week: " + BY_NAME["required_rate"].doc.lower(),
                  headline=True)
    sheet.formula("hours_needed", "Hours per week that reach the floor",
                  formulas.result("hours_needed", {"target_income": floor, "rate": book.named("hourly_rate"),
                                                   "weeks_per_year": weeks["weeks_per_year"]}, f),
                  styles.HOURS, "At your hourly rate; 50-60 hours a week leads to burnout.", headline=True)


def build(formulas_kind: str) -> Book:
    book = Book("Revenue floor", "The minimum monthly revenue that keeps you safe.", formulas_kind)
    sheet = book.sheet("Revenue floor", "Revenue floor",
                       "The minimum monthly revenue covering your costs, and what it takes to reach it "
                       "with client work.", WIDTHS)
    floor_sections(book, sheet, itemized=True, values=EXAMPLE)
    sheet.finish()
    add_guide(book, ["List your monthly business and personal costs in the yellow cells; blank rows "
                     "are ignored.",
                     "Set your tax rate, comfort margin, cash reserves, hourly rate and hours.",
                     "The grey cells show the floor, how many months your cash covers, and the rate "
                     "or hours that reach the floor with client work alone."])
    add_xlwings_conf(book)
    return book
