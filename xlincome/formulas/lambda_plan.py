"""TRANSITION_PLAN as a LAMBDA: the months through ``REDUCE``, the summaries from them.

``REDUCE`` runs over the months ``SEQUENCE(months)``; each step works one
month out from the last row of the months so far with the plan's own steps
(:func:`.plan_steps.month_steps`, the formulas of the Plan sheet's rows) and
stacks its row under them (``VSTACK``).  The summaries read the finished
months: the launch from the months of sales, the first month paid back and
the first month rebalancing by ``MATCH``, the lowest savings by ``MIN``, the
months below the floor by ``SUM``, the last month's share and phase by
``INDEX``.  ``result="table"`` spills the month table, a header row and one
row per month (``CHOOSECOLS`` of the model's columns).

Source: active-vs-semi-passive (the build phase, the revenue floor, the
Transition Planning Framework, three to six months of reserves).
"""

from __future__ import annotations

from .. import model
from ..functions import BY_NAME, Function, excel_text
from . import plan_steps
from .lambdas import Definition, Layers, argument_value, choice_value, choose, definition
from .native import message

#: The steps of a month, in the order they are worked out.
STEPS = tuple(plan_steps.month_steps(str, str, {key: key for key in (
    *BY_NAME["transition_plan"].python.domain, *plan_steps.DERIVED)}, "1", "TRUE"))
#: The steps each month's row keeps: those the next month reads, the table's columns and the
#: summaries' helpers (a formula holds at most 8192 characters: the others stay inside the step).
ROW = tuple(key for key in STEPS if key in {*plan_steps.BEFORE_FIRST, "cash", *model.PLAN_COLUMNS, "paid_back",
                                             "below"})


def _column(key: str) -> int:
    return ROW.index(key) + 1


def _month(u: dict[str, str]) -> str:
    """The REDUCE step: the months so far (``acc_``) with month ``m_`` stacked under them."""
    def before(key: str) -> str:
        return f"INDEX(last_,{_column(key)})"

    steps = plan_steps.month_steps(_at, before, u, "m_", "m_=1")
    bindings = ",".join(f"{_at(key)},{steps[key]}" for key in STEPS)
    row = ",".join(_at(key) for key in ROW)
    return f"LAMBDA(acc_,m_,VSTACK(acc_,LET(last_,TAKE(acc_,-1),{bindings},HSTACK({row}))))"


def _at(key: str) -> str:
    """The name of this month's value of a step inside the REDUCE step."""
    return f"m_{key}"


def _summaries(u: dict[str, str], months: str) -> dict[str, str]:
    """Each summary result over the months (``rows_``: one row per month, :data:`STEPS`)."""
    never = excel_text(model.NEVER)

    def column(key: str) -> str:
        return f"INDEX(rows_,0,{_column(key)})"

    def last(key: str) -> str:
        return f"INDEX(rows_,{months},{_column(key)})"

    sold = last("sold")
    label = BY_NAME["phase_status"].native_results["label"].format(phase=last("phase"))
    header = ",".join(excel_text(name) for name in model.PLAN_COLUMNS)
    columns = ",".join(str(_column(name)) for name in model.PLAN_COLUMNS)
    return {
        "table": f"VSTACK(HSTACK({header}),CHOOSECOLS(rows_,{columns}))",
        # launched the month after the build: the months of sales count back to it; past the
        # horizon, the build goes on at the same pace
        "launch": (f"IF({sold}>0,{months}-{sold}+1,IF({u['build_rate']}>0,"
                   f"MAX({months}+1,ROUNDUP({u['build_hours']}/{u['build_rate']},0)+1),{never}))"),
        "breakeven": f"IFERROR(MATCH(1,{column('paid_back')},0),{never})",
        "rebalance": f"IFERROR(MATCH(1,{column('rebalancing')},0),{never})",
        "lowest_cash": f"MIN({column('cash')})",
        "below_floor": f"SUM({column('below')})",
        "final_share": last("share"),
        "final_phase": label,
    }


def define(entry: Function, prefix: str = "", taken: frozenset[str] = frozenset()) -> Definition:
    """TRANSITION_PLAN's LAMBDA: the inputs checked, the months simulated, the result chosen (named and
    its parameters clear of ``taken`` as :func:`.lambdas.define` says)."""
    layers = Layers(taken)
    u: dict[str, str] = {}
    choice = ""
    for argument in entry.arguments:
        if argument.name == "result":
            choice = choice_value(layers, argument)
        else:
            u[argument.name] = argument_value(layers, argument)
    months = u["months"]
    layers.problem("months", [(f"{months}<>INT({months})",
                               excel_text(f"must be a whole number in [1, {model.PLAN_MAX_MONTHS}]"))],
                   unless="bad_months", key="whole_months")
    for key, (_, template) in plan_steps.DERIVED.items():
        u[key] = layers.let(f"{key}_", template.format(**u))
    checks = [(f"{u['business_costs']}+{u['personal_costs']}<=0",
               message(model.NO_COSTS.argument, model.NO_COSTS.rule))]
    start = ",".join(u["cash"] if key == "cash" else plan_steps.BEFORE_FIRST.get(key, "0") for key in ROW)
    body_names = {"rows_", "acc_", "m_", "last_", *(_at(key) for key in STEPS)}
    table = f"DROP(REDUCE(HSTACK({start}),SEQUENCE({months}),{_month(u)}),1)"
    argument = next(argument for argument in entry.arguments if argument.name == "result")
    body = f"LET(rows_,{table},{choose(choice, argument, _summaries(u, months))})"
    return definition(entry, layers, checks, body, body_names, prefix)
