"""Every function of the table as a LAMBDA defined name: the library Excel 365 and 2024 run
with nothing installed.

One :class:`Definition` per function of :data:`xlincome.functions.FUNCTIONS`
(those of :data:`LEFT_OUT` excepted, each with its reason), named by its
Excel name, with the model's argument names as parameters, the optional ones
in brackets.  An optional argument omitted or blank takes its default
(``ISOMITTED``, ``ISBLANK``); a choice (``result``) is read as the model reads
it, trimmed and in any case.  Each argument is checked as the Excel functions
check it (:mod:`xlincome.excel.udfs`): blank where required (``is required``),
not a number (``must be a number``), outside its rule (the rule in words, as
:mod:`xlincome.model.rules` says it); then the function's own rules between
arguments (``native_checks``).  The result is the function's native formula
(:mod:`.native`), the one the workbooks use, filled with the parameters:
a number, ``never``, a label, or the message of the first broken rule.

HYBRID_MIX and EFFECTIVE_STREAMS take ranges, as the Excel functions do:
what each stream row counts as is worked out with ``MAP`` over the kinds and
amounts (the workbooks' helper cells, as an array), blank rows ignored.
TRANSITION_PLAN is built in :mod:`.lambda_plan`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..functions import AMOUNTS, CHOICE, FUNCTIONS, KINDS, NATIVE_CONSTANTS, Argument, Function, excel_text
from ..model.rules import Interval
from .native import filled, message, nested, range_outside, row_formula
from .stored import stored

#: Functions of the table the library leaves out, with the reason: each is an Excel
#: function of the add-ins only.
LEFT_OUT = {
    "PLAN_RISK": "too heavy for a formula: trials x months of draws",
}


@dataclass(frozen=True)
class Definition:
    """One function of the library: its name, a description, and its LAMBDA as typed and as stored."""

    name: str
    comment: str
    display: str
    stored: str


class Layers:
    """A LAMBDA's body as one LET: each argument's value and the rule it breaks (``""``: none), in
    the order the Excel functions check them; the first broken rule with its argument's name,
    else the result.

    One LET and one lookup of the first problem, not a chain of IFs: Excel nests at most
    64 functions in a formula and takes at most 8192 characters, and a function of twenty
    arguments checks sixty rules.
    """

    def __init__(self, taken: frozenset[str] = frozenset()) -> None:
        #: Names the workbook already holds (lower case): no parameter may be one of them.
        self.taken = taken
        self.bindings: list[tuple[str, str | list[tuple[str, str]]]] = []
        self.problems: list[tuple[str, str]] = []

    @property
    def bound(self) -> set[str]:
        return ({name for name, _ in self.bindings} | {"problems_", "labels_", "first_", "problem_"}
                | {name for name, _ in self._rules().values()})

    def let(self, name: str, formula: str) -> str:
        self.bindings.append((name, formula))
        return name

    def problem(self, label: str, guards: list[tuple[str, str]], unless: str | None = None,
                key: str | None = None) -> None:
        """The rule ``label`` breaks (bound as ``bad_<key or label>``): the rule text of the first
        guard whose condition holds, else ``""``; not looked at while the problem ``unless`` holds."""
        if unless:
            guards = [(f'{unless}<>""', '""'), *guards]
        name = f"bad_{key or label}"
        self.bindings.append((name, guards))
        self.problems.append((label, name))

    def _rules(self) -> dict[str, tuple[str, int]]:
        """Each rule text said by more than one problem: (its LET name, uses)."""
        uses: dict[str, int] = {}
        for _, formula in self.bindings:
            for _, outcome in formula if isinstance(formula, list) else ():
                uses[outcome] = uses.get(outcome, 0) + 1
        shared = [text for text, count in uses.items() if count > 1 and text != '""']
        return {text: (f"rule{index}_", uses[text]) for index, text in enumerate(shared, 1)}

    def around(self, checks: list[tuple[str, str]], body: str) -> str:
        """``body`` behind every problem, then behind the rules between arguments (``checks``)."""
        rules = self._rules()
        bindings = [(name, text) for text, (name, _) in rules.items()]
        for name, formula in self.bindings:
            if isinstance(formula, list):
                formula = nested([(condition, rules.get(outcome, (outcome,))[0]) for condition, outcome in formula],
                                 '""')
            bindings.append((name, formula))
        labels = ",".join(excel_text(label) for label, _ in self.problems)
        problems = ",".join(name for _, name in self.problems)
        bindings += [("problems_", f"HSTACK({problems})"), ("labels_", f"HSTACK({labels})"),
                     ("first_", 'IFERROR(MATCH(TRUE,problems_<>"",0),0)'),
                     ("problem_", 'IF(first_=0,"",INDEX(labels_,first_)&" "&INDEX(problems_,first_))')]
        text = f'IF(problem_<>"",problem_,{nested(checks, body)})'
        return f"LET({','.join(f'{name},{formula}' for name, formula in bindings)},{text})"


def omitted_or_blank(parameter: str, default: str, value: str | None = None) -> str:
    """``default`` when ``parameter`` is omitted or a blank cell, else ``value`` (the parameter)."""
    return f"IF(ISOMITTED({parameter}),{default},IF(ISBLANK({parameter}),{default},{value or parameter}))"


def argument_value(layers: Layers, argument: Argument) -> str:
    """The formula of one number argument as the function uses it, and its problem (the
    order of the Excel functions: required, a number, its rule)."""
    name, rule = parameter(argument, layers.taken), argument.rule
    guards = []
    if not argument.optional:
        guards += [(f"ISOMITTED({name})", excel_text("is required")), (f"ISBLANK({name})", excel_text("is required"))]
        value = name
    elif argument.default is None:  # blank: not given (not checked)
        value = layers.let(f"{name}_", omitted_or_blank(name, '""'))
    else:
        value = layers.let(f"{name}_", omitted_or_blank(name, f"{argument.default:g}"))
    guards += [(f"NOT(ISNUMBER({value}))", excel_text("must be a number")),
               (bounds_broken(rule, value), excel_text(rule.text))]
    if argument.optional and argument.default is None:
        guards = [(f'{value}=""', '""'), *guards]
    layers.problem(argument.name, guards)
    return value


def bounds_broken(rule: Interval, ref: str) -> str:
    """A condition TRUE when the number ``ref`` is outside the bounds of ``rule`` (that it is a
    number is checked before): :meth:`Interval.excel_outside` without its ISNUMBER test."""
    tests = []
    if rule.low is not None:
        tests.append(f"{ref}{'<=' if rule.low_open else '<'}{rule.low:g}")
    if rule.high is not None:
        tests.append(f"{ref}{'>=' if rule.high_open else '>'}{rule.high:g}")
    return tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"


def choice_value(layers: Layers, argument: Argument) -> str:
    """The ``result`` choice, trimmed and in lower case; blank or omitted: its default."""
    ref = parameter(argument, layers.taken)
    return layers.let(f"{ref}_", omitted_or_blank(ref, excel_text(argument.default), f"LOWER(TRIM({ref}))"))


def choose(choice: str, argument: Argument, results: dict[str, str]) -> str:
    """The result the choice names, or the rule of the choice in words."""
    text = message(argument.name, f"must be one of {', '.join(argument.choices)}")
    for option, formula in reversed(results.items()):
        text = f"IF({choice}={excel_text(option)},{formula},{text})"
    return text


def parameters(entry: Function, taken: frozenset[str] = frozenset()) -> list[str]:
    """The LAMBDA's parameters: the model's argument names, the optional ones in brackets."""
    return [f"[{parameter(argument, taken)}]" if argument.optional else parameter(argument, taken)
            for argument in entry.arguments]


#: The library's function names: a parameter may not be one of them.
_FUNCTION_NAMES = frozenset(function.excel_name.lower() for function in FUNCTIONS)


def parameter(argument: Argument, taken: frozenset[str] = frozenset()) -> str:
    """The parameter of an argument: its name, with ``_`` after it where the name is also a function of
    the library (PHASE_STATUS's ``service_income_``, ``revenue_floor_``, ``reserve_months_``) or a name
    the workbook holds (``taken``: a template's inputs): names ignore case, and an engine may take
    the parameter for the workbook's name (docs/excel.md, IronCalc)."""
    clash = argument.name in _FUNCTION_NAMES or argument.name in taken
    return f"{argument.name}_" if clash else argument.name


def values_of(entry: Function, layers: Layers) -> tuple[dict[str, str], dict[str, str]]:
    """Each argument's formula behind its guards, and each choice's; for a range of kinds the
    "counts as" array (``counts_as``), bound after the ranges are checked."""
    values: dict[str, str] = {}
    choices: dict[str, str] = {}
    for argument in entry.arguments:
        name, ref = argument.name, parameter(argument, layers.taken)
        if argument.kind == CHOICE:
            choices[name] = choice_value(layers, argument)
        elif argument.kind == AMOUNTS:
            layers.problem(name, range_outside(argument.rule, ref, None))
            values[name] = ref
        elif argument.kind == KINDS:
            amounts = values["amounts"]
            layers.problem("amounts, kinds", [(f"OR(ROWS({ref})<>ROWS({amounts}),COLUMNS({ref})<>COLUMNS({amounts}))",
                                               excel_text("must have matching sizes"))], key="sizes")
            row = row_formula("TRIM(kind_)", "amount_", entry.name)
            values["counts_as"] = layers.let("counts_as_", f"MAP({ref},{amounts},LAMBDA(kind_,amount_,{row}))")
            unknown = NATIVE_CONSTANTS["as_unknown"]
            # the first unknown kind named, where it is, as the add-ins' functions say it
            where = f"MATCH({unknown},counts_as_,0)"
            said = (excel_text(f"must be a known kind: {', '.join(argument.choices)}, got '")
                    + f'&INDEX({ref},{where})&"\' in cell "&{where}&" of the range"')
            layers.problem(name, [(f"SUM(IF(counts_as_={unknown},1,0))>0", said)], unless="bad_sizes")
        else:
            values[name] = argument_value(layers, argument)
    return values, choices


def _results(entry: Function, values: dict[str, str]) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The checks between arguments and each result's formula (one, if the function has no choice)."""
    bodies = dict(entry.native_results) or {"": entry.native}
    checks: list[tuple[str, str]] = []
    results = {}
    for option, body in bodies.items():
        checks, results[option] = filled(entry, values, body, arrays=True)
    if entry.name == "hybrid_mix":
        results["table"] = _mix_table(entry, values, results)
    return checks, results


def _mix_table(entry: Function, values: dict[str, str], results: dict[str, str]) -> str:
    """HYBRID_MIX's table: a label and a value per row, as the Excel function spills it."""
    _, active = filled(entry, values, "{active}", arrays=True)
    _, scalable = filled(entry, values, "{scalable}", arrays=True)
    streams = next(function for function in FUNCTIONS if function.name == "effective_streams")
    _, effective = filled(streams, {"amounts": values["amounts"]}, streams.native, arrays=True)
    rows = {"active": active, "scalable": scalable, "share": results["share"], "status": results["status"],
            "gap": results["gap"], "effective streams": effective}
    labels = ",".join(excel_text(label) for label in rows)
    return f"HSTACK(VSTACK({labels}),VSTACK({','.join(rows.values())}))"


def define(entry: Function, prefix: str = "", taken: frozenset[str] = frozenset()) -> Definition:
    """The LAMBDA of one function of the table (TRANSITION_PLAN: :func:`.lambda_plan.define`), named
    ``prefix`` + its Excel name, its parameters clear of the names ``taken``."""
    layers = Layers(taken)
    values, choices = values_of(entry, layers)
    checks, results = _results(entry, values)
    if choices:
        (name, choice), = choices.items()
        argument = next(argument for argument in entry.arguments if argument.name == name)
        body = choose(choice, argument, results)
    else:
        body = results[""]
    return definition(entry, layers, checks, body, prefix=prefix)


def definition(entry: Function, layers: Layers, checks: list[tuple[str, str]], body: str,
               inner: set[str] = frozenset(), prefix: str = "") -> Definition:
    """The :class:`Definition` of ``entry``: ``body`` behind the problems of ``layers`` and the
    ``checks`` between arguments; ``inner`` holds the names bound inside ``body``."""
    names = parameters(entry, layers.taken)
    display = f"LAMBDA({','.join(names)},{layers.around(checks, body)})"
    bound = (layers.bound | {parameter(argument, layers.taken) for argument in entry.arguments}
             | {"kind_", "amount_"} | set(inner))
    return Definition(prefix + entry.excel_name, entry.doc, display, stored(display, bound))


def library(prefix: str = "", taken: frozenset[str] = frozenset()) -> tuple[Definition, ...]:
    """The whole library, in the table's order: each function named ``prefix`` + its Excel name
    (``xlincome.REVENUE_FLOOR`` inside a template, whose result ``revenue_floor`` already holds
    the name: names ignore case), its parameters clear of the workbook's names ``taken``."""
    from .lambda_plan import define as define_plan

    taken = frozenset(name.lower() for name in taken)
    out = []
    for entry in FUNCTIONS:
        if entry.excel_name in LEFT_OUT:
            continue
        build = define_plan if entry.name == "transition_plan" else define
        out.append(build(entry, prefix, taken))
    return tuple(out)
