"""``product_breakeven.xlsx``: what a product costs to build and run, months to
break even, units needed within a horizon, a month-by-month cumulative net
cash table with its chart, and a price x units sensitivity grid.

Source: active-vs-semi-passive (the build phase "is financially silent before
it becomes productive"), quitting-passive (products need constant upkeep).
"""

from __future__ import annotations

from openpyxl.chart import LineChart, Reference

from ...functions import BY_NAME
from . import formulas, styles
from .book import Book, Sheet, add_xlwings_conf
from .formulas import Source
from .guide import add_guide

#: The model's second break-even example: 3.35 months.
EXAMPLE = {"build_hours": 80, "hourly_rate": 125, "price": 79, "units_per_month": 50, "fee_rate": 0.05,
           "monthly_costs": 120, "maintenance_hours": 4, "upfront_costs": 500, "horizon_months": 12}
#: Months shown in the cumulative net cash table (0 is the end of the build).
CASH_MONTHS = 24
#: Multiples of the price and of the units per month in the sensitivity grid.
FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5)
#: Product arguments shared by PRODUCT_BREAKEVEN and BREAKEVEN_UNITS.
SHARED = ("build_hours", "hourly_rate", "price", "fee_rate", "monthly_costs", "maintenance_hours", "upfront_costs")
#: Where the cumulative table and the sensitivity grid sit (columns E:F, H:M).
TABLE_COLUMN, GRID_COLUMN, GRID_ROW = 5, 8, 24
WIDTHS = {"A": 36, "B": 14, "C": 46, "D": 3, "E": 9, "F": 16, "G": 3,
          "H": 22, "I": 11, "J": 11, "K": 11, "L": 11, "M": 11}

#: The print area's last column: the chart and the grid end there.
LAST_COLUMN = "M"

_INPUTS = (
    ("build_hours", "Build hours", styles.HOURS),
    ("hourly_rate", "Hourly rate (value of an hour)", styles.MONEY),
    ("price", "Price per unit", styles.MONEY),
    ("units_per_month", "Units sold per month", styles.UNITS),
    ("fee_rate", "Fees (share of price)", styles.PERCENT),
    ("monthly_costs", "Running costs per month", styles.MONEY),
    ("maintenance_hours", "Upkeep hours per month", styles.HOURS),
    ("upfront_costs", "Cash spent to build it", styles.MONEY),
    ("horizon_months", "Break even within (months)", styles.MONTHS),
)


def _function_of(argument: str) -> str:
    return "breakeven_units" if argument == "horizon_months" else "product_breakeven"


def product_sections(book: Book, sheet: Sheet, *, values: dict, own_rate: bool = True) -> None:
    """Inputs and results in A:C, the cash table in E:F with its chart, the grid in H:M.

    Without ``own_rate`` the hourly rate is the ``hourly_rate`` input of another sheet.
    """
    f = book.formulas
    top = sheet.row
    sheet.section("Your product")
    for name, label, number_format in _INPUTS:
        function = BY_NAME[_function_of(name)]
        if name == "hourly_rate" and not own_rate:
            sheet.formula(None, label, "=hourly_rate", number_format, "Your client rate (Floor sheet).")
            continue
        sheet.input(name, label, values[name], number_format, function.python.domain[name],
                    function.argument_docs[name])
    sheet.row += 1
    sheet.section("Break-even")
    product = {name: book.named(name) for name in SHARED}
    selling = {**product, "units_per_month": book.named("units_per_month")}
    sheet.formula("investment", "Investment (build cost)",
                  formulas.native_part("product_breakeven", "investment", selling),
                  styles.MONEY, "Build hours at the hourly rate plus cash spent, money.")
    sheet.formula("monthly_net", "Net income per month",
                  formulas.native_part("product_breakeven", "monthly_net", selling),
                  styles.MONEY, "Sales after fees, less running costs and upkeep hours, money per month.")
    sheet.formula("product_breakeven", "Months to break even",
                  formulas.result("product_breakeven", selling, f),
                  styles.MONTHS, 'Months until the product repays its build; "never" if it never does.',
                  headline=True)
    sheet.formula("breakeven_units", "Units per month to break even in time",
                  formulas.result("breakeven_units", {**product, "horizon_months": book.named("horizon_months")}, f),
                  styles.UNITS, BY_NAME["breakeven_units"].doc, headline=True)
    _cash_table(sheet, top)
    _grid(book, sheet, top + GRID_ROW - 4)


