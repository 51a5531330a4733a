"""The income plan's ``Dashboard``: the plan at a glance.

Four status cells, coloured by conditional formatting (green, amber, red),
say in words where the plan stands: income against the revenue floor, the
scalable share against its healthy band, cash reserves against three and six
months of costs (active-vs-semi-passive: "three to six months of expense
coverage"), and the product's break-even against its horizon.  The phase
shows as progress ("Phase 2 of 4") with its one next step beside it.  Below,
every headline result with one line saying what it means, and a chart of
income against the floor.  The transition plan (Plan sheet) is judged by its
lowest savings and its months under the floor, with the plan in words beside it.

Every status starts with one word, ``Good``, ``Watch`` or ``Act``, which the
colour rules read; a message from upstream (an input breaking its rule) is
shown instead, uncoloured.
"""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ... import model
from ...functions import excel_text
from . import formulas, plan_actuals, styles
from .book import Book, Sheet
from .charts import set_text_categories
from .risk_sheet import RUIN_THRESHOLDS, ruin_status
from .risk_trials import TRIALS
from .transition_tracker import COLUMNS, log_rows

WIDTHS = {"A": 34, "B": 16, "C": 34, "D": 66, "E": 2, "F": 18, "G": 14, "H": 12}
#: The print area's last column: the chart ends there.
LAST_COLUMN = "H"
#: Height of an "At a glance" row (points); the plan's row holds its summary sentence over up to
#: three lines ("launches in month 12, does not pay back in 36 months, lowest savings ...").
ROW_HEIGHT, PLAN_ROW_HEIGHT = 20, 45
#: Income within this fraction of the floor (but below it) is "Watch", not "Act".
NEAR_FLOOR = 0.9
#: The first word of every status and its colours (fill, text).
LEVELS = styles.LEVELS
#: The last phase (phases run from 0 to this).
LAST_PHASE = len(model.PHASE_TITLES) - 1
#: The phase titles without their "Phase N: " prefix.
PHASE_NAMES = tuple(title.split(": ", 1)[1] for title in model.PHASE_TITLES)

_TOTAL = "service_income+IF(ISNUMBER(product_income),product_income,0)"
_HORIZON = "IF(ISBLANK(horizon_months),{default:g},horizon_months)"

#: Status words, by what they judge and level.
STATUS = {
    "floor": {"Good": "Good: at or above your floor", "Watch": "Watch: within 10% of your floor",
              "Act": "Act: below your floor"},
    "mix": {"Good": "Good: in the healthy band", "Watch": "Watch: above the healthy band",
            "Act": "Act: below the healthy band"},
    "reserves": {"Good": f"Good: {model.RESERVE_HYBRID} months or more",
                 "Watch": f"Watch: {model.RESERVE_SCALE} to {model.RESERVE_HYBRID} months",
                 "Act": f"Act: under {model.RESERVE_SCALE} months"},
    "breakeven": {"Good": "Good: within your horizon", "Watch": "Watch: after your horizon",
                  "Act": "Act: never pays back"},
    "plan": {"Good": "Good: savings last, income stays over the floor",
             "Watch": "Watch: some months under your floor", "Act": "Act: your savings run out"},
}

#: The full list of results: label, defined name, number format, what it means.
RESULTS = (
    ("Revenue floor per month", "revenue_floor", styles.MONEY,
     "The least you must earn each month: business and living costs, tax and your margin."),
    ("Client income per month", "service_income", styles.MONEY,
     "What your billable hours bring in at your hourly rate (Floor sheet)."),
    ("Product income per month", "product_income", styles.MONEY, "What your products bring in (Mix sheet)."),
    ("Hourly rate that reaches the floor", "required_rate", styles.MONEY,
     "The rate that earns the floor with client work alone, at your billable hours."),
    ("Weekly hours that reach the floor", "hours_needed", styles.HOURS,
     "Billable hours a week that earn the floor at your rate; 50-60 hours leads to burnout."),
    ("Months your cash covers", "reserve_months", styles.MONTHS,
     "How long your cash pays all your costs with no income; keep 3 to 6 months."),
    ("Months until the product pays back", "product_breakeven", styles.MONTHS,
     "When the product has earned back the client hours and cash it took to build."),
    ("Sales per month to pay back in time", "breakeven_units", styles.UNITS,
     "Units to sell each month to earn back the build within your horizon (Product sheet)."),
    ("Scalable share of income", "hybrid_mix", styles.PERCENT,
     "The part of your income that needs no more of your hours; healthy: 30-40 %."),
    ("Mix status", "mix_status", styles.TEXT, "Your scalable share against the healthy band."),
    ("Scalable income still missing", "mix_gap", styles.MONEY,
     "Extra product income a month that brings the share up to the band, client work unchanged."),
    ("Effective income streams", "effective_streams", "0.00",
     "Your income is as spread out as this many equal streams; 1 means one source carries it all."),
    ("Current phase", "phase_status", styles.TEXT, "Where you stand in the move from client work to a hybrid business."),
    ("Phase number", "phase_number", styles.COUNT, f"0 to {LAST_PHASE}: how far along that move you are."),
    ("Next step", "next_step", styles.TEXT, "The one condition missing for the next phase (Transition sheet)."),
)


