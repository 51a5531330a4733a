"""The money rule of each kind of export: a chunk of rows in, entries of money and hours out.

Every reading takes a chunk of a file's rows (a DataFrame of the source's
roles, as text, indexed by the row number the user sees) and gives
:class:`Entries`: one line per amount that counts, with its date key
(:mod:`.dates`), currency, kind, ``gross``, ``fee``, ``refund`` and
``hours`` (income is ``gross - fee - refund``; fees and refunds are
positive amounts), ``count`` (1 for a transaction, 0 for the second line of
one, as a refund made in a later month) and the transaction ``id``.  Rows
that moved no money (a failed charge, a pending or memo PayPal row, a
payout) are left out and counted by reason; a row with a cell that cannot be
read is a :class:`Problem` and left out, the others still count.

Sources: each rule follows the export it reads (:mod:`.sources`); the
seed article's question is what reached the freelancer in each month.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..readers.numbers import to_numbers
from . import dates
from .sources import HOURS, KIND_OF, YES, Source

ENTRY_COLUMNS = ("row", "date", "currency", "kind", "gross", "fee", "refund", "hours", "count", "id")
NUMBER_RULE = "must be a number"
GIVEN_RULE = "must be given"


@dataclass(frozen=True)
class Problem:
    """A cell that cannot be read: its file, row (as a spreadsheet shows the file), column, value, rule."""

    file: str
    row: int
    column: str
    value: str
    rule: str
    #: What ``row`` counts: a row of a text export, a transaction or statement of a bank file.
    unit: str = "row"


@dataclass
class Entries:
    """What one chunk gave: entries, problems, and rows left out by reason."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)


@dataclass
class Context:
    """What a reading needs to know about its file besides the rows."""

    file: str
    source: Source
    #: The file's kind (``service``, ``product``, ``hours``), or ``None`` for a plain file whose rows say it.
    kind: str | None
    decimal: str
    #: Role -> the header as the file writes it (for messages).
    headers: dict[str, str]
    #: PayPal: transaction id -> (currency, amount) of the conversions that reference it.
    conversions: dict[str, list[tuple[str, float]]] = field(default_factory=dict)


class _Chunk:
    """A chunk's cells by role, the problems found so far, and the rows they make bad."""

    def __init__(self, frame: pd.DataFrame, context: Context):
        self.frame, self.context = frame, context
        self.rows = frame.index.to_numpy()
        self.bad = np.zeros(len(frame), dtype=bool)
        self.problems: list[Problem] = []
        self.left_out: Counter = Counter()

    def has(self, role: str) -> bool:
        return role in self.frame.columns

    def text(self, role: str) -> pd.Series:
        if not self.has(role):
            return pd.Series([""] * len(self.frame), index=self.frame.index, dtype=object)
        return self.frame[role].fillna("").astype(str).str.strip()

    def word(self, role: str) -> pd.Series:
        return self.text(role).str.casefold()

    def _report(self, role: str, mask: np.ndarray, rule: str) -> None:
        header = self.context.headers.get(role, role)
        for position in np.flatnonzero(mask & ~self.bad):
            self.problems.append(Problem(self.context.file, int(self.rows[position]), header,
                                         str(self.frame[role].iloc[position]) if self.has(role) else "", rule))
        self.bad |= mask

    def number(self, role: str, rows: np.ndarray, required: bool = True) -> np.ndarray:
        """The numbers of ``role`` (0 where blank and not required); bad cells among ``rows`` reported."""
        if not self.has(role):
            return np.zeros(len(self.frame))
        values, bad = to_numbers(self.frame[role].fillna(""), self.context.decimal)
        self._report(role, bad & rows, NUMBER_RULE)
        if required:
            self._report(role, np.isnan(values) & ~bad & rows, GIVEN_RULE)
        return np.nan_to_num(values)

    def date(self, role: str, rows: np.ndarray) -> np.ndarray:
        keys, bad = dates.date_keys(self.frame[role])
        self._report(role, bad & rows, dates.DATE_RULE)
        self._report(role, dates.blank(self.frame[role]) & rows, GIVEN_RULE)
        return keys

    def leave_out(self, keep: np.ndarray, reasons: pd.Series) -> None:
        """Count the rows not kept, by reason (a status, a type)."""
        for reason, count in reasons[~keep].value_counts().items():
            self.left_out[str(reason)] += int(count)

    def entries(self, rows: np.ndarray, **columns) -> pd.DataFrame:
        """Entries of the rows in ``rows`` that have no problem."""
        keep = rows & ~self.bad
        data = {"row": self.rows[keep]}
        for name in ENTRY_COLUMNS[1:]:
            value = columns.get(name, 0.0)
            data[name] = value[keep] if isinstance(value, (np.ndarray, pd.Series)) and len(value) == len(keep) \
                else np.full(int(keep.sum()), value, dtype=object if isinstance(value, str) or value is None else float)
        for name in ("currency", "kind", "id"):
            data[name] = np.asarray(data[name], dtype=object)
        return pd.DataFrame(data, columns=list(ENTRY_COLUMNS))

    def done(self, *frames: pd.DataFrame) -> Entries:
        frame = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) \
            else pd.DataFrame(columns=list(ENTRY_COLUMNS))
        return Entries(frame, self.problems, self.left_out)


