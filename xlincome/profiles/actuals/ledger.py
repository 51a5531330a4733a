"""Adding up the entries of every file into months: duplicates once, one currency, month-end cash.

Entries are summed as they come, by currency, kind and date key; a file's
slashed dates wait for the end of the file, which settles their order of
day and month (:mod:`.dates`).  A transaction id met twice (two exports of
one account that overlap) counts once: the ids seen are kept as 64-bit
hashes in a sorted array, 8 bytes a transaction (a few times that while a chunk's ids are merged in), the only memory that grows
with the files.  The run's currency is ``--currency``, else the one most
rows carry; rows in another currency are left out and reported by file
and row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import dates
from .sources import HOURS, PRODUCT, SERVICE

VALUES = ("gross", "fee", "refund", "hours", "count")
#: The month table's columns.
MONTH_COLUMNS = ("month", "service_income", "product_income", "billable_hours", "fees", "refunds", "cash",
                 "transactions")
#: Rows named in the report of another currency's rows, per file and currency.
NAMED_ROWS = 5
#: Digits kept: cents and the third decimal of a few currencies, without a float's last-bit noise.
DIGITS = 6


@dataclass
class Currencies:
    """How many rows of each file carry each currency, and the first few of them."""

    rows: Counter = field(default_factory=Counter)
    first: dict = field(default_factory=lambda: defaultdict(list))

    def add(self, file: str, currency: np.ndarray, rows: np.ndarray) -> None:
        for code in np.unique(currency):
            here = rows[currency == code]
            self.rows[(file, code)] += len(here)
            kept = self.first[(file, code)]
            kept.extend(int(row) for row in here[:NAMED_ROWS - len(kept)])


class Ledger:
    """The running sums of a run."""

    def __init__(self):
        self._seen = np.zeros(0, dtype=np.uint64)
        self._sums: dict[tuple[str, str, int], np.ndarray] = {}
        self.currencies = Currencies()
        #: (account, month) -> (date key of the balance, amount, currency): the latest balance of each month.
        self.balances: dict[tuple[str, int], tuple[int, float, str]] = {}
        self.duplicates: Counter = Counter()

    # -- duplicates ---------------------------------------------------------------------------------------

    def fresh(self, file: str, namespace: str, entries: pd.DataFrame) -> pd.DataFrame:
        """``entries`` less those of transactions already counted (an id met before, in this file or
        another one of the same source); rows without an id always count."""
        ids = entries["id"]
        has_id = ids.notna().to_numpy() & (ids.astype(str) != "").to_numpy()
        if not has_id.any():
            return entries
        hashes = pd.util.hash_array((namespace + "\x1f" + ids[has_id].astype(str)).to_numpy(dtype=object))
        rows = entries["row"].to_numpy()[has_id]
        # an id's first row in this chunk keeps all its entries; a later row with the same id is a duplicate
        order = pd.DataFrame({"hash": hashes, "row": rows})
        first_row = order.groupby("hash")["row"].transform("min").to_numpy()
        known = np.isin(hashes, self._seen)
        keep_id = (rows == first_row) & ~known
        keep = np.ones(len(entries), dtype=bool)
        keep[np.flatnonzero(has_id)] = keep_id
        dropped = entries.loc[~keep & (entries["count"].to_numpy() > 0)]
        if len(dropped):
            self.duplicates[file] += len(dropped)
        new = np.unique(hashes[keep_id])
        self._seen = np.sort(np.concatenate([self._seen, new]), kind="stable")
        return entries.loc[keep]

    # -- sums ------------------------------------------------------------------------------------------

    def add(self, file: str, entries: pd.DataFrame, pending: dict) -> None:
        """Add a chunk's (fresh) entries; those with a slashed date go to ``pending`` (the file's own
        sums, settled by :meth:`settle` when the file ends)."""
        if not len(entries):
            return
        main = (entries["kind"].to_numpy() != HOURS) & (entries["count"].to_numpy() > 0)
        if main.any():  # one entry a transaction: its first
            self.currencies.add(file, entries["currency"].to_numpy(dtype=object)[main].astype(str),
                                entries["row"].to_numpy()[main])
        grouped = entries.groupby(["currency", "kind", "date"], sort=False)[list(VALUES)].sum()
        for (currency, kind, key), values in zip(grouped.index, grouped.to_numpy(dtype=float)):
            target = pending if key < 0 else self._sums
            target_key = (str(currency), str(kind), int(key))
            if target_key in target:
                target[target_key] += values
            else:
                target[target_key] = values.copy()

    def settle(self, pending: dict, day_first: bool) -> None:
        """Move a finished file's slashed-date sums into the months, read in its settled order."""
        for (currency, kind, key), values in pending.items():
            month = int(dates.month_of(np.array([key]), day_first)[0])
            target = (currency, kind, month)
            self._sums[target] = self._sums[target] + values if target in self._sums else values.copy()
        pending.clear()

    def balance(self, account: str, key: int, amount: float, currency: str) -> None:
        """A balance of ``account`` as of the day ``key`` (``yyyymmdd``): the month keeps its latest."""
        month = key // 100
        known = self.balances.get((account, month))
        if known is None or key >= known[0]:
            self.balances[(account, month)] = (key, amount, currency)

    # -- the run's currency and its months ------------------------------------------------------------------

    def currency(self, wanted: str | None) -> str | None:
        """``wanted``, else the currency most rows carry (``None`` when no row carries one)."""
        if wanted:
            return wanted.upper()
        counts: Counter = Counter()
        for (_, code), count in self.currencies.rows.items():
            if code:
                counts[code] += count
        return max(sorted(counts), key=lambda code: counts[code]) if counts else None

    def left_out(self, currency: str | None) -> list[tuple[str, str, int, list[int]]]:
        """(file, currency, rows, first rows) of the rows in a currency other than the run's."""
        return [(file, code, count, self.currencies.first[(file, code)])
                for (file, code), count in sorted(self.currencies.rows.items())
                if code and currency is not None and code != currency]

    def months(self, currency: str | None, start: int | None = None, end: int | None = None) -> pd.DataFrame:
        """The month table: one row per calendar month from ``start`` (or the first month with data) to
        ``end`` (or the last), in ``currency`` (rows without a currency count in any)."""
        sums: dict[int, dict[str, np.ndarray]] = defaultdict(lambda: defaultdict(lambda: np.zeros(len(VALUES))))
        for (code, kind, month), values in self._sums.items():
            if code and currency is not None and code != currency:
                continue
            sums[month][kind] = sums[month][kind] + values
        cash: dict[int, float] = defaultdict(float)
        for (_, month), (_, amount, code) in self.balances.items():
            if not code or currency is None or code == currency:
                cash[month] += amount
        known = sorted(set(sums) | set(cash))
        first = start if start is not None else (known[0] if known else None)
        last = end if end is not None else (known[-1] if known else None)
        if first is None or last is None or first > last:
            return pd.DataFrame(columns=list(MONTH_COLUMNS))
        records = []
        for month in _calendar(first, last):
            kinds = sums.get(month, {})
            zero = np.zeros(len(VALUES))
            service, product, hours = kinds.get(SERVICE, zero), kinds.get(PRODUCT, zero), kinds.get(HOURS, zero)
            income = {name: float(v[0] - v[1] - v[2]) for name, v in (("service", service), ("product", product))}
            records.append({
                "month": dates.month_text(month),
                "service_income": round(income["service"], DIGITS),
                "product_income": round(income["product"], DIGITS),
                "billable_hours": round(float(hours[3] + service[3] + product[3]), DIGITS),
                "fees": round(float(service[1] + product[1]), DIGITS),
                "refunds": round(float(service[2] + product[2]), DIGITS),
                "cash": round(cash[month], DIGITS) if month in cash else np.nan,
                "transactions": int(round(service[4] + product[4])),
            })
        return pd.DataFrame(records, columns=list(MONTH_COLUMNS))


def _calendar(first: int, last: int):
    year, month = divmod(first, 100)
    while year * 100 + month <= last:
        yield year * 100 + month
        month += 1
        if month > 12:
            year, month = year + 1, 1
