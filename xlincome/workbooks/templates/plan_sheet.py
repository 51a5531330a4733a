"""The ``Plan`` sheet: TRANSITION_PLAN as native formulas, one row per month.

The sheet follows :func:`xlincome.model.transition_plan` step by step, in
plain row-by-row formulas any engine computes (Excel, LibreOffice, Gnumeric,
Google Sheets): no array formulas, no array constants, only IF, AND, OR,
NOT, ISNUMBER, ISBLANK, MIN, MAX, SUM, COUNT, CHOOSE, ROUNDUP and TEXT
(the first month of something is the MIN of a helper column of month numbers).

- A:C: the plan's own inputs (``build_hours_per_week``, ``ramp_months``,
  ``target_hours_per_week``, or every input in the standalone template) and
  the summary cells (``plan_launch`` ... ``plan_final_phase``, and
  ``plan_summary``, the plan in words for the Dashboard);
- E:P: the two charts at the top, the month table (``plan_table``: the
  columns of ``transition_plan(..., result="table")`` under their names,
  36 months) below them;
- R:AJ: helper columns (hours built, launched, months of sales, the
  product's cash, rebalancing, ...), one step of the model each;
- AL:AO: the inputs as the plan uses them (a blank takes its default),
  each input's rule, and the first broken rule, which every summary cell
  shows instead of a number; the table stays empty meanwhile.

Two charts: service and product income stacked against the revenue floor;
cash against the 3- and 6-month reserve lines.

Source: active-vs-semi-passive (the build phase, the revenue floor, the
Transition Planning Framework, three to six months of reserves).
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from ... import model
from ...formulas import plan_steps
from ...functions import BY_NAME, excel_text
from ...profiles.schema import PLAN_MONTHS
from . import formulas, styles
from .book import Book, Sheet, absolute

PLAN = BY_NAME["transition_plan"]
#: The plan's inputs, in the model's order: (name, label, number format).
INPUTS = (
    ("hourly_rate", "Client hourly rate", styles.MONEY),
    ("hours_per_week", "Client hours per week", styles.HOURS),
    ("build_hours", "Hours to build the product", styles.HOURS),
    ("build_hours_per_week", "Client hours per week moved into building", styles.HOURS),
    ("price", "Price per unit", styles.MONEY),
    ("units_per_month", "Units sold per month (after the ramp)", styles.UNITS),
    ("business_costs", "Business costs per month", styles.MONEY),
    ("personal_costs", "Personal costs per month", styles.MONEY),
    ("cash", "Savings at the start", styles.MONEY),
    ("tax_rate", "Tax rate", styles.PERCENT),
    ("margin", "Comfort margin on the floor", styles.PERCENT),
    ("fee_rate", "Fees (share of price)", styles.PERCENT),
    ("monthly_costs", "Product running costs per month", styles.MONEY),
    ("maintenance_hours", "Product upkeep hours per month", styles.HOURS),
    ("upfront_costs", "Cash spent to build it (month 1)", styles.MONEY),
    ("ramp_months", "Months until sales reach their level", styles.MONTHS),
    ("target_hours_per_week", "Client hours per week to cut to", styles.HOURS),
    ("weeks_per_year", "Working weeks per year", styles.COUNT),
)
#: The inputs only the plan has (the income plan's other sheets hold the rest).
OWN_INPUTS = ("build_hours_per_week", "ramp_months", "target_hours_per_week")
#: The example the income plan's Plan sheet carries: MODEL.md's kw1 choices.
EXAMPLE = {"build_hours_per_week": 8, "ramp_months": 3, "target_hours_per_week": 20}

#: The month table: first column, header row (below the inputs, summary and charts), first month row.
TABLE_COLUMN, HEADER_ROW = 5, 44
#: The first row of the checked inputs (right of the helper columns).
CHECK_TOP = 5
FIRST_ROW = HEADER_ROW + 1
LAST_ROW = FIRST_ROW + PLAN_MONTHS - 1
#: The columns of the month table (``plan_table``), then a readable phase label.
TABLE = model.PLAN_COLUMNS + ("phase_label",)
#: Helper columns, one step of the model each: key -> header.
HELPERS = {
    "built": "Hours built by month end",
    "launched": "Selling (1 once launched)",
    "sold": "Months of sales",
    "gross": "Product sales less running costs",
    "product_cash": "Product cash (less upfront costs in month 1)",
    "rebalancing": "Rebalancing (1 once started)",
    "hours_before": "Client hours before any cut",
    "need": "Client hours the floor needs",
    "profit": "Profit before tax",
    "sustained": "Months in a row with a 20% share",
    "value": "Product value so far (cash less hours at the rate)",
    "paid_back": "Paid back (1 from launch on, value >= 0)",
    "below": "Below the floor (1)",
    "paid_back_month": "Month number if paid back",
    "rebalance_month": "Month number if rebalancing",
    "lowest_month": "Month number if lowest savings",
    "floor_line": "Revenue floor",
    "reserve_3": f"{model.RESERVE_SCALE} months of costs",
    "reserve_6": f"{model.RESERVE_HYBRID} months of costs",
}
HELPER_COLUMN = TABLE_COLUMN + len(TABLE) + 1
#: The inputs as the plan uses them: label, value used, rule broken, first broken rule so far.
CHECK_COLUMN = HELPER_COLUMN + len(HELPERS) + 1
#: Widths: A:C the inputs and summary, then the table, helpers and checks.
WIDTHS = {"A": 38, "B": 16, "C": 44, "D": 3,
          **{get_column_letter(TABLE_COLUMN + i): 15 for i in range(len(TABLE))},
          get_column_letter(TABLE_COLUMN + len(TABLE) - 1): 30,
          **{get_column_letter(HELPER_COLUMN + i): 16 for i in range(len(HELPERS))},
          get_column_letter(CHECK_COLUMN): 24, get_column_letter(CHECK_COLUMN + 1): 12,
          get_column_letter(CHECK_COLUMN + 2): 40, get_column_letter(CHECK_COLUMN + 3): 40}
#: The print area's last column: the inputs, summary, charts and month table (not the working columns).
LAST_COLUMN = get_column_letter(TABLE_COLUMN + len(TABLE) - 1)

#: The summary cells: defined name, label, number format, what it holds.
SUMMARY = (
    ("plan_launch", "Launch month", styles.COUNT, "The month the product launches (never: no hours a week to build it)."),
    ("plan_breakeven", "Pays back in month", styles.COUNT,
     "First month, from launch on, in which the product has repaid its cash and hours at your rate."),
    ("plan_rebalance", "Client hours cut from month", styles.COUNT,
     "The month client work starts being cut toward your target (phase 3 or 4 the month before)."),
    ("plan_lowest_cash", "Lowest savings", styles.MONEY, "The lowest cash over the plan (negative: it runs out)."),
    ("plan_lowest_month", "Lowest savings in month", styles.COUNT, "The first month with the lowest savings."),
    ("plan_below_floor", "Months below the floor", styles.COUNT, "Months with total income under the floor."),
    ("plan_final_share", f"Product share in month {PLAN_MONTHS}", styles.PERCENT,
     "Product income over total income in the last month."),
    ("plan_final_phase", f"Phase in month {PLAN_MONTHS}", styles.TEXT, "The framework's phase in the last month."),
)


@dataclass(frozen=True)
class Checked:
    """Where the plan reads each input as it uses it, and the first broken rule."""

    used: dict[str, str]
    problem: str


def plan_sections(book: Book, sheet: Sheet, *, own_inputs: bool, values: dict) -> Checked:
    """The whole Plan sheet: inputs and summary in A:C, the month table, helpers and checks.

    Without ``own_inputs`` only :data:`OWN_INPUTS` are input cells here; the
    other inputs are read by their defined names from the workbook's other sheets.
    """
    sheet.section("Your plan" if own_inputs else "Your plan (the other inputs come from the Floor and "
                  "Product sheets)")
    for name, label, number_format in INPUTS:
        if own_inputs or name in OWN_INPUTS:
            sheet.input(name, label, values.get(name), number_format, PLAN.python.domain[name],
                        PLAN.argument_docs[name])
    sheet.row += 1
    checked = _checks(book, sheet.ws)
    _derived(sheet.ws, checked)
    _table(book, sheet, checked)
    _summary(book, sheet, checked)
    for text in (f"The plan runs {PLAN_MONTHS} months: the product is built in client hours and launches the "
                 "month after; sales reach their level over the ramp months; client hours are cut to your target "
                 "(never below what the floor needs) from the month after the first month in phase 3 or 4.",
                 f"Columns {get_column_letter(HELPER_COLUMN)} onward work the plan out step by step; columns "
                 f"{get_column_letter(CHECK_COLUMN)} onward show each input as the plan uses it (a blank takes "
                 "its default) and the first rule an input breaks."):
        _wide(sheet, text, styles.NOTE, height=36)
    wrap_long_notes(sheet.ws, 1, sheet.row)
    _charts(sheet)
    return checked


#: Legend names of the charts' series taken from the month table.
LEGEND = {"service_income": "Client income", "product_income": "Product income", "cash": "Savings"}
#: The longest note that fits beside its cell on one line (characters); longer ones wrap over two.
NOTE_FITS, TWO_LINES = 68, 24


def wrap_long_notes(ws, first_row: int, last_row: int) -> None:
    """The notes in column C longer than :data:`NOTE_FITS` wrap over two lines (the charts start
    at column E and would hide the rest)."""
    for row in range(first_row, last_row + 1):
        note = ws.cell(row, 3)
        if isinstance(note.value, str) and not note.value.startswith("=") and len(note.value) > NOTE_FITS:
            note.alignment = Alignment(wrap_text=True, vertical="top")
            ws.cell(row, 1).alignment = ws.cell(row, 2).alignment = Alignment(vertical="top")
            ws.row_dimensions[row].height = TWO_LINES


def _cell(column: int, row: int) -> str:
    return f"{get_column_letter(column)}{row}"


def _checks(book: Book, ws) -> Checked:
    """Each input as the plan uses it, the rule it breaks (if any), and the first broken rule."""
    top = CHECK_TOP
    for offset, title in enumerate(("Input", "Used", "Rule broken", "First rule broken")):
        ws.cell(top, CHECK_COLUMN + offset, title).style = styles.HEADER
    used: dict[str, str] = {}
    rows = []
    for index, (name, _, number_format) in enumerate(INPUTS):
        row = top + 1 + index
        rule = PLAN.python.domain[name]
        default = book.blank_defaults.get(name)
        ws.cell(row, CHECK_COLUMN, name)
        if rule.blank_ok:
            value, broken = f'=IF(ISBLANK({name}),"",{name})', rule.excel_outside(name)
        elif default is not None:
            value = f"=IF(ISBLANK({name}),{default:g},{name})"
            broken = f"AND(NOT(ISBLANK({name})),{rule.excel_outside(name)})"
        else:
            value, broken = f"={name}", rule.excel_outside(name)
        _formula(ws, row, CHECK_COLUMN + 1, value, number_format)
        _formula(ws, row, CHECK_COLUMN + 2, f'=IF({broken},{excel_text(f"{name} {rule.text}")},"")', styles.TEXT)
        used[name] = absolute(CHECK_COLUMN + 1, row)
        rows.append(row)
    costs_row = rows[-1] + 1
    ws.cell(costs_row, CHECK_COLUMN, "business + personal costs")
    both = f"{used['business_costs']}+{used['personal_costs']}"
    _formula(ws, costs_row, CHECK_COLUMN + 1,
             f'=IF(AND(ISNUMBER({used["business_costs"]}),ISNUMBER({used["personal_costs"]})),{both},"")',
             styles.MONEY)
    message = excel_text(str(model.NO_COSTS))
    _formula(ws, costs_row, CHECK_COLUMN + 2,
             f'=IF(ISNUMBER({_cell(CHECK_COLUMN + 1, costs_row)}),'
             f'IF({_cell(CHECK_COLUMN + 1, costs_row)}<=0,{message},""),"")', styles.TEXT)
    rows.append(costs_row)
    first = None
    for row in rows:
        here = _cell(CHECK_COLUMN + 2, row)
        _formula(ws, row, CHECK_COLUMN + 3, f"={here}" if first is None else f'=IF({first}<>"",{first},{here})',
                 styles.TEXT)
        first = _cell(CHECK_COLUMN + 3, row)
    problem = absolute(CHECK_COLUMN + 3, rows[-1])
    return Checked(used, problem)


#: The number format of each derived value under the checks (:data:`plan_steps.DERIVED`).
_DERIVED_FORMATS = {"weeks": styles.UNITS, "build_rate": styles.HOURS, "floor": styles.MONEY, "costs": styles.MONEY,
                    "rate_month": styles.MONEY, "net_price": styles.MONEY}


def _derived(ws, checked: Checked) -> None:
    row = CHECK_TOP + len(INPUTS) + 3
    for key, (label, template) in plan_steps.DERIVED.items():
        ws.cell(row, CHECK_COLUMN, label)
        expression = template.format(**checked.used)
        _formula(ws, row, CHECK_COLUMN + 1, f'=IF({checked.problem}<>"","",{expression})', _DERIVED_FORMATS[key])
        checked.used[key] = absolute(CHECK_COLUMN + 1, row)
        row += 1


def _formula(ws, row: int, column: int, formula: str, number_format: str, style: str = styles.FORMULA) -> None:
    cell = ws.cell(row, column, formula)
    cell.style = style
    cell.number_format = number_format


_FORMATS = {
    "month": styles.COUNT, "client_hours": styles.HOURS, "product_hours": styles.HOURS,
    "service_income": styles.MONEY, "units": styles.UNITS, "product_income": styles.MONEY,
    "total_income": styles.MONEY, "cash": styles.MONEY, "reserve_months": styles.MONTHS, "share": styles.PERCENT,
    "phase": styles.COUNT, "phase_label": styles.TEXT,
    "built": styles.HOURS, "launched": styles.COUNT, "sold": styles.COUNT, "gross": styles.MONEY,
    "product_cash": styles.MONEY, "rebalancing": styles.COUNT, "hours_before": styles.HOURS, "need": styles.HOURS,
    "profit": styles.MONEY, "sustained": styles.COUNT, "value": styles.MONEY, "paid_back": styles.COUNT,
    "below": styles.COUNT, "paid_back_month": styles.COUNT, "rebalance_month": styles.COUNT,
    "lowest_month": styles.COUNT, "floor_line": styles.MONEY, "reserve_3": styles.MONEY, "reserve_6": styles.MONEY,
}
_COLUMNS = {**{key: TABLE_COLUMN + i for i, key in enumerate(TABLE)},
            **{key: HELPER_COLUMN + i for i, key in enumerate(HELPERS)}}


def column_of(key: str) -> int:
    """The sheet column of a table or helper column."""
    return _COLUMNS[key]


#: The steps whose cells do not depend on the month's random factors (the build and the hours
#: before any cut): the Risk sheet reads them from this sheet's month table.
CERTAIN_STEPS = ("launched", "built", "sold", "product_hours", "hours_before")


def month_steps(month: int, u: dict[str, str], at, *, client_factor: str = "", sales_factor: str = "") -> dict[str, str]:
    """The model's steps 1-11 of one month (:func:`plan_steps.month_steps`) for a sheet whose
    cell of step ``key`` in a month (from 1) is ``at(key, month)``; ``u`` the inputs as used;
    ``client_factor`` and ``sales_factor`` (formula text, blank: none) multiply the month's
    service income and units, as PLAN_RISK's trials do (the Risk sheet)."""
    def before(key: str) -> str:
        if month > 1:
            return at(key, month - 1)
        return u["cash"] if key == "cash" else plan_steps.BEFORE_FIRST[key]

    return plan_steps.month_steps(lambda key: at(key, month), before, u, str(month), month == 1,
                                  client_factor=client_factor, sales_factor=sales_factor, summaries=False)


