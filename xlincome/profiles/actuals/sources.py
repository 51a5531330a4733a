"""What each service's export looks like, as data: one :class:`Source` per export.

A table names, for every part of a row the reading needs (its *role*: the
date, the amount, the fee, the status, ...), the headers the service writes
for it in every language it writes them; which values of a status, type or
direction column count; the currency when the export has a single one; and
the order of day and month in a slashed date when the file itself does not
settle it.  The reading (:mod:`.rows`) is shared; the money rule of each
source (which columns make its income, fees and refunds) is named by
``reading`` and written once in :mod:`.rows`.  Adding a source is adding a
table here and a test file in the source's exact layout
(``tests/profiles/actuals/``).

Headers are matched by :func:`xlincome.profiles.readers.headers.key` (case,
spaces and punctuation ignored), never by position.  The layouts come from
public exports and the services' own code and help pages; each table's
``where`` says which (docs/actuals.md lists them for users).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import ACTIVE_KINDS, SCALABLE_KINDS

#: The kinds of a file or a row: income of client work, product income, billable hours.
SERVICE, PRODUCT, HOURS = "service", "product", "hours"

#: Cell texts that mean "yes" in the yes/no columns of the exports (compared casefolded):
#: the languages the time trackers and Gumroad write them in.
YES = frozenset({"yes", "y", "true", "1", "ja", "oui", "si", "sí", "sim", "tak", "はい", "是"})


@dataclass(frozen=True)
class Source:
    """One export's layout and what counts in it.

    Parameters
    ----------
    name : str
        Short name used in messages and docs (``stripe-payments``).
    title : str
        The export as its service names it.
    reading : str
        The money rule of :mod:`.rows` that turns its rows into income, fees and refunds.
    columns : dict
        Role -> the headers the service writes for it (every language, every version).
    required : tuple of str
        The roles whose headers identify the source (all must be present).
    kind : str or None
        ``product`` or ``hours`` when the source says what its rows are; ``None`` when only
        the ``--service`` or ``--product`` flag can (a payment processor or a bank).
    counted : dict
        Role -> the values (casefolded) of that column that count; a row with any other value
        moved no money and is left out (counted in a notice).
    words : dict
        Named sets of values (casefolded) the money rule reads (refund types, credit and debit).
    currency : str or None
        The one currency of an export that writes amounts in a single currency (Gumroad: USD).
    day_first : bool or None
        Order of a slashed date (``01/06/2025``) when no date of the file settles it:
        ``False`` month first (US), ``True`` day first; ``None``: ``--dates`` must say.
    totals_label : str or None
        The first cell of a totals row the export adds at the end (skipped, not a bad row).
    where : str
        Where this layout comes from.
    """

    name: str
    title: str
    reading: str
    columns: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    kind: str | None = None
    counted: dict[str, frozenset[str]] = field(default_factory=dict)
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    currency: str | None = None
    day_first: bool | None = None
    totals_label: str | None = None
    where: str = ""


STRIPE_PAYMENTS = Source(
    name="stripe-payments", title="Stripe payments export, unified_payments.csv", reading="charges",
    columns={
        "id": ("id",),
        "date": ("Created date (UTC)", "Created (UTC)"),
        "amount": ("Amount",),
        "refunded": ("Amount Refunded",),
        "currency": ("Currency",),
        "converted_amount": ("Converted Amount",),
        "converted_refunded": ("Converted Amount Refunded",),
        "converted_currency": ("Converted Currency",),
        "fee": ("Fee",),
        "status": ("Status",),
        "captured": ("Captured",),
        "refund_date": ("Refunded date (UTC)",),
    },
    required=("id", "date", "amount", "refunded", "currency", "fee", "status"),
    # A charge that was paid, then refunded in part or in full, still moved money (its fee is kept).
    counted={"status": frozenset({"paid", "succeeded", "refunded", "partially refunded"})},
    where="Stripe Dashboard > Payments > Export, 2024 layout (a public unified_payments.csv of "
          "Sept 2024); the older layout with 'Created (UTC)' before ~2020.",
)

STRIPE_BALANCE = Source(
    name="stripe-balance", title="Stripe itemized balance change report", reading="balance",
    columns={
        "id": ("balance_transaction_id",),
        "date": ("created", "created_utc"),
        "currency": ("currency",),
        "gross": ("gross",),
        "fee": ("fee",),
        "net": ("net",),
        "category": ("reporting_category",),
    },
    required=("id", "date", "currency", "gross", "fee", "net", "category"),
    counted={"category": frozenset({"charge", "payment", "refund", "payment_refund", "partial_capture_reversal",
                                    "dispute", "dispute_reversal", "fee"})},
    words={"refund": frozenset({"refund", "payment_refund", "partial_capture_reversal", "dispute",
                                "dispute_reversal"}),
           "fee": frozenset({"fee"})},
    where="Stripe Dashboard > Reports > Balance > Itemized balance change (balance_change_from_activity."
          "itemized.1), its default columns; payouts and transfers are not income.",
)

PAYPAL = Source(
    name="paypal", title="PayPal activity download", reading="activity",
    columns={
        "date": ("Date", "Datum"),
        "type": ("Type", "Typ"),
        "status": ("Status",),
        "currency": ("Currency", "Währung"),
        "gross": ("Gross", "Brutto"),
        "fee": ("Fee", "Gebühr"),
        "net": ("Net", "Netto"),
        "id": ("Transaction ID", "Transaktionscode"),
        "reference": ("Reference Txn ID", "Zugehöriger Transaktionscode"),
        "impact": ("Balance Impact", "Auswirkung auf Guthaben"),
    },
    required=("date", "type", "status", "currency", "gross", "fee", "net", "id"),
    counted={"status": frozenset({"completed", "abgeschlossen"})},
    words={
        "credit": frozenset({"credit", "haben"}),
        "debit": frozenset({"debit", "soll"}),
        # Types are matched by the words they contain: PayPal names many variants of each.
        "refund": frozenset({"refund", "rückzahlung", "erstattung"}),
        "conversion": frozenset({"currency conversion", "währungsumrechnung"}),
        "internal": frozenset({"deposit", "withdrawal", "transfer", "hold", "reversal of general",
                               "bankgutschrift", "bankabbuchung", "auszahlung", "einbehaltung",
                               "interne kontobewegung", "shopping cart item", "warenkorbartikel"}),
    },
    day_first=False,
    where="PayPal > Activity > Statements > Activity download (all fields, balance affecting, CSV): the "
          "English header of 2018 on (an hledger rules file), the German 'Aktivitäten' download "
          "(a public test file: DD.MM.YYYY, decimal commas, Soll/Haben).",
)

GUMROAD = Source(
    name="gumroad", title="Gumroad sales export", reading="sales", kind=PRODUCT,
    columns={
        "id": ("Purchase ID",),
        "date": ("Purchase Date",),
        "gross": ("Sale Price ($)",),
        "fee": ("Fees ($)",),
        "net": ("Net Total ($)",),
        "partial_refund": ("Partial Refund ($)",),
        "fully_refunded": ("Fully Refunded?",),
        "disputed": ("Disputed?",),
        "dispute_won": ("Dispute Won?",),
    },
    required=("id", "date", "gross", "fee", "net"),
    currency="USD",
    totals_label="Totals",
    where="Gumroad > Sales > Export (Gumroad's own PurchaseExportService: YYYY-MM-DD dates, amounts in "
          "USD, a 'Totals' row at the end).",
)

SHOPIFY = Source(
    name="shopify", title="Shopify orders export", reading="orders", kind=PRODUCT,
    columns={
        "id": ("Name",),
        "status": ("Financial Status",),
        "date": ("Paid at",),
        "currency": ("Currency",),
        "total": ("Total",),
        "taxes": ("Taxes",),
        "refunded": ("Refunded Amount",),
    },
    required=("id", "status", "date", "currency", "total"),
    counted={"status": frozenset({"paid", "partially_refunded", "refunded", "partially_paid"})},
    where="Shopify admin > Orders > Export (one row per line item; the order's money on its first row; "
          "'2012-01-01 11:13:25 -0500' dates).",
)

TOGGL = Source(
    name="toggl", title="Toggl Track detailed report", reading="hours", kind=HOURS,
    columns={"billable": ("Billable",), "date": ("Start date",), "duration": ("Duration",)},
    required=("billable", "date", "duration"),
    where="Toggl Track > Reports > Detailed > Export CSV ('01:30:00' durations; Billable Yes/No, or the "
          "user's language).",
)

CLOCKIFY = Source(
    name="clockify", title="Clockify detailed report", reading="hours", kind=HOURS,
    columns={"billable": ("Billable",), "date": ("Start Date",), "duration": ("Duration (decimal)",)},
    required=("billable", "date", "duration"),
    day_first=False,
    where="Clockify > Reports > Detailed > Export > Save as CSV (dates in the account's format, US by "
          "default; Duration (decimal) in hours).",
)

HARVEST = Source(
    name="harvest", title="Harvest detailed time report", reading="hours", kind=HOURS,
    columns={"date": ("Date",), "duration": ("Hours",), "billable": ("Billable?",)},
    required=("date", "duration", "billable"),
    where="Harvest > Reports > Time > Detailed time > Export > CSV (YYYY-MM-DD dates, decimal hours).",
)

PLAIN = Source(
    name="plain", title="plain CSV of date,amount[,kind]", reading="plain",
    columns={"date": ("date",), "amount": ("amount",), "kind": ("kind",), "currency": ("currency",),
             "id": ("id",)},
    required=("date", "amount"),
    where="xlincome's own: a date, an amount (a negative amount is a refund) and optionally the "
          "HYBRID_MIX kind of each row.",
)

#: Every CSV source, the most specific first (a header matching two is taken for the one
#: whose required columns it matches more of).
CSV_SOURCES = (STRIPE_PAYMENTS, STRIPE_BALANCE, PAYPAL, GUMROAD, SHOPIFY, TOGGL, CLOCKIFY, HARVEST, PLAIN)
#: The statement formats read through their libraries (:mod:`.banks`).
BANK_SOURCES = {"ofx": "OFX/QFX bank statement", "camt": "ISO 20022 camt.053 bank statement"}

#: A plain file's kinds as HYBRID_MIX reads them: client work is service income, scalable kinds product.
KIND_OF = {**{kind: SERVICE for kind in ACTIVE_KINDS}, **{kind: PRODUCT for kind in SCALABLE_KINDS}}
