"""The ``Risk`` sheet: the plan under uncertainty (PLAN_RISK) as native formulas.

The Plan sheet's plan, run :data:`.risk_trials.TRIALS` times over its
months with a launch factor per trial, client and sales factors per month and
a chance per month of losing the largest client for a few months; the odds
that the savings run out, that a month falls under the floor, that client
work can be cut, and percentiles of the last and the lowest savings.

- A:C: the risk inputs (named like PLAN_RISK's arguments: ``client_cv``,
  ``sales_cv``, ``launch_cv``, ``client_loss``, ``loss_share``,
  ``loss_months``, ``seed``), the results (``risk_ruin`` ... ``risk_trials``)
  and ``risk_status``, coloured: under 5 % of futures ruined green, up to
  20 % amber, above red;
- E onward: the fan chart of savings (P10, P50, P90 by month, and 0) and
  the share of futures ruined by month, the month table of bands below
  them (``risk_table``: the columns of ``plan_risk(..., result="table")``);
- below: the machinery (:mod:`.risk_trials`), labelled block by block.

Plain formulas any engine computes the same (no array evaluation, nothing
volatile, no RAND): the draws are the portable generator's, the same in
Python and every workbook for the same seed.

Source: active-vs-semi-passive ("maintaining three to six months of expense
coverage protects against seasonal slowdowns or launch underperformance",
"losing a major client can create sudden financial gaps").
"""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.utils import get_column_letter

from ...functions import excel_text
from ...model.risk import RISK_COLUMNS, RISK_DEFAULTS, RISK_RULES
from ...profiles.schema import PLAN_MONTHS
from . import styles
from .book import Book, Sheet, absolute
from .plan_sheet import Checked, wrap_long_notes
from .risk_trials import LABEL_COLUMN, PERCENTILES, TRIALS, Machinery, RiskInput, build_machinery, layout


def _risk_input(name: str, label: str, number_format: str, doc: str, whole: bool = False) -> RiskInput:
    """A risk input cell for PLAN_RISK's argument ``name``, with the model's rule and default."""
    return RiskInput(name, label, number_format, RISK_RULES[name], RISK_DEFAULTS[name], doc, whole)


#: The risk inputs, PLAN_RISK's arguments with the model's rules and defaults.
INPUTS = (
    _risk_input("client_cv", "Client income swing, month to month", styles.PERCENT,
                "Swing of a month's client income around the usual (coefficient of variation), "
                "in [0, 10]; blank: 0.30."),
    _risk_input("sales_cv", "Product sales swing, month to month", styles.PERCENT,
                "Swing of a month's sales around the plan's (coefficient of variation), in [0, 10]; blank: 0.30."),
    _risk_input("launch_cv", "How far the launch may land from the plan", styles.PERCENT,
                "Swing of the product's sales as a whole, once per future (coefficient of variation), "
                "in [0, 10]; blank: 0.50."),
    _risk_input("client_loss", "Chance a month of losing your largest client", styles.PERCENT,
                "Chance in each month that your largest client leaves, in [0, 1]; blank: 0."),
    _risk_input("loss_share", "Share of client income that client brings", styles.PERCENT,
                "Part of your client income lost while that client is gone, in [0, 1]; blank: 0.5."),
    _risk_input("loss_months", "Months until that client is replaced", styles.COUNT,
                "Months a loss lasts, a whole number in [1, 120]; blank: 3.", True),
    _risk_input("seed", "Seed of the futures", styles.COUNT,
                "The same seed gives the same futures everywhere; a whole number in [0, 2147483648); blank: 1.",
                True),
)
DEFAULTS = {spec.name: spec.default for spec in INPUTS}
#: The odds that the savings run out: under GOOD is Good, up to WATCH is Watch, above is Act.
RUIN_GOOD, RUIN_WATCH = 0.05, 0.20
RUIN_STATUS = {"Good": f"Good: under {RUIN_GOOD:.0%}", "Watch": f"Watch: {RUIN_GOOD:.0%} to {RUIN_WATCH:.0%}",
               "Act": f"Act: over {RUIN_WATCH:.0%}"}
RUIN_STATUS = {level: text.replace("%", " %") for level, text in RUIN_STATUS.items()}
RUIN_THRESHOLDS = (f"Green under {RUIN_GOOD:.0%}, amber {RUIN_GOOD:.0%} to {RUIN_WATCH:.0%}, "
                   f"red above {RUIN_WATCH:.0%} of futures with savings run out.").replace("%", " %")