def _month_formulas(month: int, u: dict[str, str]) -> dict[str, str]:
    """The formulas of one month's row: the model's steps (:func:`plan_steps.month_steps`) over
    this row and the row above, then the sheet's own columns (a phase label, the month numbers
    the summaries take the first of, the charts' lines)."""
    row = FIRST_ROW + month - 1

    def at(key: str, r: int = row) -> str:
        return _cell(_COLUMNS[key], r)

    def before(key: str) -> str:
        if month > 1:
            return at(key, row - 1)
        return u["cash"] if key == "cash" else plan_steps.BEFORE_FIRST[key]

    steps = plan_steps.month_steps(at, before, u, str(month), month == 1)
    steps.update({
        "phase_label": BY_NAME["phase_status"].native_results["label"].format(phase=at("phase")),
        # the month numbers the summaries take the first of (MIN over them; blank "" elsewhere)
        "paid_back_month": f'IF({at("paid_back")}=1,{at("month")},"")',
        "rebalance_month": f'IF({at("rebalancing")}=1,{at("month")},"")',
        "lowest_month": f'IF({at("cash")}=MIN({_span("cash")}),{at("month")},"")',
        "floor_line": u["floor"],
        "reserve_3": f"{model.RESERVE_SCALE}*{u['costs']}",
        "reserve_6": f"{model.RESERVE_HYBRID}*{u['costs']}",
    })
    return steps


