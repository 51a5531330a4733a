"""Cell formulas generated from the table of functions (:mod:`xlincome.functions`).

Two kinds of formula give every headline result of the workbooks:

- :func:`native`: the function's ``native`` template (or one of its
  ``native_results``) with its ``native_parts`` filled in, behind one guard
  per argument generated from the argument's domain rule
  (:meth:`Interval.excel_outside` and :attr:`Interval.text`) and the
  function's ``native_checks``.  A value that breaks a rule shows the rule
  in words (``build_hours must be >= 0``, ``amounts must be a number``)
  instead of ``#VALUE!``; a value from another result cell that already
  holds such a message passes it on.
  Only IF, AND, OR, NOT, ISNUMBER, ISBLANK, ISTEXT, SUM, SUMSQ, SUMIF,
  COUNT, COUNTA, COUNTIF, TRIM and CHOOSE are used, each on a single cell or
  as a plain range function: no formula needs array evaluation, so Excel,
  LibreOffice, Gnumeric and Google Sheets compute the same.  A row that must
  be classified (what a stream counts as) gets a helper cell of its own
  (:func:`counts_as`), which the formulas total with SUMIF and COUNTIF.
- :func:`udf`: a call of the xlwings function of the same name
  (``=PRODUCT_BREAKEVEN(build_hours,hourly_rate,...)``), for add-in users.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...formulas.native import filled, message, nested, range_outside, row_formula
from ...functions import (
    AMOUNTS,
    BY_NAME,
    CHOICE,
    KINDS,
    NATIVE_CONSTANTS,
    REQUIRED,
    Argument,
    excel_text,
)
from ...model.rules import Interval
from ..lambda_names import TEMPLATE_PREFIX

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
_RANGE = re.compile(r"^\$?[A-Z]+\$?[0-9]+(:\$?[A-Z]+\$?[0-9]+)?$")


@dataclass(frozen=True)
class Source:
    """Where an argument's value comes from.

    ``ref`` is a defined name, a cell or range reference, or an expression.
    ``label`` names the value in messages (default: ``ref`` when it is a
    defined name, else the argument's name).  ``computed`` marks a result
    cell whose text, a message from upstream, is passed on unchanged (an
    empty text counts as a blank where the rule allows blanks).
    ``passed_on`` lists the result cells inside a range (the linked rows of
    a stream table) whose message is passed on the same way.  ``default``
    is the value a blank input takes, when it differs from the argument's
    own default (a profile column's default, :mod:`xlincome.profiles`).
    ``counts_as`` is, for a range of stream kinds, the range of helper
    cells beside it (:func:`counts_as`), the same shape as the amounts.
    """

    ref: str
    label: str | None = None
    computed: bool = False
    passed_on: tuple[str, ...] = ()
    default: float | None = None
    counts_as: str | None = None


def _source(value: str | Source) -> Source:
    return value if isinstance(value, Source) else Source(value)


def _operand(ref: str) -> str:
    """``ref`` safe to use inside a larger expression."""
    return ref if _NAME.match(ref.replace("$", "")) or ref.startswith(("(", "{")) or _RANGE.match(ref) else f"({ref})"


_message = message
_range_outside = range_outside


def _guards(argument: Argument, source: Source) -> tuple[list[tuple[str, str]], str]:
    """The (condition, result) guards of one argument and its value in formulas (for a
    range of kinds: its "counts as" helper cells)."""
    ref = _operand(source.ref)
    is_name = _NAME.match(source.ref) and not _RANGE.match(source.ref)
    label = source.label or (source.ref if is_name else argument.name)
    rule = argument.rule
    guards = [(f"ISTEXT({cell})", cell) for cell in source.passed_on]
    empty_is_blank = source.computed and rule is not None and rule.blank_ok
    if source.computed:
        guards.append((f'AND(ISTEXT({ref}),{ref}<>"")' if empty_is_blank else f"ISTEXT({ref})", ref))
    value = ref
    if argument.kind == AMOUNTS:
        guards += _range_outside(rule, ref, label)
    elif argument.kind == KINDS:
        if source.counts_as is None:
            raise KeyError(f"the kinds {source.ref} need their 'counts as' helper cells (Source.counts_as)")
        value = source.counts_as
        known = ", ".join(argument.choices)
        guards.append((f'COUNTIF({value},{NATIVE_CONSTANTS["as_unknown"]})>0',
                       _message(label, f"must be a known kind: {known}")))
    elif rule is not None:
        outside = rule.excel_outside(ref)
        default = source.default if source.default is not None else (
            argument.default if argument.optional else None)
        if default is not None and not rule.blank_ok:
            outside = f"AND(NOT(ISBLANK({ref})),{outside})"
            if default != 0 and not source.computed:
                # A blank optional input takes its default (blank is already 0 in arithmetic).
                value = f"IF(ISBLANK({ref}),{default:g},{ref})"
        elif empty_is_blank:
            outside = f'AND({ref}<>"",{outside})'
        guards.append((outside, _message(label, rule.text)))
    return guards, value


def native(function: str, sources: dict[str, str | Source], result: str | None = None) -> str:
    """The native formula (with ``=``) of ``function`` over ``sources``.

    ``sources`` maps argument names to where their values come from; an
    optional argument left out takes its default as a constant.  ``result``
    picks one of the function's ``native_results``.
    """
    entry = BY_NAME[function]
    return _generate(function, sources, entry.native_results[result] if result else entry.native)


def native_part(function: str, part: str, sources: dict[str, str | Source]) -> str:
    """One named part of a function's native formula (a product's
    ``monthly_net``, a mix's ``active`` total) behind the same guards."""
    return _generate(function, sources, f"{{{part}}}")


def _generate(function: str, sources: dict[str, str | Source], body: str) -> str:
    entry = BY_NAME[function]
    guards: list[tuple[str, str]] = []
    values: dict[str, str] = dict(NATIVE_CONSTANTS)
    for argument in entry.arguments:
        if argument.kind == CHOICE:
            continue
        if argument.name not in sources:
            if argument.default is REQUIRED or argument.default is None:
                raise KeyError(f"{entry.excel_name} needs a source for {argument.name}")
            values[argument.name] = f"{argument.default:g}"
            continue
        found, value = _guards(argument, _source(sources[argument.name]))
        values["counts_as" if argument.kind == KINDS else argument.name] = value
        guards += found
    checks, text = filled(entry, values, body)
    return "=" + nested(guards + checks, text)


def counts_as(kind: str, amount: str, function: str = "hybrid_mix") -> str:
    """The helper cell (with ``=``) beside one stream row: what the row with the kind in
    cell ``kind`` and the amount in cell ``amount`` counts as (active, scalable, blank,
    no kind, unknown), from the function's ``native_row``."""
    return "=" + row_formula(f"TRIM({kind})", amount, function)


def udf(function: str, sources: dict[str, str | Source], result: str | None = None, prefix: str = "") -> str:
    """The call of the xlwings function (with ``=``), arguments in signature order; a
    source's own blank default is filled in where the function lacks it.  ``prefix``: the
    call of the LAMBDA of that name inside a template (``xlincome.REVENUE_FLOOR``)."""
    entry = BY_NAME[function]
    args: list[str] = []
    for argument in entry.arguments:
        if argument.kind == CHOICE:
            args.append(excel_text(result) if result else "")
        elif argument.name not in sources:
            args.append("")
        else:
            source = _source(sources[argument.name])
            own = source.default is not None and not (argument.optional and argument.default == source.default)
            args.append(f"IF(ISBLANK({source.ref}),{source.default:g},{source.ref})" if own else source.ref)
    while args and not args[-1]:
        args.pop()
    return f"={prefix}{entry.excel_name}({','.join(args)})"


def result(function: str, sources: dict[str, str | Source], formulas: str, result: str | None = None) -> str:
    """The formula of a headline result: :func:`native`, or :func:`udf` (a call of the xlwings
    function, or of the LAMBDA of the same name and arguments) as ``formulas`` says."""
    if formulas == "udf":
        return udf(function, sources, result)
    if formulas == "lambda":
        return udf(function, sources, result, TEMPLATE_PREFIX)
    if formulas == "native":
        return native(function, sources, result)
    raise ValueError(f"formulas must be native, udf or lambda, got {formulas!r}")


def checked_sum(ref: str, label: str, rule: Interval) -> str:
    """``=SUM(ref)`` behind the range guards of ``rule`` (items of a cost list)."""
    return "=" + nested(_range_outside(rule, ref, label), f"SUM({ref})")


def checked(ref: str, rule: Interval) -> str:
    """``=ref`` (an input's defined name), or its rule in words while it breaks it: the
    input as a result cell that others read and pass on.  A blank reads as 0."""
    return f"=IF(AND(NOT(ISBLANK({ref})),{rule.excel_outside(ref)}),{_message(ref, rule.text)},{ref})"


def passing(refs: list[str], expression: str) -> str:
    """``=expression`` unless one of ``refs`` (result cells) holds a message, which is passed on."""
    text = expression
    for ref in reversed(refs):
        text = f"IF(ISTEXT({ref}),{ref},{text})"
    return "=" + text


def unless(condition: str, formula: str) -> str:
    """``formula`` (with ``=``), or an empty text while ``condition`` holds (an unlogged month)."""
    return f'=IF({condition},"",{formula[1:]})'