def _currency(chunk: _Chunk, role: str = "currency") -> pd.Series:
    fixed = chunk.context.source.currency
    return pd.Series([fixed] * len(chunk.frame), dtype=object) if fixed else chunk.text(role).str.upper()


def _counted(chunk: _Chunk, role: str) -> np.ndarray:
    words = chunk.word(role)
    keep = words.isin(chunk.context.source.counted[role]).to_numpy().copy()
    chunk.leave_out(keep, f"{chunk.context.headers[role]} " + chunk.text(role).where(chunk.text(role) != "", "blank"))
    return keep


def _contains(words: pd.Series, phrases: frozenset[str]) -> np.ndarray:
    found = np.zeros(len(words), dtype=bool)
    for phrase in phrases:
        found |= words.str.contains(phrase, regex=False).to_numpy()
    return found


def charges(chunk: _Chunk) -> Entries:
    """Stripe payments: paid charges; ``Amount Refunded`` subtracts (in the month it was refunded, when
    the export says); amounts in the settlement currency when the export gives ``Converted Amount``."""
    counted = _counted(chunk, "status")
    if chunk.has("captured"):
        counted = counted & (chunk.word("captured") != "false").to_numpy()
    native = _currency(chunk).to_numpy()
    converted_currency = chunk.text("converted_currency").str.upper().to_numpy()
    converted = (converted_currency != "") if chunk.has("converted_amount") else np.zeros(len(native), bool)
    amount = chunk.number("amount", counted & ~converted)
    refunded = chunk.number("refunded", counted & ~converted, required=False)
    if converted.any():
        amount = np.where(converted, chunk.number("converted_amount", counted & converted), amount)
        refunded = np.where(converted, chunk.number("converted_refunded", counted & converted, required=False),
                            refunded)
    fee = chunk.number("fee", counted, required=False)
    date = chunk.date("date", counted)
    currency = np.where(converted, converted_currency, native)
    ids = chunk.text("id").to_numpy(dtype=object)
    refund_date = date
    if chunk.has("refund_date"):
        later, bad = dates.date_keys(chunk.frame["refund_date"])
        refund_date = np.where((later != 0) & ~bad, later, date)
    apart = refund_date != date
    kind = chunk.context.kind
    return chunk.done(
        chunk.entries(counted, date=date, currency=currency, kind=kind, gross=amount, fee=fee,
                      refund=np.where(apart, 0.0, refunded), count=1.0, id=ids),
        chunk.entries(counted & apart & (refunded != 0), date=refund_date, currency=currency, kind=kind,
                      refund=refunded, count=0.0, id=ids))


