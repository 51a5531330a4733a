"""``transition_tracker.xlsx``: a 24-month log of service income, product
income and cash; per month the product share, months sustained, income
volatility over the last 6 months, reserve months and the phase; the current
phase and next step at the top; a chart of the share against the 20 % and
30 % lines.

Source: active-vs-semi-passive (the Transition Planning Framework: product
income replacing 20-30 % of income, sustained; three to six months of
expense coverage).
"""

from __future__ import annotations

from openpyxl.chart import LineChart, Reference
from openpyxl.chart.data_source import NumFmt
from openpyxl.styles import Alignment

from ... import model
from ...functions import BY_NAME
from . import formulas, styles
from .book import Book, Sheet, add_xlwings_conf
from .formulas import Source
from .guide import add_guide
from .plan_actuals import add_plan_columns

LOG_MONTHS = 24
#: Months in the volatility window (the month itself and the five before it).
VOLATILITY_WINDOW = 6
#: The 20 % and 30 % lines of the chart.
LINES = (f"{model.ENTRY_SHARE:.0%} line", f"{model.HYBRID_SHARE:.0%} line")
#: The log's columns, left to right; "Logged" is the month's number once it has income
#: (a helper cell: the latest month logged is their MAX).
COLUMNS = ("Month", "Service income", "Product income", "Cash reserves", "Total income", "Product share",
           "Months sustained", "Volatility (6 months)", "Reserve months", "Phase", "Phase label", "Next step",
           *LINES, "Logged")
WIDTHS = dict(zip("ABCDEFGHIJKLMNO", (32, 13, 13, 13, 13, 10, 11, 12, 11, 7, 29, 47, 8, 8, 8)))
#: The month number as "Month 7".
MONTH_FORMAT = '"Month "0'
#: The "Logged" helper cells: the month's number, nothing shown for a month not logged (0).
LOGGED_FORMAT = "0;-0;"
#: Where the log starts.
LOG_HEADER_ROW = 16
#: An example log: client work tapering while product income grows, cash building up.
EXAMPLE_LOG = tuple(
    (service, product, cash) for service, product, cash in zip(
        (9000, 9200, 8800, 9100, 9000, 8700, 8500, 8600, 8300, 8200, 8000, 7900,
         7800, 7600, 7700, 7500, 7400, 7300, 7300, 7200, 7100, 7200, 7000, 7000),
        (0, 150, 400, 700, 1000, 1300, 1600, 1900, 2100, 2300, 2500, 2700,
         2900, 3000, 3100, 3200, 3300, 3400, 3500, 3500, 3600, 3700, 3800, 3900),
        (12000, 13500, 14600, 16000, 17400, 18600, 19800, 21000, 22000, 23100, 24100, 25200,
         26300, 27200, 28200, 29100, 30000, 30900, 31800, 32600, 33400, 34300, 35100, 36000),
    )
)
EXAMPLE = {"revenue_floor": 6930, "monthly_costs": 5100}
#: The kinds of the two streams of a month, as the batch evaluation treats them; written
#: below the log with what they count as in the product share.
MONTH_KINDS = ("service", "product")


def log_rows() -> range:
    first = LOG_HEADER_ROW + 1
    return range(first, first + LOG_MONTHS)


#: Defined names of the log's input columns (``xlincome actuals --into`` writes through them).
LOG_NAMES = {"tracker_service_income": "Service income", "tracker_product_income": "Product income",
             "tracker_cash": "Cash reserves"}


