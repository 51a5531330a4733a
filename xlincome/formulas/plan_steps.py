"""One month of TRANSITION_PLAN as spreadsheet formulas, step by step as the model works it out.

Written once, filled twice: the Plan sheet of the workbooks
(:mod:`xlincome.workbooks.templates.plan_sheet`) fills the steps with the
cells of a month's row and of the row above; the LAMBDA library
(:mod:`.lambda_plan`) with the names of a month inside ``REDUCE`` and the
last row of the months so far.  The steps follow
:func:`xlincome.model.transition_plan` (its Notes, 1 to 11), so both follow
the model; tests hold each of them to it.

Source: active-vs-semi-passive (the build phase, the revenue floor, the
Transition Planning Framework, three to six months of reserves).
"""

from __future__ import annotations

from typing import Callable

from .. import model
from ..functions import BY_NAME

#: Values the plan works out once from its inputs: key -> (label, formula template over the used inputs).
DERIVED = {
    "weeks": ("Weeks per month", "{weeks_per_year}/12"),
    "build_rate": ("Build hours per month", "{build_hours_per_week}*{weeks}"),
    "floor": ("Revenue floor per month", BY_NAME["revenue_floor"].native),
    "costs": ("Costs per month (reserves)", "{business_costs}+{personal_costs}"),
    "rate_month": ("Client rate x weeks per month", "{hourly_rate}*{weeks}"),
    "net_price": ("Price after fees", "{price}*(1-{fee_rate})"),
}

#: What the month before the first one holds, for the steps that read last month.
BEFORE_FIRST = {"built": "0", "sold": "0", "rebalancing": "0", "phase": "0", "sustained": "0", "value": "0"}


def month_steps(at: Callable[[str], str], before: Callable[[str], str], u: dict[str, str],
                month: str, first: bool | str, *, client_factor: str = "", sales_factor: str = "",
                summaries: bool = True) -> dict[str, str]:
    """The formula of each step of one month, in the order they are worked out.

    ``at(key)`` is this month's value of a step, ``before(key)`` last month's
    (the sheet gives :data:`BEFORE_FIRST`, and the starting cash, for month 1);
    ``u`` maps every input and :data:`DERIVED` value to its formula; ``month``
    is the month's number.  ``first`` is True or False where the month is known
    (the sheet), or a condition TRUE in month 1 (``REDUCE``): the upfront costs
    are paid in month 1, and rebalancing never starts before month 2.  ``client_factor`` and
    ``sales_factor`` (formula text; blank: none) multiply the month's service income and units,
    as a trial of PLAN_RISK does.  ``summaries`` adds the helpers the plan's summaries read
    (the product's value so far, paid back, below the floor); the Risk sheet's trials need none.
    """
    client = f"*{client_factor}" if client_factor else ""
    sales = f"*{sales_factor}" if sales_factor else ""
    phase = BY_NAME["phase_status"]
    phase_number = phase.native_parts["phase"].format(
        total=at("total_income"), revenue_floor=u["floor"], share=at("share"), service_income=at("service_income"),
        months_sustained=at("sustained"), reserve_months=at("reserve_months"), calm="TRUE")
    gross, upfront = at("gross"), u["upfront_costs"]
    if first is True:
        product_cash = f"{gross}-{upfront}"
    elif first is False:
        product_cash = gross
    else:
        product_cash = f"IF({first},{gross}-{upfront},{gross})"
    rebalancing = (f"IF(AND(ISNUMBER({u['target_hours_per_week']}),OR({before('rebalancing')}=1,"
                   f"{before('phase')}>={model.REBALANCE_PHASE})),1,0)")
    steps = {
        # 1. build: launched once last month's hours built reach the total
        "month": month,
        "launched": f"IF({before('built')}>={u['build_hours']},1,0)",
        "built": f"MIN({u['build_hours']},{before('built')}+{u['build_rate']})",
        "sold": f"{before('sold')}+{at('launched')}",
        # 2. product hours: this month's build hours, plus upkeep once launched
        "product_hours": f"{at('built')}-{before('built')}+{u['maintenance_hours']}*{at('launched')}",
        # 5-6. the sales ramp, the product's income and cash
        "units": f"{u['units_per_month']}*MIN(1,{at('sold')}/{u['ramp_months']}){sales}",
        "gross": f"{u['net_price']}*{at('units')}-{u['monthly_costs']}*{at('launched')}",
        "product_income": f"MAX(0,{at('gross')})",
        "product_cash": product_cash,
        # 3-4. client hours, cut toward the target once rebalancing, never under what the floor needs
        "rebalancing": "0" if first is True else rebalancing,
        "hours_before": f"MAX(0,{u['hours_per_week']}-{at('product_hours')}/{u['weeks']})",
        "need": f"MAX(0,({u['floor']}*{model.FLOOR_GUARD!r}-{at('product_income')})/{u['rate_month']})",
        "client_hours": (f"IF({at('rebalancing')}=1,MIN({at('hours_before')},"
                         f"MAX({u['target_hours_per_week']},{at('need')})),{at('hours_before')})"),
        "service_income": f"{u['hourly_rate']}*{at('client_hours')}*{u['weeks']}{client}",
        # 7-8. total income and cash: a profit is taxed, a loss is not
        "total_income": f"{at('service_income')}+{at('product_income')}",
        "profit": f"{at('service_income')}+{at('product_cash')}-{u['business_costs']}",
        "cash": (f"{before('cash')}+IF({at('profit')}>0,{at('profit')}*(1-{u['tax_rate']}),{at('profit')})"
                 f"-{u['personal_costs']}"),
        # 9-10. reserves, share, months sustained, the phase
        "reserve_months": f"MAX(0,{at('cash')})/{u['costs']}",
        "share": f"IF({at('total_income')}>0,{at('product_income')}/{at('total_income')},0)",
        "sustained": f"IF({at('share')}>={model.ENTRY_SHARE:g},{before('sustained')}+1,0)",
        "phase": phase_number,
    }
    if not summaries:
        return steps
    return steps | {
        # the summaries' helpers: the product's value so far, paid back, below the floor
        "value": f"{before('value')}+{at('product_cash')}-{at('product_hours')}*{u['hourly_rate']}",
        "paid_back": f"IF(AND({at('launched')}=1,{at('value')}>=0),1,0)",
        "below": f"IF({at('total_income')}<{u['floor']},1,0)",
    }