#: The band table's columns (``plan_risk(..., result="table")``), and the chart's 0 line.
BAND_COLUMNS = RISK_COLUMNS
LEGEND = {"cash_p10": "Bad case (P10)", "cash_p50": "Middle (P50)", "cash_p90": "Good case (P90)", "zero": "0"}
#: The band table: header row and its column (under the charts).
BAND_HEADER, BAND_COLUMN = 28, LABEL_COLUMN
BAND_FIRST, BAND_LAST = BAND_HEADER + 1, BAND_HEADER + PLAN_MONTHS
ZERO_COLUMN = BAND_COLUMN + len(BAND_COLUMNS)
#: The print area's last column (the band table and charts), and where the machinery starts.
LAST_COLUMN = get_column_letter(ZERO_COLUMN)
MACHINERY_TOP = BAND_LAST + 4
#: The rows of the trials (first, last) and each step table's first row (:func:`.risk_trials.layout`).
TRIAL_ROWS, TABLE_ROWS = layout(MACHINERY_TOP, len(INPUTS))
WIDTHS = {"A": 38, "B": 16, "C": 44, "D": 3, **{get_column_letter(LABEL_COLUMN + i): 14 for i in range(12)},
          **{get_column_letter(LABEL_COLUMN + 12 + i): 11 for i in range(28)}}

#: The results: defined name, label, number format, what it says.
SUMMARY = (
    ("risk_ruin", "Futures where savings run out", styles.PERCENT,
     "Share of futures in which your savings go below 0 in some month."),
    ("risk_below_floor", "Futures with a month under the floor", styles.PERCENT,
     "Share of futures with at least one month of total income under your revenue floor."),
    ("risk_rebalance", "Futures where you can cut client hours", styles.PERCENT,
     "Share of futures in which cutting client work to your target starts within the plan."),
    ("risk_cash_p10", "Savings at the end, bad case (P10)", styles.MONEY,
     "One future in ten ends with less than this."),
    ("risk_cash_p50", "Savings at the end, middle (P50)", styles.MONEY, "Half the futures end with less."),
    ("risk_cash_p90", "Savings at the end, good case (P90)", styles.MONEY,
     "One future in ten ends with more than this."),
    ("risk_lowest_p10", "Lowest savings, bad case (P10)", styles.MONEY,
     "In one future in ten the savings dip below this at their lowest."),
    ("risk_trials", "Futures worked out", styles.COUNT, "Trials 1 to this of PLAN_RISK with your seed."),
)


#: What the Guide says about the Risk sheet.
GUIDE_LINE = (f"Risk runs your plan in {TRIALS} futures with client income, sales and the launch drawn at random "
              "(and, if you say so, the loss of your largest client): the odds that your savings run out, and "
              "the bad, middle and good case month by month.")


def add_risk_sheet(book: Book, plan: Checked) -> Sheet:
    """The Risk sheet, after the Plan sheet whose checked inputs ``plan`` are; finished for print."""
    sheet = book.sheet("Risk", "Your plan in 100 futures", "The odds that your savings last when client "
                       "income, sales and the launch do not go as planned.", WIDTHS)
    risk_sections(book, sheet, plan)
    sheet.finish(landscape=True, last_column=LAST_COLUMN, last_row=BAND_LAST)
    return sheet


def ruin_status(ruin: str) -> str:
    """The status formula of the odds ``ruin`` (a cell or name), a message passed on."""
    words = {level: excel_text(text) for level, text in RUIN_STATUS.items()}
    return (f"=IF(ISTEXT({ruin}),{ruin},IF({ruin}<{RUIN_GOOD:g},{words['Good']},"
            f"IF({ruin}<={RUIN_WATCH:g},{words['Watch']},{words['Act']})))")


def risk_sections(book: Book, sheet: Sheet, plan: Checked, values: dict | None = None) -> None:
    """The whole Risk sheet, reading the plan from the Plan sheet (``plan``: its checked inputs)."""
    values = DEFAULTS if values is None else values
    sheet.section("The risks (the plan's own inputs are on the Plan sheet)")
    for spec in INPUTS:
        sheet.input(spec.name, spec.label, values.get(spec.name), spec.number_format, spec.rule, spec.doc,
                    whole=spec.whole)
    sheet.row += 1
    machinery = build_machinery(sheet, MACHINERY_TOP, INPUTS, plan)
    _summary(book, sheet, machinery)
    _bands(book, sheet, machinery)
    _charts(sheet)
    wrap_long_notes(sheet.ws, 1, sheet.row)
    for text in (f"Each future is the Plan sheet's plan with its client income, sales and launch drawn at "
                 f"random (each factor averages 1) and, if you give a chance, the loss of your largest client "
                 f"for a few months. The sheet works out {TRIALS} futures; the same seed gives the same futures "
                 f"in every spreadsheet and in xlincome's PLAN_RISK.",
                 f"From row {MACHINERY_TOP} down, columns {get_column_letter(LABEL_COLUMN)} onward work every "
                 "future out: your risk inputs as used, the generator's constants, one row per future, then one "
                 "table per step with a column per month."):
        sheet.paragraph(text, 3, styles.NOTE)