def tracker_sections(book: Book, sheet: Sheet, *, floor, costs, log, headline_names: bool,
                     plan: bool = False) -> None:
    """Summary at the top, the log below; ``floor`` and ``costs`` are sources
    (input names, or result cells of another sheet); ``plan`` adds the Plan sheet's
    months beside the log (:mod:`.plan_actuals`)."""
    ws = sheet.ws
    rows = log_rows()
    first, last = rows[0], rows[-1]
    col = {title: index + 1 for index, title in enumerate(COLUMNS)}
    letter = {title: ws.cell(1, index).column_letter for title, index in col.items()}

    def span(title: str) -> str:
        return f"${letter[title]}${first}:${letter[title]}${last}"

    sheet.section("Where you stand")
    sheet.formula("latest_month", "Latest month logged", f'=MAX({span("Logged")})', styles.COUNT)
    for name, label, title, number_format in (
            ("phase_status", "Current phase", "Phase label", styles.TEXT),
            ("next_step", "Next step", "Next step", styles.TEXT),
            ("phase_number", "Phase number", "Phase", styles.COUNT),
            ("hybrid_mix", "Product share", "Product share", styles.PERCENT)):
        ref = sheet.formula(name if headline_names else None, label,
                            f'=IF(latest_month=0,"no month logged yet",INDEX({span(title)},latest_month))',
                            number_format, headline=title != "Phase")
        ws.merge_cells(f"{ref}:{ref.replace('$B$', '$E$')}")
    sheet.row += 1
    sheet.section("Settings")
    phase = BY_NAME["phase_status"]
    for name, source, label in (("revenue_floor", floor, "Revenue floor per month"),
                                ("monthly_costs", costs, "Monthly costs the reserves cover")):
        if isinstance(source, Source):
            sheet.formula(None, label, f"={source.ref}", styles.MONEY)
        else:
            function = phase if name == "revenue_floor" else BY_NAME["reserve_months"]
            sheet.input(name, label, EXAMPLE[name], styles.MONEY, function.python.domain[name],
                        function.argument_docs[name])
    sheet.row = LOG_HEADER_ROW - 1
    sheet.section("Monthly log")
    sheet.header(LOG_HEADER_ROW, 1, list(COLUMNS))
    kinds = _month_kinds(sheet, last + 2)
    for offset, row in enumerate(rows):
        _log_row(book, sheet, row, first, offset, log[offset] if offset < len(log) else (None, None, None),
                 floor, costs, letter, kinds)
    for title in ("Service income", "Product income", "Cash reserves"):
        sheet.validate_number(span(title), phase.python.domain["service_income"], title.lower(),
                              f"{title}, money per month, >= 0." if title != "Cash reserves"
                              else "Cash reserves at the end of the month, money, >= 0.")
    for name, title in LOG_NAMES.items():
        book.define(name, ws, span(title), f"input: {title.lower()} of each month of the log (Month 1 first)")
    if plan:
        add_plan_columns(ws, rows, letter)
    _chart(sheet, first, last, col)


def _month_kinds(sheet: Sheet, row: int) -> Source:
    """The kinds of a month's two incomes (under their columns) and what they count as in
    the product share, at ``row`` and the row below; the kinds source of every month."""
    ws = sheet.ws
    ws.cell(row, 1, "Kind of income").style = styles.NOTE
    ws.cell(row + 1, 1, "Counts in the share as").style = styles.NOTE
    for column, kind in zip((2, 3), MONTH_KINDS):
        cell = ws.cell(row, column, kind)
        cell.style = styles.FORMULA
        cell.number_format = styles.TEXT
        counted = ws.cell(row + 1, column, formulas.counts_as(cell.coordinate, cell.coordinate))
        counted.style = styles.FORMULA
        counted.number_format = styles.TEXT
    return Source(f"$B${row}:$C${row}", label="kinds", counts_as=f"$B${row + 1}:$C${row + 1}")