def _cash_table(sheet: Sheet, top: int) -> None:
    ws = sheet.ws
    column = TABLE_COLUMN
    sheet.header(top, column, ["Month", "Cumulative net cash"])
    for month in range(CASH_MONTHS + 1):
        row = top + 1 + month
        ws.cell(row, column, month).number_format = styles.COUNT
        cell = ws.cell(row, column + 1, formulas.passing(
            ["investment", "monthly_net"], f"-investment+{ws.cell(row, column).coordinate}*monthly_net"))
        cell.style = styles.FORMULA
        cell.number_format = styles.MONEY
    chart = LineChart()
    chart.title = "Cumulative net cash"
    chart.y_axis.title = "Money"
    chart.y_axis.number_format = "#,##0"
    chart.x_axis.tickLblPos = "low"
    chart.x_axis.tickLblSkip = 2
    chart.x_axis.title = "Months after the build"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    last = top + 1 + CASH_MONTHS
    chart.add_data(Reference(ws, min_col=column + 1, min_row=top, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=column, min_row=top + 1, max_row=last))
    chart.height, chart.width = 7.5, 15
    ws.add_chart(chart, ws.cell(top, GRID_COLUMN).coordinate)


def _grid(book: Book, sheet: Sheet, row: int) -> None:
    """Months to break even for price and units per month at multiples of the inputs."""
    ws = sheet.ws
    column = GRID_COLUMN
    ws.cell(row - 1, column, "Months to break even: price (rows) x units per month (columns)").style = styles.SECTION
    corner = ws.cell(row, column, "Price \\ units")
    corner.style = styles.HEADER
    product = {name: book.named(name) for name in SHARED}
    for index, factor in enumerate(FACTORS):
        head = ws.cell(row, column + 1 + index, f'=IF(ISNUMBER(units_per_month),units_per_month*{factor:g},"")')
        head.style = styles.HEADER
        head.number_format = styles.UNITS
        side = ws.cell(row + 1 + index, column, f'=IF(ISNUMBER(price),price*{factor:g},"")')
        side.style = styles.HEADER
        side.number_format = styles.MONEY
    for i in range(len(FACTORS)):
        for j in range(len(FACTORS)):
            price = Source(f"${ws.cell(row + 1 + i, column).column_letter}{row + 1 + i}", label="price")
            units = Source(f"{ws.cell(row, column + 1 + j).column_letter}${row}", label="units_per_month")
            cell = ws.cell(row + 1 + i, column + 1 + j, formulas.result(
                "product_breakeven", {**product, "price": price, "units_per_month": units}, book.formulas))
            cell.style = styles.HEADLINE if i == j == len(FACTORS) // 2 else styles.FORMULA
            cell.number_format = styles.MONTHS
    book.define("breakeven_grid", ws, f"${ws.cell(row + 1, column + 1).column_letter}${row + 1}:"
                f"${ws.cell(row + len(FACTORS), column + len(FACTORS)).column_letter}${row + len(FACTORS)}",
                "result: months to break even for each price (rows) and units per month (columns)")


def build(formulas_kind: str) -> Book:
    book = Book("Product break-even", "When a product repays the client hours it took to build.", formulas_kind)
    sheet = book.sheet("Product", "Product break-even",
                       "When a product repays the client hours it took to build, and what it must sell.", WIDTHS)
    product_sections(book, sheet, values=EXAMPLE)
    sheet.finish(landscape=True, last_column=LAST_COLUMN)
    add_guide(book, ["Describe the product in the yellow cells: build hours, the hourly rate you give up, "
                     "price, sales, fees, running costs and upkeep.",
                     "Read the months to break even and the units needed within your horizon.",
                     "The cash table and chart show your cumulative net cash month by month; the grid "
                     "shows how price and sales move the break-even."])
    add_xlwings_conf(book)
    return book
