"""``hybrid_mix.xlsx``: a table of income streams, their active and scalable
totals, the scalable share against the healthy 30-40 % band, the gap,
the effective number of streams, and a chart of the mix.

Sources: active-vs-semi-passive ("60-70 % service, 30-40 % scalable"),
portfolio (a portfolio of small, independent bets).
"""

from __future__ import annotations

from openpyxl.chart import PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill

from ... import model
from ...functions import BY_NAME, COUNTS_AS, excel_text
from . import formulas, styles
from .book import Book, Sheet, add_xlwings_conf
from .charts import set_text_categories
from .guide import add_guide

#: The seed's example portfolio (active-vs-semi-passive's hybrid income table).
EXAMPLE_STREAMS = (("Consulting clients", "consulting", 8000), ("Design toolkit", "toolkit", 2500),
                   ("Workshops", "workshop", 1500), ("Template subscription", "subscription", 1000))
EXAMPLE = {"target_low": model.TARGET_LOW, "target_high": model.TARGET_HIGH}
STREAM_ROWS = 12
WIDTHS = {"A": 30, "B": 16, "C": 18, "D": 12, "E": 3}
#: The print area's last column: the pie chart ends there.
LAST_COLUMN = "M"


def mix_sections(book: Book, sheet: Sheet, *, streams, values: dict, linked=()) -> None:
    """The stream table (``linked`` rows first: (label, kind, formula), locked; their
    results' messages are passed on), targets and results."""
    f = book.formulas
    ws = sheet.ws
    mix = BY_NAME["hybrid_mix"]
    sheet.section("Income streams per month")
    sheet.header(sheet.row, 1, ["Stream", "Kind", "Amount per month", "Counts as"])
    first = sheet.row + 1
    for offset in range(STREAM_ROWS):
        row = first + offset
        kind_cell = ws.cell(row, 2)
        if offset < len(linked):
            label, kind, formula = linked[offset]
            for column, value in ((1, label), (2, "=" + excel_text(kind)), (3, formula)):
                ws.cell(row, column, value).style = styles.FORMULA
        else:
            index = offset - len(linked)
            label, kind, amount = streams[index] if index < len(streams) else (None, None, None)
            for column, value in ((1, label), (2, kind), (3, amount)):
                ws.cell(row, column, value).style = styles.INPUT
        for column, number_format in ((1, styles.TEXT), (2, styles.TEXT), (3, styles.MONEY)):
            ws.cell(row, column).number_format = number_format
        cell = ws.cell(row, 4, formulas.counts_as(kind_cell.coordinate, ws.cell(row, 3).coordinate))
        cell.style = styles.FORMULA
        cell.number_format = styles.TEXT
    last = first + STREAM_ROWS - 1
    inputs = first + len(linked)
    sheet.validate_text(f"A{inputs}:A{last}", "Stream", "A name for this income stream.")
    sheet.validate_list(f"B{inputs}:B{last}", "kinds", mix.argument_docs["kinds"], model.KINDS)
    sheet.validate_number(f"C{inputs}:C{last}", mix.python.domain["amounts"], "amounts",
                          mix.argument_docs["amounts"])
    book.define("kinds", ws, f"$B${first}:$B${last}", "input: " + mix.argument_docs["kinds"])
    book.define("amounts", ws, f"$C${first}:$C${last}", "input: " + mix.argument_docs["amounts"])
    sheet.row = last + 2
    sheet.section("Healthy band of the scalable share")
    for name, label in (("target_low", "Low end"), ("target_high", "High end")):
        sheet.input(name, label, values[name], styles.PERCENT, mix.python.domain[name], mix.argument_docs[name])
    sheet.row += 1
    sheet.section("Your mix")
    amounts = formulas.Source("amounts", passed_on=tuple(f"$C${first + offset}" for offset in range(len(linked))))
    kinds = formulas.Source("kinds", counts_as=f"$D${first}:$D${last}")
    sources = {"amounts": amounts, "kinds": kinds,
               **{name: book.named(name) for name in ("target_low", "target_high")}}
    totals = sheet.row
    sheet.formula("active_income", "Active income", formulas.native_part("hybrid_mix", "active", sources),
                  styles.MONEY, "Income paid for your time, money per month.")
    sheet.formula("scalable_income", "Scalable income", formulas.native_part("hybrid_mix", "scalable", sources),
                  styles.MONEY, "Income that sells without more hours, money per month.")
    sheet.formula("hybrid_mix", "Scalable share", formulas.result("hybrid_mix", sources, f, "share"),
                  styles.PERCENT, "Scalable income / (active + scalable income).", headline=True)
    sheet.formula("mix_status", "Status", formulas.result("hybrid_mix", sources, f, "status"), styles.TEXT,
                  "Your scalable share against the healthy band above.", headline=True)
    sheet.formula("mix_gap", "Scalable income still missing", formulas.result("hybrid_mix", sources, f, "gap"),
                  styles.MONEY, "Extra scalable income a month to reach the low end, active income unchanged.",
                  headline=True)
    sheet.formula("effective_streams", "Effective income streams",
                  formulas.result("effective_streams", {"amounts": amounts}, f), "0.00",
                  "Your income is as spread out as this many equal streams (1 / sum of squared shares).",
                  headline=True)
    _mark_rows(ws, f"D{first}:D{last}")
    _chart(sheet, totals, first - 1)


def _mark_rows(ws, cells: str) -> None:
    """Blank rows in grey; a row with an unknown kind or an amount without a kind in red."""
    top = cells.split(":")[0]
    blank, no_kind, unknown = (excel_text(COUNTS_AS[key]) for key in ("blank", "no_kind", "unknown"))
    ws.conditional_formatting.add(cells, FormulaRule(formula=[f"{top}={blank}"], stopIfTrue=True,
                                                     font=Font(color="A6A6A6")))
    ws.conditional_formatting.add(cells, FormulaRule(
        formula=[f"OR({top}={no_kind},{top}={unknown})"], stopIfTrue=True, font=Font(color="9C0006", bold=True),
        fill=PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE", bgColor="FFC7CE")))


def _chart(sheet: Sheet, totals: int, top: int) -> None:
    """A pie of active against scalable income (the rows at ``totals`` and below)."""
    chart = PieChart()
    chart.title = "Active and scalable income"
    chart.add_data(Reference(sheet.ws, min_col=2, min_row=totals, max_row=totals + 1))
    set_text_categories(chart, Reference(sheet.ws, min_col=1, min_row=totals, max_row=totals + 1))
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showPercent = True
    chart.dataLabels.showCatName = True
    for hidden in ("showVal", "showSerName", "showLegendKey"):
        setattr(chart.dataLabels, hidden, False)
    chart.legend.position = "b"
    chart.height, chart.width = 8, 11
    sheet.ws.add_chart(chart, f"F{top}")


def build(formulas_kind: str) -> Book:
    book = Book("Hybrid income mix", "How your scalable income compares with the healthy 30-40 %.", formulas_kind)
    sheet = book.sheet("Mix", "Hybrid income mix",
                       "Your income streams against the healthy mix: 60-70 % client work, 30-40 % scalable.",
                       WIDTHS)
    mix_sections(book, sheet, streams=EXAMPLE_STREAMS, values=EXAMPLE)
    sheet.finish(landscape=True, last_column=LAST_COLUMN)
    add_guide(book, ["List your income streams: a name, a kind from the drop-down list and the monthly amount.",
                     "Adjust the healthy band if you aim for another mix.",
                     "Read the share, status, gap and effective streams below the table."])
    add_xlwings_conf(book)
    return book