def _levels(words: dict[str, str], good: str, watch: str) -> str:
    """``good`` and ``watch`` are conditions; the rest is ``Act``."""
    return (f"IF({good},{excel_text(words['Good'])},"
            f"IF({watch},{excel_text(words['Watch'])},{excel_text(words['Act'])}))")


def status_formulas(horizon_default: float) -> dict[str, str]:
    """The status formula of each judged result (messages from upstream passed on)."""
    horizon = _HORIZON.format(default=horizon_default)
    return {
        "floor": formulas.passing(["revenue_floor", "service_income"], _levels(
            STATUS["floor"], f"{_TOTAL}>=revenue_floor", f"{_TOTAL}>={NEAR_FLOOR:g}*revenue_floor")),
        "mix": formulas.passing(["hybrid_mix"], _levels(
            STATUS["mix"], f'mix_status={excel_text(model.MIX_STATUSES[1])}',
            f'mix_status={excel_text(model.MIX_STATUSES[2])}')),
        "reserves": formulas.passing(["reserve_months"], _levels(
            STATUS["reserves"], f"reserve_months>={model.RESERVE_HYBRID}",
            f"reserve_months>={model.RESERVE_SCALE}")),
        "breakeven": (f'=IF(product_breakeven={excel_text(model.NEVER)},{excel_text(STATUS["breakeven"]["Act"])},'
                      + formulas.passing(["product_breakeven"], _levels(
                          STATUS["breakeven"], f"product_breakeven<={horizon}", "TRUE"))[1:] + ")"),
        "plan": formulas.passing(["plan_lowest_cash"], _levels(
            STATUS["plan"], "AND(plan_lowest_cash>=0,plan_below_floor=0)", "plan_lowest_cash>=0")),
    }


def add_dashboard(book: Book, *, name: str, horizon_default: float, risk: bool = False) -> Sheet:
    """The Dashboard sheet, first in the workbook, with ``name`` in its name input; its formulas
    read the other sheets' defined names (a blank ``horizon_months`` is ``horizon_default``);
    with ``risk``, the odds that the savings run out (the Risk sheet's) too."""
    sheet = book.sheet("Dashboard", "Income plan",
                       "Your income plan at a glance: green is fine, amber needs watching, red needs acting on.",
                       WIDTHS)
    ws = sheet.ws
    ws["A1"] = '=IF(LEN(profile_name)=0,"Income plan","Income plan: "&profile_name)'
    sheet.text_input("profile_name", "Name", name, "Your name, shown in the title.", note=False)
    sheet.row += 1
    sheet.section("At a glance")
    header = sheet.row
    sheet.header(header, 1, ["Result", "Your number", "Status", "What it means"])
    sheet.row += 1
    statuses = status_formulas(horizon_default)
    first = sheet.row
    horizon = _HORIZON.format(default=horizon_default)
    for label, value, number_format, status, meaning in (
        ("Income against your floor", formulas.passing(["service_income"], _TOTAL), styles.MONEY,
         statuses["floor"],
         '=IF(ISNUMBER(revenue_floor),"Client plus product income per month; your floor is "'
         '&FIXED(revenue_floor,0)&".","Client plus product income per month, against your floor.")'),
        ("Scalable share of income", "=hybrid_mix", styles.PERCENT, statuses["mix"],
         '="Income that needs no more of your hours; healthy: "&FIXED(100*IF(ISBLANK(target_low),'
         f'{model.TARGET_LOW:g},target_low),0)&"-"&FIXED(100*IF(ISBLANK(target_high),{model.TARGET_HIGH:g},'
         'target_high),0)&" % (Mix sheet)."'),
        ("Months your cash covers", "=reserve_months", styles.MONTHS, statuses["reserves"],
         f'="How long your cash pays all your costs with no income; keep {model.RESERVE_SCALE} to '
         f'{model.RESERVE_HYBRID} months."'),
        ("Months until the product pays back", "=product_breakeven", styles.MONTHS, statuses["breakeven"],
         f'="When the product has earned back what it cost to build; your horizon: "&ROUND({horizon},1)&" months."'),
        ("Lowest savings in your plan", "=plan_lowest_cash", styles.MONEY, statuses["plan"], "=plan_summary"),
        *([("Odds your savings run out", "=risk_ruin", styles.PERCENT, ruin_status("risk_ruin"),
            f"Share of the Risk sheet's {TRIALS} futures in which your savings run out. {RUIN_THRESHOLDS}")]
          if risk else []),
    ):
        _glance_row(sheet, label, value, number_format, status, meaning,
                    height=PLAN_ROW_HEIGHT if meaning == "=plan_summary" else ROW_HEIGHT)
    styles.colour_statuses(ws, f"C{first}:C{sheet.row - 1}")
    _glance_row(sheet, "Effective income streams", "=effective_streams", "0.00", None,
                '=IF(ISNUMBER(effective_streams),"Your income is as spread out as "&FIXED(effective_streams,1)'
                '&" equal streams.","How many equal streams your income is as spread out as.")')
    _glance_row(sheet, "Your phase",
                f'=IF(ISNUMBER(phase_number),"Phase "&phase_number&" of {LAST_PHASE}",phase_number)', styles.TEXT,
                "=IF(ISNUMBER(phase_number),CHOOSE(phase_number+1,"
                + ",".join(excel_text(name) for name in PHASE_NAMES) + "),phase_number)",
                '=IF(ISTEXT(phase_number),"","Next step: "&next_step)')
    _plan_standing_row(sheet)
    _chart(sheet, header)
    sheet.row += 1
    sheet.section("Every result")
    sheet.header(sheet.row, 1, ["Result", "Value", "", "What it means"])
    ws.merge_cells(start_row=sheet.row, start_column=2, end_row=sheet.row, end_column=3)
    sheet.row += 1
    for label, name, number_format, meaning in RESULTS:
        row = sheet.row
        sheet.formula(None, label, f"={name}", number_format, headline=True)
        ws.cell(row, 4, meaning).style = styles.NOTE
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    return sheet