def _summary(book: Book, sheet: Sheet, m: Machinery) -> None:
    sheet.section(f"Your odds over {PLAN_MONTHS} months")
    c = m.constants
    last = PLAN_MONTHS
    native = {
        "risk_ruin": f'COUNTIF({m.month_column("lowest", last)},"<0")/{c["trials"]}',
        "risk_below_floor": f"SUM({m.trial_column('below')})/{c['trials']}",
        "risk_rebalance": f"SUM({m.month_column('rebalancing', last)})/{c['trials']}",
        **{f"risk_cash_p{p}": f"SMALL({m.month_column('cash', last)},{c[f'rank{p}']})" for p in PERCENTILES},
        "risk_lowest_p10": f"SMALL({m.month_column('lowest', last)},{c['rank10']})",
    }
    for name, label, number_format, note in SUMMARY:
        formula = (f"=ROWS({m.trial_column('trial')})" if name == "risk_trials"
                   else f'=IF({m.problem}<>"",{m.problem},{native[name]})')
        sheet.formula(name, label, formula, number_format, note, headline=True)
    ref = sheet.formula("risk_status", "Odds your savings run out", ruin_status("risk_ruin"), styles.TEXT,
                        RUIN_THRESHOLDS, headline=True)
    styles.colour_statuses(sheet.ws, ref.replace("$", ""))
    sheet.row += 1


def _bands(book: Book, sheet: Sheet, m: Machinery) -> None:
    """The month table of bands: savings and income percentiles, the share of futures ruined so far."""
    ws = sheet.ws
    ws.cell(BAND_HEADER - 1, BAND_COLUMN, f"Month by month in {TRIALS} futures").style = styles.SECTION
    sheet.header(BAND_HEADER, BAND_COLUMN, [f"={excel_text(title)}" for title in BAND_COLUMNS] + ["0 line"])
    for offset in range(len(BAND_COLUMNS) + 1):
        ws.cell(BAND_HEADER, BAND_COLUMN + offset).number_format = styles.TEXT
    c = m.constants
    for month in range(1, PLAN_MONTHS + 1):
        row = BAND_FIRST + month - 1
        cells = {"month": "=1" if month == 1 else f"={get_column_letter(BAND_COLUMN)}{row - 1}+1"}
        for p in PERCENTILES:
            cells[f"cash_p{p}"] = f"SMALL({m.month_column('cash', month)},{c[f'rank{p}']})"
            cells[f"income_p{p}"] = f"SMALL({m.month_column('total_income', month)},{c[f'rank{p}']})"
        cells["ruined"] = f'COUNTIF({m.month_column("lowest", month)},"<0")/{c["trials"]}'
        cells["zero"] = "0"
        for offset, key in enumerate((*BAND_COLUMNS, "zero")):
            formula = cells[key] if key == "month" else f'=IF({m.problem}<>"","",{cells[key]})'
            number_format = {"month": styles.COUNT, "ruined": styles.PERCENT}.get(key, styles.MONEY)
            cell = ws.cell(row, BAND_COLUMN + offset, formula)
            cell.style, cell.number_format = styles.FORMULA, number_format
    book.define("risk_table", ws, f"{absolute(BAND_COLUMN, BAND_HEADER)}:"
                f"{absolute(BAND_COLUMN + len(BAND_COLUMNS) - 1, BAND_LAST)}",
                f"result: the month table of PLAN_RISK, {PLAN_MONTHS} months under a header row")


def _charts(sheet: Sheet) -> None:
    ws = sheet.ws
    months = Reference(ws, min_col=BAND_COLUMN, min_row=BAND_FIRST, max_row=BAND_LAST)

    def series(chart, key: str, column: int) -> None:
        chart.add_data(Reference(ws, min_col=column, min_row=BAND_HEADER, max_row=BAND_LAST), titles_from_data=True)
        chart.series[-1].tx = SeriesLabel(v=LEGEND.get(key, "Futures ruined so far"))

    fan = LineChart()
    fan.title = f"Savings in {TRIALS} futures: bad, middle and good case"
    fan.y_axis.title, fan.x_axis.title = "Savings", "Month"
    for key in ("cash_p10", "cash_p50", "cash_p90"):
        series(fan, key, BAND_COLUMN + BAND_COLUMNS.index(key))
    series(fan, "zero", ZERO_COLUMN)
    for line, colour in zip(fan.series, ("C00000", "1F4E79", "70AD47", "7F7F7F")):
        line.graphicalProperties.line.solidFill = colour
        line.graphicalProperties.line.width = 28575
        line.smooth = False
    fan.series[-1].graphicalProperties.line.dashStyle = "dash"
    ruined = BarChart()
    ruined.title = "Share of futures whose savings have run out"
    ruined.y_axis.title, ruined.x_axis.title = "Futures", "Month"
    ruined.legend = None
    series(ruined, "ruined", BAND_COLUMN + BAND_COLUMNS.index("ruined"))
    ruined.series[0].graphicalProperties.solidFill = "C00000"
    ruined.y_axis.scaling.min = 0
    for chart, column, width, number_format in ((fan, LABEL_COLUMN, 19.5, "#,##0"),
                                                (ruined, LABEL_COLUMN + 6, 10, "0%")):
        chart.set_categories(months)
        chart.x_axis.delete = chart.y_axis.delete = False
        chart.y_axis.number_format = number_format
        chart.height, chart.width = 10, width
        ws.add_chart(chart, f"{get_column_letter(column)}5")