def balance(chunk: _Chunk) -> Entries:
    """Stripe balance changes: charges and payments are income (their fee a fee); refunds and disputes
    are negative rows (refunds); Stripe's own fee rows are fees; payouts and transfers are not income."""
    counted = _counted(chunk, "category")
    category = chunk.word("category")
    gross = chunk.number("gross", counted)
    fee = chunk.number("fee", counted, required=False)
    chunk.number("net", counted, required=False)
    date = chunk.date("date", counted)
    words = chunk.context.source.words
    refund = category.isin(words["refund"]).to_numpy()
    stripe_fee = category.isin(words["fee"]).to_numpy()
    return chunk.done(chunk.entries(
        counted, date=date, currency=_currency(chunk).to_numpy(), kind=chunk.context.kind,
        gross=np.where(refund | stripe_fee, 0.0, gross), fee=np.where(stripe_fee, -gross, fee),
        refund=np.where(refund, -gross, 0.0), count=1.0, id=chunk.text("id").to_numpy(dtype=object)))


def activity(chunk: _Chunk) -> Entries:
    """PayPal: ``Net`` of completed credits is income (its ``Fee`` a fee); refunds you send subtract;
    memo, pending and denied rows, conversions and transfers to or from a bank are not income.  A row in
    another currency counts at the amount its conversion row gives (``Reference Txn ID``)."""
    counted = _counted(chunk, "status")
    words = chunk.context.source.words
    kinds = chunk.word("type")
    impact = chunk.word("impact")
    net = chunk.number("net", counted)
    if chunk.has("impact"):
        credit, debit = impact.isin(words["credit"]).to_numpy(), impact.isin(words["debit"]).to_numpy()
    else:
        credit, debit = net > 0, net < 0
    refund = _contains(kinds, words["refund"])
    internal = _contains(kinds, words["conversion"]) | _contains(kinds, words["internal"])
    income = counted & credit & ~refund & ~internal
    sent_back = counted & debit & refund
    chunk.leave_out(income | sent_back | ~counted,
                    pd.Series(np.where(credit, "credits of type ", np.where(debit, "debits of type ", "memo rows: ")),
                              index=kinds.index) + chunk.text("type"))
    moving = income | sent_back
    gross = chunk.number("gross", moving)
    fee = chunk.number("fee", moving, required=False)
    date = chunk.date("date", moving)
    currency = _currency(chunk).to_numpy().copy()
    ids = chunk.text("id").to_numpy(dtype=object)
    rate = np.ones(len(ids))
    for position in np.flatnonzero(moving):
        for other, amount in chunk.context.conversions.get(ids[position], ()):
            if other != currency[position] and net[position] != 0:
                rate[position], currency[position] = amount / net[position], other
                break
    return chunk.done(chunk.entries(
        moving, date=date, currency=currency, kind=chunk.context.kind,
        gross=np.where(income, gross, 0.0) * rate, fee=-fee * rate,
        refund=np.where(sent_back, -gross, 0.0) * rate, count=1.0, id=ids))


def conversions(chunk: _Chunk) -> dict[str, list[tuple[str, float]]]:
    """PayPal's completed conversion rows: referenced transaction id -> (currency, amount) of each."""
    kinds = chunk.word("type")
    rows = _contains(kinds, chunk.context.source.words["conversion"]) & \
        chunk.word("status").isin(chunk.context.source.counted["status"]).to_numpy()
    found: dict[str, list[tuple[str, float]]] = {}
    if not rows.any() or not chunk.has("reference"):
        return found
    values, bad = to_numbers(chunk.frame["gross"].fillna(""), chunk.context.decimal)
    for reference, currency, value, wrong in zip(chunk.text("reference")[rows], _currency(chunk)[rows],
                                                 values[rows], bad[rows]):
        if reference and not wrong and not np.isnan(value):
            found.setdefault(reference, []).append((currency, float(value)))
    return found


def sales(chunk: _Chunk) -> Entries:
    """Gumroad: ``Net Total`` less a partial refund; a fully refunded sale (or a dispute lost) is refunded
    whole, and Gumroad gives its fee back (help.gumroad.com, "How to refund a customer")."""
    every = np.ones(len(chunk.frame), dtype=bool)
    gross = chunk.number("gross", every)
    fee = chunk.number("fee", every, required=False)
    chunk.number("net", every, required=False)
    partial = chunk.number("partial_refund", every, required=False)
    whole = chunk.word("fully_refunded").isin(YES).to_numpy() | (
        chunk.word("disputed").isin(YES).to_numpy() & ~chunk.word("dispute_won").isin(YES).to_numpy())
    date = chunk.date("date", every)
    return chunk.done(chunk.entries(
        every, date=date, currency=_currency(chunk).to_numpy(), kind=chunk.context.kind, gross=gross,
        fee=np.where(whole, 0.0, fee), refund=np.where(whole, gross, partial), count=1.0,
        id=chunk.text("id").to_numpy(dtype=object)))