def _table(book: Book, sheet: Sheet, checked: Checked) -> None:
    ws = sheet.ws
    sheet.header(HEADER_ROW, TABLE_COLUMN, [f"={excel_text(title)}" for title in TABLE])
    for offset in range(len(TABLE)):
        ws.cell(HEADER_ROW, TABLE_COLUMN + offset).number_format = styles.TEXT
    sheet.header(HEADER_ROW, HELPER_COLUMN, list(HELPERS.values()))
    for month in range(1, PLAN_MONTHS + 1):
        row = FIRST_ROW + month - 1
        for key, formula in _month_formulas(month, checked.used).items():
            if key == "month":  # a formula, as every cell of plan_table: nothing in it is an input
                _formula(ws, row, _COLUMNS[key], "=1" if month == 1 else f"={_cell(_COLUMNS[key], row - 1)}+1",
                         styles.COUNT)
                continue
            _formula(ws, row, _COLUMNS[key], f'=IF({checked.problem}<>"","",{formula})', _FORMATS[key])
    book.define("plan_table", ws, f"{absolute(TABLE_COLUMN, HEADER_ROW)}:"
                f"{absolute(TABLE_COLUMN + len(model.PLAN_COLUMNS) - 1, LAST_ROW)}",
                f"result: the month table of TRANSITION_PLAN, {PLAN_MONTHS} months under a header row")


