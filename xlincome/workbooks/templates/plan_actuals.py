"""The plan held against the months that happened, in the income plan.

Beside each logged month of the Tracker sheet: the Plan sheet's total and
product income for the same month (Tracker's Month 1 is the Plan's month
1), and the differences (actual less planned).  A helper column marks the
last :data:`~xlincome.model.standing.PLAN_WINDOW` logged months (a COUNTIF
over the Logged column from the row down), and the Dashboard's status
"ahead of / on / behind the plan" is their product income against the
plan's (:func:`xlincome.model.standing.plan_standing`), the rule written
beside it.  Plain row-by-row formulas: SUMIF and COUNTIF over whole
ranges, no array evaluation.
"""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ...functions import excel_text
from ...model.standing import AHEAD, BEHIND, ON, PLAN_BAND, PLAN_WINDOW
from . import styles
from .plan_sheet import FIRST_ROW as PLAN_FIRST_ROW
from .plan_sheet import column_of

#: The Tracker's columns after "Logged": header and number format.
COLUMNS = (("Plan: total income", styles.MONEY), ("Plan: product income", styles.MONEY),
           ("Total against the plan", styles.MONEY), ("Product against the plan", styles.MONEY),
           (f"In the last {PLAN_WINDOW} logged (1)", styles.COUNT))
WIDTHS = (13, 13, 13, 13, 12)
#: The Dashboard's words, led by the word its colour rule reads.
STATUS = {AHEAD: f"Good: {AHEAD}", ON: f"Good: {ON}", BEHIND: f"Watch: {BEHIND}"}
NOTHING_LOGGED = "no month logged yet"
LABEL = "Product income against your plan"
#: Height of its Dashboard row (points): the rule beside it takes two lines.
ROW_HEIGHT = 32


def add_plan_columns(ws, rows: range, letter: dict[str, str]) -> None:
    """The plan's columns right of the Tracker's log (rows ``rows``; ``letter`` maps the log's titles
    to their columns)."""
    first_column = ws[f"{letter['Logged']}1"].column + 1
    last = rows[-1]
    total_plan, product_plan = (get_column_letter(column_of(key)) for key in ("total_income", "product_income"))
    for offset, ((title, _), width) in enumerate(zip(COLUMNS, WIDTHS)):
        header = ws.cell(rows[0] - 1, first_column + offset, title)
        header.style = styles.HEADER
        ws.column_dimensions[get_column_letter(first_column + offset)].width = width
    plan_letters = [get_column_letter(first_column + offset) for offset in range(len(COLUMNS))]
    logged = letter["Logged"]
    for offset, row in enumerate(rows):
        unlogged = f'{letter["Total income"]}{row}=""'
        plan_row = PLAN_FIRST_ROW + offset
        planned = [f"Plan!${column}${plan_row}" for column in (total_plan, product_plan)]
        formulas = [
            *(f'=IF({unlogged},"",IF(ISNUMBER({ref}),{ref},""))' for ref in planned),
            f'=IF(OR({unlogged},NOT(ISNUMBER({plan_letters[0]}{row}))),"",'
            f'{letter["Total income"]}{row}-{plan_letters[0]}{row})',
            f'=IF(OR({unlogged},NOT(ISNUMBER({plan_letters[1]}{row}))),"",'
            f'N({letter["Product income"]}{row})-{plan_letters[1]}{row})',
            f'=IF({unlogged},0,IF(COUNTIF({logged}{row}:${logged}${last},">0")<={PLAN_WINDOW},1,0))',
        ]
        for column, formula, (_, number_format) in zip(plan_letters, formulas, COLUMNS):
            cell = ws[f"{column}{row}"]
            cell.value = formula
            cell.style = styles.FORMULA
            cell.number_format = number_format


def _spans(tracker_columns: dict[str, str], rows: range) -> dict[str, str]:
    first, last = rows[0], rows[-1]
    return {key: f"Tracker!${column}${first}:${column}${last}" for key, column in tracker_columns.items()}


def standing_formulas(tracker_columns: dict[str, str], rows: range) -> tuple[str, str, str]:
    """The Dashboard row's value, status and rule: ``tracker_columns`` maps ``product``, ``planned``,
    ``window`` and ``logged`` to their Tracker columns."""
    span = _spans(tracker_columns, rows)
    actual = f'SUMIF({span["window"]},1,{span["product"]})'
    planned = f'SUMIF({span["window"]},1,{span["planned"]})'
    nothing = excel_text(NOTHING_LOGGED)
    value = f"=IF(latest_month=0,{nothing},{actual})"
    status = (f"=IF(ISTEXT(plan_lowest_cash),plan_lowest_cash,IF(latest_month=0,{nothing},"
              f"IF({actual}>{planned}*(1+{PLAN_BAND:g}),{excel_text(STATUS[AHEAD])},"
              f"IF({actual}<{planned}*(1-{PLAN_BAND:g}),{excel_text(STATUS[BEHIND])},{excel_text(STATUS[ON])}))))")
    months = f'MIN({PLAN_WINDOW},COUNTIF({span["logged"]},">0"))'
    rule = (f'=IF(latest_month=0,"Log months in the Tracker (xlincome actuals --into) to compare them with '
            f'the plan.","Product income of your last "&{months}&" logged months against the plan\'s "'
            f'&IF(ISNUMBER({planned}),FIXED({planned},0),"")&" for them: on the plan within '
            f'{PLAN_BAND:.0%}, ahead above, behind below.")')
    return value, status, rule


def colour(ws, cell: str) -> None:
    """Green for ahead and on the plan, amber for behind (the Dashboard's colours)."""
    for word, fill, text in (("Good", "C6EFCE", "006100"), ("Watch", "FFEB9C", "9C5700")):
        ws.conditional_formatting.add(cell, FormulaRule(
            formula=[f'LEFT({cell},{len(word)})="{word}"'], stopIfTrue=True,
            fill=PatternFill(fill_type="solid", start_color=fill, end_color=fill, bgColor=fill),
            font=Font(color=text, bold=True)))
