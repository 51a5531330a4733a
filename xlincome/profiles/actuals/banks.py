"""Bank statements: OFX/QFX through ofxtools, ISO 20022 camt.053 through pycamt.

Both libraries parse the whole document (statements are small: a file
over :data:`MAX_BYTES` is refused).  Credits are income of the kind the
``--service`` or ``--product`` flag gives; debits are not income.  Each
statement's balance is its month's ``cash``: camt.053's closing booked
balance (``CLBD``), OFX's ledger balance (``LEDGERBAL``), and, for the
months before it that the statement's transactions cover, the ledger
balance less the transactions after each month's end.

Dates are read from the text as the file writes it, in its own zone
(:mod:`.dates`): ``20250228193000[-5:EST]`` is February, although ofxtools
gives it as 1 March 00:30 UTC; ofxtools checks each transaction's other
fields (a transaction it refuses is reported and the others still count).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import InputError
from . import dates
from .rows import ENTRY_COLUMNS, GIVEN_RULE, Entries, Problem

#: Largest statement file read, bytes.
MAX_BYTES = 50 * 1024 * 1024
#: camt.053 entry statuses that moved money (booked); pending and information entries did not.
BOOKED = {"BOOK", None}


def kind_of_file(head: bytes) -> str | None:
    """``ofx`` or ``camt`` when the first bytes show a bank statement, else ``None`` (a text export)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]
    if text.startswith(b"OFXHEADER") or b"<OFX>" in text.upper() or b"<?OFX" in text.upper():
        return "ofx"
    if text.startswith(b"<") and b"camt.05" in text:
        return "camt"
    return None


def _read(path: Path, name: str) -> bytes:
    if path.stat().st_size > MAX_BYTES:
        raise InputError("file", f"must be at most {MAX_BYTES // (1024 * 1024)} MB for a bank statement",
                         f"{name} is larger")
    data = path.read_bytes()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise InputError("file", "must not declare a DTD or entities", f"{name} does (refused, as XML bombs do)")
    return data


def _entries(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=list(ENTRY_COLUMNS))
    for column in ("currency", "kind", "id"):
        frame[column] = frame[column].astype(object)
    return frame


def read_ofx(path: Path, name: str, kind: str) -> tuple[Entries, list[tuple[str, int, float, str]]]:
    """The entries of an OFX/QFX statement and its balances: (account, date key ``yyyymmdd``, amount, currency)."""
    try:
        from ofxtools.models.base import Aggregate
        from ofxtools.Parser import OFXTree
    except ImportError:
        raise InputError("file", "is an OFX statement, which needs ofxtools (GPL-3.0, an optional part so that "
                         "xlincome itself stays MIT)", f"{name}: pip install 'xlincome[ofx]'") from None

    data = _read(path, name)
    tree = OFXTree()
    try:
        tree.parse(_as_file(data))
    except Exception as error:  # ofxtools raises its own ParseError and plain ValueErrors
        raise InputError("file", "must be a readable OFX statement", f"{name}: {error}") from None
    records, problems, balances = [], [], []
    number = 0
    statements = tree.findall(".//STMTRS") + tree.findall(".//CCSTMTRS")
    for statement in statements:
        currency = (_text(statement, "CURDEF") or "").upper()
        account = _text(statement, "BANKACCTFROM/ACCTID") or _text(statement, "CCACCTFROM/ACCTID") or name
        nets: dict[int, float] = defaultdict(float)
        for element in statement.findall("BANKTRANLIST/STMTTRN"):
            number += 1
            posted = _text(element, "DTPOSTED") or ""
            key = int(dates.date_keys(pd.Series([posted]))[0][0])
            fitid = _text(element, "FITID") or ""
            try:
                transaction = Aggregate.from_etree(element)
            except Exception as error:
                problems.append(Problem(name, number, "STMTTRN", f"FITID {fitid}", f"must be a valid OFX "
                                        f"transaction ({str(error).split(': ', 1)[-1][:160]})", "transaction"))
                continue
            if key <= 0:
                problems.append(Problem(name, number, "DTPOSTED", posted, dates.DATE_RULE, "transaction"))
                continue
            amount = float(transaction.trnamt)
            nets[key] += amount
            credit = amount > 0
            records.append({"row": number, "date": key, "currency": currency, "kind": kind,
                            "gross": amount if credit else 0.0, "fee": 0.0, "refund": 0.0, "hours": 0.0,
                            "count": 1.0 if credit else 0.0, "id": f"{account}\x1f{fitid}" if fitid else None})
        ledger = statement.find("LEDGERBAL")
        if ledger is not None:
            as_of = _text(ledger, "DTASOF") or ""
            day = _day(as_of)
            try:
                amount = float(Aggregate.from_etree(ledger).balamt)
            except Exception:
                amount = _plain_number(_text(ledger, "BALAMT"))
            if day is None or amount is None:
                problems.append(Problem(name, 0, "LEDGERBAL", as_of, "must have a balance and its date", "statement"))
                continue
            balances.append((account, day, amount, currency))
            start = _day(_text(statement, "BANKTRANLIST/DTSTART") or "")
            balances.extend(_month_ends(account, day, amount, currency, nets, start))
    records = [record for record in records if record["count"] > 0]
    return Entries(_entries(records), problems), balances


