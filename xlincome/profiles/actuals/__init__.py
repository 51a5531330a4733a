"""Actual months from the files freelancers already have: payment, sales, bank and time exports.

:func:`read_actuals` reads every file given (each a :class:`Given`: a path
and the kind its flag gives, if any), recognises its source by its header
(:mod:`.layout`, the tables of :mod:`.sources`) or its content (OFX,
camt.053: :mod:`.banks`), streams its rows (:mod:`.textfile`), turns them
into money and hours by the source's rule (:mod:`.rows`) and adds them up
by calendar month (:mod:`.ledger`): one row per month with
``service_income``, ``product_income``, ``billable_hours``, ``fees``,
``refunds``, ``cash`` and ``transactions``.  Income is what reached the
freelancer: gross less refunds and less the platform's fees.

The seed's transition is a loop, not a forecast ("quarterly reviews of
revenue distribution ... prevent drift"): these months are what the
Tracker sheet compares with the plan.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import InputError
from . import banks, dates, textfile
from .layout import SAMPLE_BYTES, layout_of
from .ledger import MONTH_COLUMNS, Ledger
from .rows import Context, Problem, collect_conversions, read_chunk
from .sources import BANK_SOURCES, HOURS, PRODUCT, SERVICE

__all__ = ["Actuals", "Given", "MONTH_COLUMNS", "Problem", "read_actuals", "SERVICE", "PRODUCT", "HOURS"]

#: Reasons shown per file for the rows left out, at most.
SHOWN_REASONS = 6


@dataclass(frozen=True)
class Given:
    """A file and the kind its flag gives: ``service``, ``product``, or ``None`` for a file given bare."""

    path: Path
    kind: str | None = None


@dataclass
class Actuals:
    """The months read, and what the user should be told about the files."""

    months: pd.DataFrame
    currency: str | None
    problems: list[Problem] = field(default_factory=list)
    #: (file, sentence) to say once per file: the source found, rows left out, duplicates.
    notices: list[tuple[str, str]] = field(default_factory=list)
    #: (file, currency, rows, first rows) of rows in another currency, left out.
    other_currencies: list[tuple[str, str, int, list[int]]] = field(default_factory=list)


def _bare(name: str, title: str) -> InputError:
    return InputError("file", "must be given with --service or --product",
                      f"{name} is a {title}: its income may be client work or product sales; "
                      f"pass it as --service {name} or --product {name}")


def _file_kind(name: str, given: Given, source_kind: str | None, title: str) -> str:
    if source_kind == HOURS:
        if given.kind == PRODUCT:
            raise InputError("--product", "cannot take a time report",
                             f"{name} is a {title}: it gives billable hours, not income; give it bare")
        return HOURS
    if given.kind is not None:
        return given.kind
    if source_kind is None:
        raise _bare(name, title)
    return source_kind


def read_actuals(files: list[Given], *, currency: str | None = None, start: int | None = None,
                 end: int | None = None, day_first: bool | None = None) -> Actuals:
    """The month table of ``files``.

    Parameters
    ----------
    files : list of Given
        The exports, each with the kind of its flag (``--service``, ``--product``) or none.
    currency : str, optional
        The run's currency; default: the one most rows carry.
    start, end : int, optional
        First and last month (``yyyymm``) of the table; default: those of the data.
    day_first : bool, optional
        Order of slashed dates in files that do not settle it themselves (``--dates``).

    Raises
    ------
    InputError
        For a file that matches no source, a payment or bank file given bare, a file that
        cannot be read at all, or dates whose order cannot be told.
    """
    ledger = Ledger()
    problems: list[Problem] = []
    notices: list[tuple[str, str]] = []
    for given in files:
        name = given.path.name
        with given.path.open("rb") as handle:
            head = handle.read(SAMPLE_BYTES)
        bank = banks.kind_of_file(head)
        if bank is not None:
            kind = _file_kind(name, given, None, BANK_SOURCES[bank])
            reader = banks.read_ofx if bank == "ofx" else banks.read_camt
            entries, balances = reader(given.path, name, kind)
            problems.extend(entries.problems)
            ledger.add(name, ledger.fresh(name, bank, entries.frame), {})
            for account, day, amount, code in balances:
                ledger.balance(account, day, amount, code)
            notices.append((name, f"read as an {BANK_SOURCES[bank]} ({kind} income)"))
            _note_duplicates(ledger, name, notices)
            continue
        notices.extend(_read_text(given, name, ledger, problems, day_first))
    chosen = ledger.currency(currency)
    return Actuals(ledger.months(chosen, start, end), chosen, problems, notices, ledger.left_out(chosen))


def _read_text(given: Given, name: str, ledger: Ledger, problems: list[Problem],
               day_first: bool | None) -> list[tuple[str, str]]:
    layout = layout_of(given.path, name)
    source = layout.source
    if source.name == "plain" and "kind" not in layout.positions and given.kind is None:
        raise _bare(name, source.title + " without a kind column")
    kind = given.kind if source.name == "plain" else _file_kind(name, given, source.kind, source.title)
    context = Context(name, source, kind, layout.decimal, layout.headers)
    if source.reading == "activity" and "reference" in layout.positions:
        for frame in textfile.chunks(given.path, name, layout, []):
            for reference, found in collect_conversions(frame, context).items():
                context.conversions.setdefault(reference, []).extend(found)
    left_out: Counter = Counter()
    pending: dict = {}
    seen_day_first = seen_month_first = unclear = False
    for frame in textfile.chunks(given.path, name, layout, problems):
        entries = read_chunk(frame, context)
        problems.extend(entries.problems)
        left_out.update(entries.left_out)
        keys = entries.frame["date"].to_numpy(dtype=np.int64)
        shows_day, shows_month = dates.evidence(keys)
        seen_day_first |= shows_day
        seen_month_first |= shows_month
        unclear |= dates.ambiguous(keys)
        ledger.add(name, ledger.fresh(name, source.name, entries.frame), pending)
    default = day_first if day_first is not None else source.day_first
    order = dates.settle_order(seen_day_first, seen_month_first, default, unclear, name)
    ledger.settle(pending, order)
    notices = [(name, notice) for notice in layout.notices]
    kind_text = "billable hours" if kind == HOURS else f"{kind} income" if kind else "income of each row's kind"
    notices.append((name, f"read as a {source.title} ({kind_text})"))
    if left_out:
        reasons = ", ".join(f"{reason} ({count:,})" for reason, count in left_out.most_common(SHOWN_REASONS))
        more = f" and {len(left_out) - SHOWN_REASONS} more reasons" if len(left_out) > SHOWN_REASONS else ""
        notices.append((name, f"left out {sum(left_out.values()):,} rows that moved no money or are not "
                              f"income: {reasons}{more}"))
    _note_duplicates(ledger, name, notices)
    return notices


def _note_duplicates(ledger: Ledger, name: str, notices: list[tuple[str, str]]) -> None:
    count = ledger.duplicates.pop(name, 0)
    if count:
        notices.append((name, f"left out {count:,} transactions already counted (the same transaction id "
                              "met before)"))