def _span(key: str) -> str:
    return f"{absolute(_COLUMNS[key], FIRST_ROW)}:{absolute(_COLUMNS[key], LAST_ROW)}"


def _summary_formulas(checked: Checked) -> dict[str, str]:
    u = checked.used
    never = excel_text(model.NEVER)
    last = LAST_ROW
    return {
        # launched the month after the build: the months of sales count back to it; past the
        # horizon, the build goes on at the same pace
        "plan_launch": (f"IF({_cell(_COLUMNS['sold'], last)}>0,{PLAN_MONTHS}-{_cell(_COLUMNS['sold'], last)}+1,"
                        f"IF({u['build_rate']}>0,MAX({PLAN_MONTHS + 1},ROUNDUP({u['build_hours']}/{u['build_rate']},0)+1),"
                        f"{never}))"),
        "plan_breakeven": f"IF(COUNT({_span('paid_back_month')})=0,{never},MIN({_span('paid_back_month')}))",
        "plan_rebalance": f"IF(COUNT({_span('rebalance_month')})=0,{never},MIN({_span('rebalance_month')}))",
        "plan_lowest_cash": f"MIN({_span('cash')})",
        "plan_lowest_month": f"MIN({_span('lowest_month')})",
        "plan_below_floor": f"SUM({_span('below')})",
        "plan_final_share": _cell(_COLUMNS["share"], last),
        "plan_final_phase": _cell(_COLUMNS["phase_label"], last),
    }


