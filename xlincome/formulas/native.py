"""A function's native formula filled in: its parts, its checks between arguments, a result.

The templates live in the table (:mod:`xlincome.functions`): ``native`` or
one of ``native_results``, over ``{argument}`` placeholders and the named
``native_parts``; ``native_checks`` are the rules between arguments.  The
workbooks fill them with cells and defined names, the LAMBDA library with its
parameters; both go through :func:`filled`, so the arithmetic is written once.

Over a range (the cells of a workbook), the kind totals of a stream table are
``SUMIF``/``COUNTIF`` over the "counts as" helper cells.  Over an array (what a
LAMBDA computes, which has no helper cells), Excel refuses SUMIF and COUNTIF,
so :func:`over_arrays` writes the same totals as ``SUM(IF(...))``.
"""

from __future__ import annotations

import re

from ..functions import BY_NAME, NATIVE_CONSTANTS, Function, excel_text
from ..model.rules import Interval

_SUMIF = re.compile(r"SUMIF\(\{counts_as\},([^,()]+),([^,()]+)\)")
_COUNTIF = re.compile(r"COUNTIF\(\{counts_as\},([^,()]+)\)")


def message(label: str, rule: str) -> str:
    """The message ``"<label> <rule>"`` as a spreadsheet string literal."""
    return excel_text(f"{label} {rule}")


def range_outside(rule: Interval, ref: str, label: str | None) -> list[tuple[str, str]]:
    """(condition, message) pairs, each condition TRUE when some cell of the range
    ``ref`` breaks ``rule``: text first (``must be a number``, as the model says),
    then the bounds.  Blank cells are unused rows of a list, always allowed.
    Without a ``label`` the messages are the rules alone."""
    def said(rule_text: str) -> str:
        return message(label, rule_text) if label else excel_text(rule_text)

    tests = [(f"COUNTA({ref})>COUNT({ref})", said("must be a number"))]
    if rule.low is not None:
        below = f'COUNTIF({ref},"{"<=" if rule.low_open else "<"}{rule.low:g}")>0'
        tests.append((below, said(rule.text)))
    if rule.high is not None:
        above = f'COUNTIF({ref},"{">=" if rule.high_open else ">"}{rule.high:g}")>0'
        tests.append((above, said(rule.text)))
    return tests


def over_arrays(template: str) -> str:
    """``template`` with its SUMIF and COUNTIF over ``{counts_as}`` as SUM(IF(...)): the same
    totals over an array of "counts as" words, which SUMIF and COUNTIF do not take."""
    template = _SUMIF.sub(r"SUM(IF({counts_as}=\1,\2,0))", template)
    return _COUNTIF.sub(r"SUM(IF({counts_as}=\1,1,0))", template)


def filled(entry: Function, values: dict[str, str], body: str, *, arrays: bool = False
           ) -> tuple[list[tuple[str, str]], str]:
    """The checks between arguments (condition, message literal) and ``body``, filled in.

    ``values`` maps each argument (and ``counts_as`` for a range of kinds) to
    its formula; the function's ``native_parts`` are filled in order, each in
    brackets.  ``arrays``: ``{counts_as}`` is an array, not a range (:func:`over_arrays`).
    """
    shaped = over_arrays if arrays else (lambda text: text)
    values = {**NATIVE_CONSTANTS, **values}
    for part, template in entry.native_parts.items():
        values[part] = "(" + shaped(template).format(**values) + ")"
    checks = [(shaped(condition).format(**values), excel_text(text)) for condition, text in entry.native_checks]
    return checks, shaped(body).format(**values)


def nested(guards: list[tuple[str, str]], text: str) -> str:
    """``text`` behind ``guards``: the outcome of the first condition that holds, else ``text``."""
    for condition, outcome in reversed(guards):
        text = f"IF({condition},{outcome},{text})"
    return text


def row_formula(kind: str, amount: str, function: str = "hybrid_mix") -> str:
    """What one stream row counts as (active, scalable, blank, no kind, unknown), from the
    function's ``native_row``, over the row's trimmed ``kind`` and its ``amount``."""
    return BY_NAME[function].native_row.format(kind=kind, amount=amount, **NATIVE_CONSTANTS)
