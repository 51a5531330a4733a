"""The Risk sheet's machinery: the portable generator and the trials' month tables, in formulas.

Below the Risk sheet's summary, chart and band table (:mod:`.risk_sheet`), in
columns E onward:

- the risk inputs as the trials use them (a blank takes its default), each
  input's rule and the first rule broken (the Plan sheet's first, then the
  risk inputs'), which every result shows instead of a number;
- the generator's constants (the prime, the seed's two parts and the seed
  scrambled in two rounds), each factor's sigma and half its variance, the
  percentile ranks;
- one row per trial: the trial's key in two rounds and its cube, the launch factor's
  draw (month 0, kind 0), the launch factor, the trial's lowest income
  and whether it fell under the floor;
- one table per step, rows the trials and columns the months: the draws
  (two rounds each; kind 1 the client factor, 2 the sales factor, 3 the
  client-loss event), the factors and the loss spell, then the plan's own
  steps (:func:`.plan_sheet.month_steps`, the Plan sheet's own formula
  builder) with the factors in, and the lowest savings so far.

The steps that no factor changes (the build, launch and hours before any
cut, :data:`.plan_sheet.CERTAIN_STEPS`) are read from the Plan sheet's month
table.  Every intermediate of the generator is an integer below 2^53 and
every ``MOD`` quotient is below 2^27, so every engine computes the same
draws as Python (``docs/risk.md``).

The generator: Widynski, "Squares: a fast counter-based RNG" (2020), keyed
rounds of a counter, adapted to arithmetic modulo a prime below 2^26 (cubing
so each round is a bijection).
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from ...functions import excel_text
from ...model.random import CLIENT, DRAW_ROUNDS, KEY_ROUND, LAUNCH, LOSS, SALES, SEED_ROUND
from ...model.random import P as PRIME
from ...model.risk import PERCENTILES
from ...profiles.schema import PLAN_MONTHS
from . import styles
from .book import absolute, whole_text
from .plan_sheet import CERTAIN_STEPS, FIRST_ROW, Checked, column_of, month_steps

#: Futures the sheet runs (PLAN_RISK's trials 1 to TRIALS with the sheet's seed).
TRIALS = 100

#: The step tables, in the order they are worked out: key -> title.
DRAW_TABLES = {
    "client_round": "Client draw, first rounds (kind 1)",
    "client_draw": "Client draw x (kind 1)",
    "client_factor": "Client factor C",
    "sales_round": "Sales draw, first rounds (kind 2)",
    "sales_draw": "Sales draw x (kind 2)",
    "sales_factor": "Sales factor S",
    "loss_round": "Client-loss draw, first rounds (kind 3)",
    "loss_draw": "Client-loss draw x (kind 3)",
    "loss_factor": "Client income kept (1 - loss share in a loss spell, else 1)",
    "loss_left": "Months of the loss spell left after this month",
}
#: The plan's steps each trial works out itself (the others are the Plan sheet's), and the lowest savings so far.
PLAN_TABLES = {
    "units": "Units sold", "gross": "Product sales less running costs",
    "product_income": "Product income", "product_cash": "Product cash (less upfront costs in month 1)",
    "rebalancing": "Rebalancing (1 once started)", "need": "Client hours the floor needs",
    "client_hours": "Client hours per week", "service_income": "Client income",
    "total_income": "Total income", "profit": "Profit before tax", "cash": "Savings",
    "reserve_months": "Months of costs the savings cover", "share": "Product share of income",
    "sustained": "Months in a row with a 20% share", "phase": "Phase",
    "lowest": "Lowest savings so far",
}
TABLES = {**DRAW_TABLES, **PLAN_TABLES}
#: The per-trial columns: key -> header.
TRIAL_COLUMNS = {
    "trial": "Trial", "first": "Key, first round (trial, s)", "key": "Key", "key_cubed": "Key cubed (mod P)",
    "launch_round": "Launch draw, first rounds (kind 0)", "launch_draw": "Launch draw x (kind 0)",
    "launch_factor": "Launch factor L", "lowest_income": "Lowest total income",
    "below": "Below the floor in some month (1)",
}
_FORMATS = {"client_factor": "0.0000", "sales_factor": "0.0000", "loss_factor": "0.00", "loss_left": styles.COUNT,
            "units": styles.UNITS, "gross": styles.MONEY, "product_income": styles.MONEY,
            "product_cash": styles.MONEY, "rebalancing": styles.COUNT, "need": styles.HOURS,
            "client_hours": styles.HOURS, "service_income": styles.MONEY, "total_income": styles.MONEY,
            "profit": styles.MONEY, "cash": styles.MONEY, "reserve_months": styles.MONTHS,
            "share": styles.PERCENT, "sustained": styles.COUNT, "phase": styles.COUNT, "lowest": styles.MONEY,
            "launch_factor": "0.0000", "lowest_income": styles.MONEY}
#: The label column of every machinery block, and the first month's column of the step tables.
LABEL_COLUMN = 5
MONTH_COLUMN = LABEL_COLUMN + 1


@dataclass(frozen=True)
class RiskInput:
    """A risk input: its name (PLAN_RISK's argument), label, format, rule, default and meaning."""

    name: str
    label: str
    number_format: str
    rule: object
    default: float
    doc: str
    whole: bool = False

    @property
    def text(self) -> str:
        """The rule in words."""
        return whole_text(self.rule) if self.whole else self.rule.text


@dataclass
class Machinery:
    """Where the machinery put what the summary, bands and charts read."""

    problem: str
    used: dict[str, str]
    constants: dict[str, str]
    trial_rows: tuple[int, int]
    table_rows: dict[str, int]

    def trial_column(self, key: str) -> str:
        """The per-trial column ``key`` over every trial, absolute (``$L$120:$L$219``)."""
        column = LABEL_COLUMN + list(TRIAL_COLUMNS).index(key)
        return f"{absolute(column, self.trial_rows[0])}:{absolute(column, self.trial_rows[1])}"

    def month_column(self, key: str, month: int) -> str:
        """The step table ``key`` in ``month`` over every trial, absolute."""
        first = self.table_rows[key]
        column = MONTH_COLUMN + month - 1
        return f"{absolute(column, first)}:{absolute(column, first + TRIALS - 1)}"


def _g(value: float) -> str:
    return f"{value:g}"


def first_rounds(key_cubed: str, counter: str) -> str:
    """round(round(key, counter), 2654435) of the portable generator, from the key's cube: round(key, v) is
    MOD(key^3 mod P + v, P) (``counter`` below P)."""
    r = f"MOD({key_cubed}+{counter},{PRIME})"
    return f"MOD(MOD({r}*{r},{PRIME})*{r}+{DRAW_ROUNDS[0]},{PRIME})"


def last_round(rounds: str) -> str:
    """The draw x: the last round, round(x, 40499)."""
    return f"MOD(MOD({rounds}*{rounds},{PRIME})*{rounds}+{DRAW_ROUNDS[1]},{PRIME})"


def uniform(draw: str) -> str:
    """u = (x + 0.5) / P, strictly inside (0, 1)."""
    return f"({draw}+0.5)/{PRIME}"


def factor(draw: str, sigma: str, half: str) -> str:
    """The lognormal factor with mean 1: EXP(sigma * NORMSINV(u) - sigma^2 / 2)."""
    return f"EXP({sigma}*NORMSINV({uniform(draw)})-{half})"


#: Rows of the constants block (:func:`_constants`): P, the seed's two parts and its two rounds,
#: three sigmas and halves, the share kept, the trials and the three ranks.
CONSTANT_ROWS = 5 + 6 + 2 + len(PERCENTILES)


def layout(top: int, inputs: int) -> tuple[tuple[int, int], dict[str, int]]:
    """Where the machinery starting at row ``top`` (with ``inputs`` risk inputs) puts the trials'
    rows and each step table's first row."""
    checks_last = top + 2 + inputs
    constants_last = checks_last + 2 + 1 + CONSTANT_ROWS
    first_trial = constants_last + 2 + 2
    trial_rows = (first_trial, first_trial + TRIALS - 1)
    row = trial_rows[1] + 2
    tables = {}
    for key in TABLES:
        tables[key] = row + 2
        row += TRIALS + 3
    return trial_rows, tables


def build_machinery(sheet, top: int, inputs: tuple[RiskInput, ...], plan: Checked) -> Machinery:
    """Every block of the machinery from row ``top`` down; returns where things are."""
    ws = sheet.ws
    problem, used, row = _checks(ws, top, inputs, plan)
    constants, row = _constants(ws, row + 2, used, problem)
    trial_rows, table_rows = layout(top, len(inputs))
    _trial_table(ws, row + 2, constants, problem)
    machinery = Machinery(problem, used, constants, trial_rows, table_rows)
    plan_used = {name: f"Plan!{ref}" for name, ref in plan.used.items()}
    _trial_summaries(ws, machinery, plan_used)
    for key, title in TABLES.items():
        _table_frame(ws, machinery.table_rows[key], title)
    for trial in range(1, TRIALS + 1):
        for month in range(1, PLAN_MONTHS + 1):
            for key, formula in _trial_month(machinery, plan_used, trial, month).items():
                _formula(ws, machinery.table_rows[key] + trial - 1, MONTH_COLUMN + month - 1,
                         f'=IF({problem}<>"","",{formula})', _FORMATS.get(key, styles.COUNT))
    return machinery


def _formula(ws, row: int, column: int, formula, number_format: str, style: str = styles.FORMULA) -> None:
    cell = ws.cell(row, column, formula)
    cell.style = style
    cell.number_format = number_format


def _header(ws, row: int, column: int, titles) -> None:
    for offset, title in enumerate(titles):
        ws.cell(row, column + offset, title).style = styles.HEADER
    ws.row_dimensions[row].height = 30


def _checks(ws, top: int, inputs: tuple[RiskInput, ...], plan: Checked) -> tuple[str, dict[str, str], int]:
    """Each risk input as the trials use it, its rule broken, and the first rule broken (the plan's first)."""
    ws.cell(top, LABEL_COLUMN, "The risk inputs as the trials use them").style = styles.SECTION
    _header(ws, top + 1, LABEL_COLUMN, ("Input", "Used", "Rule broken", "First rule broken"))
    row = top + 2
    ws.cell(row, LABEL_COLUMN, "the Plan sheet's inputs")
    _formula(ws, row, LABEL_COLUMN + 2, f"=Plan!{plan.problem}", styles.TEXT)
    _formula(ws, row, LABEL_COLUMN + 3, f"={get_column_letter(LABEL_COLUMN + 2)}{row}", styles.TEXT)
    first = absolute(LABEL_COLUMN + 3, row)
    used = {}
    for spec in inputs:
        row += 1
        name = spec.name
        ws.cell(row, LABEL_COLUMN, name)
        _formula(ws, row, LABEL_COLUMN + 1, f"=IF(ISBLANK({name}),{_g(spec.default)},{name})", spec.number_format)
        broken = f"AND(NOT(ISBLANK({name})),{spec.rule.excel_outside(name)})"
        message = excel_text(f"{name} {spec.text}")
        check = f'IF({broken},{message},"")'
        if spec.whole:  # a whole number: tested only once it is a number in its range
            check = f'IF({broken},{message},IF(ISBLANK({name}),"",IF({name}<>INT({name}),{message},"")))'
        _formula(ws, row, LABEL_COLUMN + 2, f"={check}", styles.TEXT)
        here = f"{get_column_letter(LABEL_COLUMN + 2)}{row}"
        _formula(ws, row, LABEL_COLUMN + 3, f'=IF({first}<>"",{first},{here})', styles.TEXT)
        first = absolute(LABEL_COLUMN + 3, row)
        used[name] = absolute(LABEL_COLUMN + 1, row)
    return first, used, row


def _constants(ws, top: int, used: dict[str, str], problem: str) -> tuple[dict[str, str], int]:
    """The generator's constants, the factors' sigmas and half variances, the percentile ranks."""
    ws.cell(top, LABEL_COLUMN, "The generator's constants").style = styles.SECTION
    _header(ws, top + 1, LABEL_COLUMN, ("Constant", "Value"))
    P = PRIME
    rows = [("prime", "P (prime, 2^26 - 5)", str(P), styles.COUNT),
            ("low", "seed mod P", f"MOD({used['seed']},{P})", styles.COUNT),
            ("high", "seed / P, whole part", f"INT({used['seed']}/{P})", styles.COUNT),
            ("scrambled", "seed, first round", "MOD(MOD({low}*{low},%d)*{low}+%d,%d)" % (P, SEED_ROUND, P),
             styles.COUNT),
            ("seed_key", "seed scrambled, s", "MOD(MOD({scrambled}*{scrambled},%d)*{scrambled}+{high},%d)" % (P, P),
             styles.COUNT)]
    for kind in ("client", "sales", "launch"):
        cv = used[f"{kind}_cv"]
        rows.append((f"{kind}_sigma", f"{kind} sigma = SQRT(LN(1 + cv^2))", f"SQRT(LN(1+{cv}^2))", "0.000000"))
        rows.append((f"{kind}_half", f"{kind} sigma^2 / 2", f"{{{kind}_sigma}}^2/2", "0.000000"))
    rows.append(("kept", "Client income kept in a loss spell", f"1-{used['loss_share']}", styles.PERCENT))
    rows.append(("trials", "Trials", str(TRIALS), styles.COUNT))
    for p in PERCENTILES:
        rows.append((f"rank{p}", f"Rank of the {p}th percentile", f"ROUNDUP({p}*{{trials}}/100,0)", styles.COUNT))
    constants: dict[str, str] = {}
    row = top + 1
    for key, label, template, number_format in rows:
        row += 1
        ws.cell(row, LABEL_COLUMN, label)
        formula = template.format(**constants)
        _formula(ws, row, LABEL_COLUMN + 1, f'=IF({problem}<>"","",{formula})', number_format)
        constants[key] = absolute(LABEL_COLUMN + 1, row)
    return constants, row


def _trial_table(ws, top: int, c: dict[str, str], problem: str) -> None:
    """One row per trial: its number, its key in two rounds (the trial cubed with the seed's s, then
    40503) and the key's cube, the launch draw and factor."""
    ws.cell(top, LABEL_COLUMN, f"Each of the {TRIALS} trials").style = styles.SECTION
    _header(ws, top + 1, LABEL_COLUMN, TRIAL_COLUMNS.values())
    first_row = top + 2
    for trial in range(1, TRIALS + 1):
        row = first_row + trial - 1
        cells = {key: f"{get_column_letter(LABEL_COLUMN + index)}{row}" for index, key in enumerate(TRIAL_COLUMNS)}
        _formula(ws, row, LABEL_COLUMN, trial, styles.COUNT)
        formulas = {
            "first": f"MOD(MOD({cells['trial']}*{cells['trial']},{PRIME})*{cells['trial']}+{c['seed_key']},{PRIME})",
            "key": f"MOD(MOD({cells['first']}*{cells['first']},{PRIME})*{cells['first']}+{KEY_ROUND},{PRIME})",
            "key_cubed": f"MOD(MOD({cells['key']}*{cells['key']},{PRIME})*{cells['key']},{PRIME})",
            "launch_round": first_rounds(cells["key_cubed"], str(LAUNCH)),
            "launch_draw": last_round(cells["launch_round"]),
            "launch_factor": factor(cells["launch_draw"], c["launch_sigma"], c["launch_half"]),
        }
        for key, formula in formulas.items():
            column = LABEL_COLUMN + list(TRIAL_COLUMNS).index(key)
            _formula(ws, row, column, f'=IF({problem}<>"","",{formula})', _FORMATS.get(key, styles.COUNT))


def _trial_summaries(ws, m: Machinery, plan_used: dict[str, str]) -> None:
    """Each trial's lowest total income, and 1 if it fell under the floor in some month."""
    for trial in range(1, TRIALS + 1):
        row = m.trial_rows[0] + trial - 1
        first = m.table_rows["total_income"] + trial - 1
        incomes = f"{get_column_letter(MONTH_COLUMN)}{first}:{get_column_letter(MONTH_COLUMN + PLAN_MONTHS - 1)}{first}"
        lowest = f"{get_column_letter(LABEL_COLUMN + list(TRIAL_COLUMNS).index('lowest_income'))}{row}"
        for key, formula in (("lowest_income", f"MIN({incomes})"),
                             ("below", f"IF({lowest}<{plan_used['floor']},1,0)")):
            _formula(ws, row, LABEL_COLUMN + list(TRIAL_COLUMNS).index(key),
                     f'=IF({m.problem}<>"","",{formula})', _FORMATS.get(key, styles.COUNT))


def _table_frame(ws, first: int, title: str) -> None:
    """A step table's title, header (trial, month 1 ...) and trial numbers."""
    ws.cell(first - 2, LABEL_COLUMN, title).style = styles.SECTION
    _header(ws, first - 1, LABEL_COLUMN, ["Trial \\ month", *range(1, PLAN_MONTHS + 1)])
    for month in range(1, PLAN_MONTHS + 1):
        ws.cell(first - 1, LABEL_COLUMN + month).number_format = styles.COUNT
    for trial in range(1, TRIALS + 1):
        _formula(ws, first + trial - 1, LABEL_COLUMN, trial, styles.COUNT)


def _trial_month(m: Machinery, plan_used: dict[str, str], trial: int, month: int) -> dict[str, str]:
    """Every step table's formula for one trial in one month."""
    c = m.constants

    def at(key: str, when: int) -> str:
        if key in CERTAIN_STEPS:
            return f"Plan!{absolute(column_of(key), FIRST_ROW + when - 1)}"
        return f"{get_column_letter(MONTH_COLUMN + when - 1)}{m.table_rows[key] + trial - 1}"

    def trial_cell(key: str) -> str:
        return f"{absolute(LABEL_COLUMN + list(TRIAL_COLUMNS).index(key), m.trial_rows[0] + trial - 1)}"

    key_cubed = trial_cell("key_cubed")
    out = {}
    for kind, name in ((CLIENT, "client"), (SALES, "sales"), (LOSS, "loss")):
        out[f"{name}_round"] = first_rounds(key_cubed, str(4 * month + kind))
        out[f"{name}_draw"] = last_round(at(f"{name}_round", month))
    for name in ("client", "sales"):
        out[f"{name}_factor"] = factor(at(f"{name}_draw", month), c[f"{name}_sigma"], c[f"{name}_half"])
    loss_event = f"{uniform(at('loss_draw', month))}<{m.used['client_loss']}"
    if month == 1:
        out["loss_factor"] = f"IF({loss_event},{c['kept']},1)"
        out["loss_left"] = f"IF({loss_event},{m.used['loss_months']}-1,0)"
    else:
        left = at("loss_left", month - 1)
        out["loss_factor"] = f"IF(OR({left}>0,{loss_event}),{c['kept']},1)"
        out["loss_left"] = f"IF({left}>0,{left}-1,IF({loss_event},{m.used['loss_months']}-1,0))"
    steps = month_steps(month, plan_used, at, client_factor=f"{at('client_factor', month)}*{at('loss_factor', month)}",
                        sales_factor=f"{trial_cell('launch_factor')}*{at('sales_factor', month)}")
    out.update({key: steps[key] for key in PLAN_TABLES if key in steps})
    out["lowest"] = at("cash", 1) if month == 1 else f"MIN({at('lowest', month - 1)},{at('cash', month)})"
    return out