def _summary(book: Book, sheet: Sheet, checked: Checked) -> None:
    sheet.section(f"Your plan over {PLAN_MONTHS} months")
    native = _summary_formulas(checked)
    sources = {name: book.named(name) for name, _, _ in INPUTS}
    sources["months"] = str(PLAN_MONTHS)
    for name, label, number_format, note in SUMMARY:
        result = name.removeprefix("plan_")
        if book.formulas in ("udf", "lambda") and result in model.PLAN_SUMMARIES:
            formula = formulas.result("transition_plan", sources, book.formulas, result)
        else:
            formula = f'=IF({checked.problem}<>"",{checked.problem},{native[name]})'
        text = name == "plan_final_phase"
        ref = sheet.formula(name, label, formula, number_format, "" if text else note,
                            headline=name != "plan_lowest_month")
        if text:
            _across(sheet.ws, ref, height=15)
    ref = sheet.formula("plan_summary", "Your plan in words", _in_words(checked), styles.TEXT, headline=True)
    _across(sheet.ws, ref, height=45)
    sheet.row += 1


def _across(ws, ref: str, height: float) -> None:
    """A text result over columns B:C, wrapped (a phase label, a sentence)."""
    ws.merge_cells(f"{ref}:{ref.replace('$B$', '$C$')}")
    cell = ws[ref.replace("$", "")]
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.cell(cell.row, 1).alignment = Alignment(vertical="top")
    ws.row_dimensions[cell.row].height = height