def _log_row(book: Book, sheet: Sheet, row: int, first: int, offset: int, values, floor, costs, letter,
             kinds: Source) -> None:
    ws = sheet.ws
    f = book.formulas

    def at(title: str, r: int = row) -> str:
        return f"{letter[title]}{r}"

    number = ws.cell(row, 1, offset + 1)
    number.number_format = MONTH_FORMAT
    number.alignment = Alignment(horizontal="left")
    for column, value in zip((2, 3, 4), values):
        cell = ws.cell(row, column, value)
        cell.style = styles.INPUT
        cell.number_format = styles.MONEY
    unlogged = f'{at("Total income")}=""'
    window = f'{letter["Total income"]}{max(first, row - VOLATILITY_WINDOW + 1)}:{at("Total income")}'
    previous = "0" if row == first else f'N({at("Months sustained", row - 1)})'
    month = {
        "service_income": at("Service income"), "product_income": at("Product income"), "revenue_floor": floor,
        "months_sustained": Source(at("Months sustained"), label="months_sustained", computed=True),
        "reserve_months": Source(at("Reserve months"), label="reserve_months", computed=True),
        "volatility": Source(at("Volatility (6 months)"), label="volatility", computed=True),
    }
    cells = {
        "Total income": (f'=IF(AND(ISBLANK({at("Service income")}),ISBLANK({at("Product income")})),"",'
                         f'N({at("Service income")})+N({at("Product income")}))', styles.MONEY),
        "Product share": (formulas.unless(unlogged, formulas.result(
            "hybrid_mix", {"amounts": f'{at("Service income")}:{at("Product income")}',
                           "kinds": kinds}, f, "share")), styles.PERCENT),
        "Months sustained": (f'=IF({unlogged},"",IF(AND(ISNUMBER({at("Product share")}),'
                             f'{at("Product share")}>={model.ENTRY_SHARE:g}),{previous}+1,0))', styles.COUNT),
        "Volatility (6 months)": (f'=IF({unlogged},"",IF(SUM({window})<=0,"",'
                                  f'STDEVP({window})/AVERAGE({window})))', styles.PERCENT),
        "Reserve months": (formulas.unless(unlogged, formulas.result(
            "reserve_months", {"cash": at("Cash reserves"), "monthly_costs": costs}, f)), styles.MONTHS),
        "Phase": (formulas.unless(unlogged, formulas.result("phase_status", month, f, "phase")), styles.COUNT),
        "Phase label": (formulas.unless(unlogged, formulas.result("phase_status", month, f, "label")), styles.TEXT),
        "Next step": (formulas.unless(unlogged, formulas.result("phase_status", month, f, "next")), styles.TEXT),
        "Logged": (f'=IF({unlogged},0,{at("Month")})', LOGGED_FORMAT),
    }
    for title, (formula, number_format) in cells.items():
        cell = ws[at(title)]
        cell.value = formula
        cell.style = styles.FORMULA
        cell.number_format = number_format
    for title, share in zip(LINES, (model.ENTRY_SHARE, model.HYBRID_SHARE)):
        cell = ws[at(title)]
        cell.value = share
        cell.number_format = styles.PERCENT


def _chart(sheet: Sheet, first: int, last: int, col: dict[str, int]) -> None:
    ws = sheet.ws
    chart = LineChart()
    chart.title = "Product share of income by month"
    chart.y_axis.title = "Share"
    chart.y_axis.number_format = "0%"
    chart.x_axis.title = "Month"
    chart.x_axis.numFmt = NumFmt(formatCode="0", sourceLinked=False)
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for title in ("Product share", *LINES):
        chart.add_data(Reference(ws, min_col=col[title], min_row=LOG_HEADER_ROW, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=col["Month"], min_row=first, max_row=last))
    chart.height, chart.width = 5.6, 19
    ws.add_chart(chart, "F4")


def build(formulas_kind: str) -> Book:
    book = Book("Transition tracker", "Month by month, where you stand in the move to hybrid income.",
                formulas_kind)
    sheet = book.sheet("Tracker", "Transition tracker",
                       "Log each month's income and cash; see your phase and the one next step.", WIDTHS)
    tracker_sections(book, sheet, floor="revenue_floor", costs="monthly_costs", log=EXAMPLE_LOG,
                     headline_names=True)
    sheet.finish(landscape=True)
    add_guide(book, ["Set your revenue floor and the monthly costs your cash reserves must cover.",
                     "Each month, log service income, product income and cash reserves in the next row.",
                     "The top shows your current phase and the one condition missing for the next."])
    add_xlwings_conf(book)
    return book