def _plan_standing_row(sheet: Sheet) -> None:
    """The logged months' product income against the plan's (:mod:`.plan_actuals`), coloured."""
    tracker = {key: get_column_letter(COLUMNS.index(title) + 1) for key, title in
               (("product", "Product income"), ("logged", "Logged"))}
    first_plan = len(COLUMNS) + 1
    tracker.update(planned=get_column_letter(first_plan + 1), window=get_column_letter(first_plan + 4))
    value, status, rule = plan_actuals.standing_formulas(tracker, log_rows())
    row = sheet.row
    _glance_row(sheet, plan_actuals.LABEL, value, styles.MONEY, status, rule, height=plan_actuals.ROW_HEIGHT)
    plan_actuals.colour(sheet.ws, f"C{row}")


def _glance_row(sheet: Sheet, label: str, value: str, number_format: str, status: str | None, meaning: str,
                height: float = ROW_HEIGHT) -> None:
    """One row of "At a glance"; the status and its meaning wrap within their columns."""
    ws, row = sheet.ws, sheet.row
    label_cell = ws.cell(row, 1, label)
    label_cell.font = Font(name=styles.FONT, bold=True)
    label_cell.alignment = Alignment(vertical="center")
    for column, formula, style, number in ((2, value, styles.HEADLINE, number_format),
                                           (3, status, styles.FORMULA, styles.TEXT),
                                           (4, meaning, styles.FORMULA, styles.TEXT)):
        cell = ws.cell(row, column, formula)
        cell.style = style
        cell.number_format = number
        cell.alignment = Alignment(wrap_text=column > 2, vertical="center")
    ws.row_dimensions[row].height = height
    sheet.row += 1


def _chart(sheet: Sheet, header: int) -> None:
    """The floor against client and product income, right of the status table."""
    ws = sheet.ws
    sheet.header(header, 6, ["Per month", "Amount"])
    for row, (label, name) in enumerate((("Revenue floor", "revenue_floor"), ("Client income", "service_income"),
                                          ("Product income", "product_income")), start=header + 1):
        ws.cell(row, 6, label)
        cell = ws.cell(row, 7, f"=IF(ISNUMBER({name}),{name},0)")
        cell.style = styles.FORMULA
        cell.number_format = styles.MONEY
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Income against the floor"
    chart.legend = None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.number_format = "#,##0"
    chart.y_axis.majorGridlines = None
    chart.add_data(Reference(ws, min_col=7, min_row=header, max_row=header + 3), titles_from_data=True)
    set_text_categories(chart, Reference(ws, min_col=6, min_row=header + 1, max_row=header + 3))
    chart.height, chart.width = 6.5, 8
    ws.add_chart(chart, f"F{header + 5}")