def _wide(sheet: Sheet, text: str, style: str, height: float) -> None:
    """A note over columns A:C, wrapped."""
    ws = sheet.ws
    cell = ws.cell(sheet.row, 1, text)
    cell.style = style
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=sheet.row, start_column=1, end_row=sheet.row, end_column=3)
    ws.row_dimensions[sheet.row].height = height
    sheet.row += 1


def _in_words(checked: Checked) -> str:
    """The plan as a sentence: "launches in month 5, pays back in month 9, ..."."""
    target = checked.used["target_hours_per_week"]
    launch = 'IF(ISNUMBER(plan_launch),"launches in month "&plan_launch,"never launches")'
    back = f'IF(ISNUMBER(plan_breakeven),"pays back in month "&plan_breakeven,"does not pay back in {PLAN_MONTHS} months")'
    lowest = '"lowest savings "&TEXT(plan_lowest_cash,"#,##0")&" in month "&plan_lowest_month'
    cut = (f'IF(ISNUMBER({target}),IF(ISNUMBER(plan_rebalance),"you can cut to "&{target}&" hours from month "'
           f'&plan_rebalance,"you cannot cut to "&{target}&" hours within {PLAN_MONTHS} months"),'
           '"client hours are never cut (no target hours)")')
    return f'=IF({checked.problem}<>"",{checked.problem},{launch}&", "&{back}&", "&{lowest}&", "&{cut})'


def _charts(sheet: Sheet) -> None:
    ws = sheet.ws
    months = Reference(ws, min_col=_COLUMNS["month"], min_row=FIRST_ROW, max_row=LAST_ROW)

    def series(key: str) -> Reference:
        return Reference(ws, min_col=_COLUMNS[key], min_row=HEADER_ROW, max_row=LAST_ROW)

    def add(chart, key: str) -> None:
        """A series named in words in the legend (the table's headers are the model's column names)."""
        chart.add_data(series(key), titles_from_data=True)
        if key in LEGEND:
            chart.series[-1].tx = SeriesLabel(v=LEGEND[key])

    income = BarChart()
    income.type, income.grouping, income.overlap, income.gapWidth = "col", "stacked", 100, 40
    income.title = "Client and product income against the floor"
    income.y_axis.title, income.x_axis.title = "Per month", "Month"
    for key in ("service_income", "product_income"):
        add(income, key)
    floor = LineChart()
    add(floor, "floor_line")
    income += floor
    cash = LineChart()
    cash.title = "Savings against 3 and 6 months of costs"
    cash.y_axis.title, cash.x_axis.title = "Savings", "Month"
    for key in ("cash", "reserve_3", "reserve_6"):
        add(cash, key)
    for chart, column in ((income, TABLE_COLUMN), (cash, TABLE_COLUMN + len(TABLE) // 2)):
        chart.set_categories(months)
        chart.x_axis.delete = chart.y_axis.delete = False
        chart.y_axis.number_format = "#,##0"
        chart.height, chart.width = 10, 17
        ws.add_chart(chart, f"{get_column_letter(column)}{CHECK_TOP}")
    sheet.print_rows = LAST_ROW