def _month_ends(account: str, day: int, amount: float, currency: str, nets: dict[int, float],
                start: int | None) -> list[tuple[str, int, float, str]]:
    """The balance at the end of each month before the ledger balance's, back to the statement's start:
    the ledger balance less every transaction after that month's end."""
    as_of_month = day // 100
    first = (start // 100) if start else min(nets, default=as_of_month)
    found = []
    later = 0.0
    month = as_of_month
    while True:
        later += nets.get(month, 0.0)
        year, number = divmod(month, 100)
        month = year * 100 + number - 1 if number > 1 else (year - 1) * 100 + 12
        if month < first:
            break
        found.append((account, month * 100 + 31, round(amount - later, 6), currency))
    return found


def read_camt(path: Path, name: str, kind: str) -> tuple[Entries, list[tuple[str, int, float, str]]]:
    """The entries of an ISO 20022 camt.053 (or camt.052) statement and its closing balances."""
    from pycamt.parser import Camt053Parser

    data = _read(path, name)
    try:
        parser = Camt053Parser(data)
        transactions = parser.get_transactions()
        statements = parser.get_statement_info()
    except Exception as error:  # lxml's XMLSyntaxError, pycamt's own parse error
        raise InputError("file", "must be a readable camt.053 statement", f"{name}: {str(error)[:200]}") from None
    records, problems = [], []
    seen: dict[str, int] = defaultdict(int)
    for number, transaction in enumerate(transactions, start=1):
        if transaction.get("Status") not in BOOKED:
            continue
        booked = transaction.get("BookingDate") or transaction.get("ValueDate") or ""
        key = int(dates.date_keys(pd.Series([booked]))[0][0])
        amount = _plain_number(transaction.get("Amount"))
        if key <= 0:
            problems.append(Problem(name, number, "BookgDt", booked, dates.DATE_RULE if booked else GIVEN_RULE,
                                    "entry"))
            continue
        if amount is None:
            problems.append(Problem(name, number, "Amt", str(transaction.get("Amount")), "must be a number", "entry"))
            continue
        direction = transaction.get("CreditDebitIndicator")
        reversal = str(transaction.get("ReversalIndicator") or "").lower() == "true"
        reference = transaction.get("TransactionID")
        account = transaction.get("AccountIBAN") or name
        identity = None
        if reference:  # the details of a batch entry share its reference: count them apart
            seen[reference] += 1
            identity = f"{account}\x1f{reference}\x1f{seen[reference]}"
        base = {"row": number, "date": key, "currency": (transaction.get("Currency") or "").upper(), "kind": kind,
                "fee": 0.0, "hours": 0.0, "id": identity}
        if direction == "CRDT" and not reversal:
            records.append({**base, "gross": amount, "refund": 0.0, "count": 1.0})
        elif direction == "DBIT" and reversal:  # a credit taken back
            records.append({**base, "gross": 0.0, "refund": amount, "count": 1.0})
    balances = []
    for statement in statements:
        day = _day(statement.get("ClosingBalanceDate") or "")
        amount = _plain_number(statement.get("ClosingBalance"))
        if day is not None and amount is not None:
            currency = (statement.get("Currency") or _first_currency(records) or "").upper()
            balances.append((statement.get("IBAN") or name, day, amount, currency))
    return Entries(_entries(records), problems), balances


def _first_currency(records: list[dict]) -> str | None:
    return next((record["currency"] for record in records if record["currency"]), None)


def _day(text: str) -> int | None:
    """``yyyymmdd`` of a date as written (``2025-02-28``, ``20250228...``), or ``None``."""
    series = pd.Series([text or ""])
    parts = series.str.extract(r"^\s*(\d{4})-?(\d{2})-?(\d{2})")
    if parts[0].isna().iloc[0]:
        return None
    year, month, day = (int(parts[i].iloc[0]) for i in range(3))
    return year * 10000 + month * 100 + day if 1 <= month <= 12 and 1 <= day <= 31 else None


def _plain_number(text) -> float | None:
    try:
        value = float(str(text).strip().replace(",", "."))
    except (TypeError, ValueError):
        return None
    return value if np.isfinite(value) else None


def _text(element, path: str) -> str | None:
    found = element.find(path)
    return found.text.strip() if found is not None and found.text else None


def _as_file(data: bytes):
    import io

    return io.BytesIO(data)