def orders(chunk: _Chunk) -> Entries:
    """Shopify orders: ``Total`` less ``Taxes`` of paid orders, ``Refunded Amount`` subtracts; the rows
    of an order's further line items (no financial status) carry no money.  The export has no fees."""
    status = chunk.text("status")
    line_items = (status == "").to_numpy() & (chunk.text("total") == "").to_numpy()
    counted = _counted(chunk, "status") if len(chunk.frame) else np.zeros(0, bool)
    chunk.left_out.pop(f"{chunk.context.headers['status']} blank", None)
    counted = counted & ~line_items
    total = chunk.number("total", counted)
    taxes = chunk.number("taxes", counted, required=False)
    refunded = chunk.number("refunded", counted, required=False)
    date = chunk.date("date", counted)
    return chunk.done(chunk.entries(
        counted, date=date, currency=_currency(chunk).to_numpy(), kind=chunk.context.kind, gross=total - taxes,
        refund=refunded, count=1.0, id=chunk.text("id").to_numpy(dtype=object)))


def hours(chunk: _Chunk) -> Entries:
    """Time reports: the billable hours of each entry (not income: a time report is no payment)."""
    billable = chunk.word("billable").isin(YES).to_numpy()
    chunk.left_out["entries not billable"] += int((~billable).sum())
    values, bad = dates.hours(chunk.frame["duration"], chunk.context.decimal)
    chunk._report("duration", bad & billable, dates.HOURS_RULE)
    chunk._report("duration", np.isnan(values) & ~bad & billable, GIVEN_RULE)
    date = chunk.date("date", billable)
    return chunk.done(chunk.entries(billable, date=date, currency="", kind=HOURS, hours=np.nan_to_num(values),
                                    count=0.0, id=None))


def plain(chunk: _Chunk) -> Entries:
    """A plain ``date,amount[,kind]`` file: each amount is income of its kind (HYBRID_MIX's kinds), or of
    the file's flag; a negative amount is a refund."""
    every = np.ones(len(chunk.frame), dtype=bool)
    amount = chunk.number("amount", every)
    date = chunk.date("date", every)
    written = chunk.word("kind")
    kind = written.map(KIND_OF).to_numpy(dtype=object)
    unknown = (written != "").to_numpy() & pd.isna(kind)
    chunk._report("kind", unknown & every, "must be a kind HYBRID_MIX knows: " + ", ".join(KIND_OF))
    if chunk.context.kind is not None:
        kind = np.where(pd.isna(kind), chunk.context.kind, kind)
    missing = pd.isna(kind) & ~unknown
    chunk._report("kind" if chunk.has("kind") else "amount", missing,
                  "must have a kind (a kind column, or give the file with --service or --product)")
    ids = chunk.text("id").to_numpy(dtype=object) if chunk.has("id") else None
    return chunk.done(chunk.entries(
        every, date=date, currency=_currency(chunk).to_numpy() if chunk.has("currency") else "",
        kind=kind, gross=np.maximum(amount, 0.0), refund=np.maximum(-amount, 0.0), count=1.0,
        id=ids if ids is not None else None))


READINGS = {"charges": charges, "balance": balance, "activity": activity, "sales": sales, "orders": orders,
            "hours": hours, "plain": plain}


def read_chunk(frame: pd.DataFrame, context: Context) -> Entries:
    """The entries of a chunk of rows of ``context.source``."""
    return READINGS[context.source.reading](_Chunk(frame, context))


def collect_conversions(frame: pd.DataFrame, context: Context) -> dict[str, list[tuple[str, float]]]:
    """The conversion rows of a chunk of a PayPal file (the first pass over it)."""
    return conversions(_Chunk(frame, context))
