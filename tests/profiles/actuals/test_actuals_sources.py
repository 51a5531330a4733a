"""Each source, from a file in the exact layout its service writes, to month sums worked out by hand.

The fixtures and where each layout comes from: ``fixtures/LAYOUTS.md``.  Income is gross less
refunds less the platform's fees; ``fees`` and ``refunds`` are those amounts, positive.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from xlincome.errors import InputError
from xlincome.profiles.actuals import Given, read_actuals

FIXTURES = Path(__file__).parent / "fixtures"


def months(*files, **options):
    read = read_actuals([Given(FIXTURES / name, kind) for name, kind in files], **options)
    table = read.months.set_index("month")
    return read, {month: row for month, row in table.to_dict("index").items()}


def test_stripe_payments_with_a_refund_a_later_refund_a_converted_currency_and_an_overlapping_export():
    read, got = months(("stripe_unified_payments.csv", "product"), ("stripe_unified_payments_march.csv", "product"))
    assert read.currency == "EUR"  # every row settles in EUR (Converted Currency), the USD charge too
    # January: 50.00 + 100.00 (110 USD settled as 100 EUR) + 40.00 gross, fees 1.00 + 3.00 + 0.90.
    assert got["2025-01"]["product_income"] == pytest.approx(190 - 4.90)
    assert got["2025-01"]["fees"] == pytest.approx(4.90) and got["2025-01"]["transactions"] == 3
    # February: ch_3QA4 80.00 less its fee 1.50 and its partial refund 20.00, and the refund of
    # January's ch_3QA3 (40.00, refunded on 3 February); the failed and unpaid rows never moved money.
    assert got["2025-02"]["product_income"] == pytest.approx(80 - 1.50 - 20 - 40)
    assert got["2025-02"]["refunds"] == pytest.approx(60) and got["2025-02"]["transactions"] == 1
    # March comes from the second export, which repeats ch_3QA4: counted once.
    assert got["2025-03"]["product_income"] == pytest.approx(60 - 1.20)
    assert ("stripe_unified_payments_march.csv",
            "left out 1 transactions already counted (the same transaction id met before)") in read.notices
    assert read.problems == []


def test_stripe_payments_older_layout_with_created_utc():
    read, got = months(("stripe_payments_2019.csv", "service"))
    assert read.currency == "USD"
    assert got == {"2019-03": pytest.approx({"service_income": 2 * (25 - 1.03), "product_income": 0,
                                             "billable_hours": 0, "fees": 2.06, "refunds": 0,
                                             "cash": pytest.approx(float("nan"), nan_ok=True),
                                             "transactions": 2}, nan_ok=True)}


def test_stripe_balance_report_refunds_are_negative_rows_and_payouts_are_not_income():
    read, got = months(("stripe_balance_itemized.csv", "service"))
    # January: charge 100.00 less fee 3.20, refund of 30.00; the payout of 500.00 is not income.
    assert got["2025-01"]["service_income"] == pytest.approx(100 - 3.20 - 30)
    assert got["2025-01"]["refunds"] == pytest.approx(30)
    # February: Stripe's own usage fee of 2.00 and a charge of 200.00 less 6.10.
    assert got["2025-02"]["service_income"] == pytest.approx(200 - 6.10 - 2)
    assert got["2025-02"]["fees"] == pytest.approx(8.10)


def test_paypal_english_net_of_completed_credits_refunds_sent_and_a_converted_payment():
    read, got = months(("paypal_activity_en.csv", "service"))
    assert read.currency == "USD"
    # 01/06/2025 is January 6 in this US file (01/13/2025 settles the order): nets 485.20 + 193.90.
    assert got["2025-01"]["service_income"] == pytest.approx(485.20 + 193.90)
    assert got["2025-01"]["fees"] == pytest.approx(14.80 + 6.10)
    # February: the refund sent (net -48.80: 50.00 back, 1.20 of fee returned) and a EUR payment
    # that PayPal converted into 104.33 USD; withdrawals, denied, pending and memo rows do not count.
    assert got["2025-02"]["service_income"] == pytest.approx(104.33 - 48.80)
    assert got["2025-02"]["refunds"] == pytest.approx(50)
    assert got["2025-02"]["fees"] == pytest.approx(3.40 * 104.33 / 96.60 - 1.20)
    assert got["2025-02"]["transactions"] == 2
    assert read.other_currencies == []  # the EUR payment counted at its converted amount


def test_paypal_german_decimal_commas_day_first_dates_soll_and_haben():
    read, got = months(("paypal_activity_de.csv", "service"))
    assert read.currency == "EUR"
    assert got["2025-01"]["service_income"] == pytest.approx(1213.40 + 95.78)  # the bank top-up is no income
    assert got["2025-02"]["service_income"] == pytest.approx(1941.65 - 96.13)  # a Rückzahlung subtracts
    assert got["2025-02"]["refunds"] == pytest.approx(99.00)
    assert got["2025-02"]["fees"] == pytest.approx(58.35 - 2.87)
    assert ("paypal_activity_de.csv", "read as ','-separated with a decimal comma") in read.notices


def test_gumroad_partial_and_full_refunds_and_its_totals_row():
    read, got = months(("gumroad_sales.csv", None))
    assert read.currency == "USD" and read.problems == []
    # January: 29.00 - 3.40, and 49.00 - 5.39 with a partial refund of 10.00.
    assert got["2025-01"]["product_income"] == pytest.approx(25.60 + 43.61 - 10)
    # February: a full refund (Gumroad gives its fee back: the sale nets 0) and 99.00 - 10.40.
    assert got["2025-02"]["product_income"] == pytest.approx(88.60)
    assert got["2025-02"]["refunds"] == pytest.approx(29.00)
    assert sum(row["transactions"] for row in got.values()) == 4  # the Totals row is not a sale


def test_shopify_orders_by_the_month_as_written_in_their_zone():
    read, got = months(("shopify_orders.csv", None))
    # Paid 2025-01-31 22:15 -0500 (1 February in UTC): January, the month as the export writes it.
    assert got["2025-01"]["product_income"] == pytest.approx(102.60 - 7.60)
    assert got["2025-02"]["product_income"] == pytest.approx(54.00 - 4.00 - 10.00)
    assert got["2025-01"]["transactions"] == 1  # the order's second line item carries no money


@pytest.mark.parametrize("name, january, february", [
    ("toggl_detailed.csv", 1.5 + 2.25, 3.0),
    ("clockify_detailed.csv", 2.50 + 1.25, 3.00),
    ("harvest_time.csv", 2.0, 6.25),
])
def test_time_reports_give_billable_hours_and_no_income(name, january, february):
    read, got = months((name, None))
    assert got["2025-01"]["billable_hours"] == pytest.approx(january)
    assert got["2025-02"]["billable_hours"] == pytest.approx(february)
    assert all(row["service_income"] == row["product_income"] == 0 for row in got.values())


def test_ofx_credits_are_income_and_the_ledger_balance_gives_each_month_end():
    read, got = months(("bank_statement.ofx", "service"))
    assert read.currency == "USD"
    # 20250228193000[-5:EST] is 1 March 00:30 UTC, but February as the bank writes it.
    assert [got[month]["service_income"] for month in ("2025-01", "2025-02", "2025-03")] == [2000, 1500, 0]
    # Ledger 5,300 on 5 March; end of February 5,300 + 200 (the March debit); end of January 5,500 - 1,500.
    assert [got[month]["cash"] for month in ("2025-01", "2025-02", "2025-03")] == [4000, 5500, 5300]


def test_camt053_booked_credits_and_closing_balances():
    read, got = months(("bank_statement_camt053.xml", "product"))
    assert read.currency == "EUR"
    assert got["2025-01"]["product_income"] == 1800  # the pending 500.00 is not booked; debits are no income
    assert got["2025-02"]["product_income"] == 900
    assert [got["2025-01"]["cash"], got["2025-02"]["cash"]] == [2650, 3350]


def test_plain_file_kinds_as_hybrid_mix_reads_them():
    read, got = months(("plain_months.csv", None))
    assert [got[m]["service_income"] for m in ("2025-01", "2025-02", "2025-03")] == [4200, 3900, 4000]
    assert [got[m]["product_income"] for m in ("2025-01", "2025-02", "2025-03")] == [350, 410 - 30, 520]


def test_sources_together_one_currency_and_the_others_reported_by_file_and_row():
    read, got = months(("paypal_activity_de.csv", "service"), ("gumroad_sales.csv", None), ("toggl_detailed.csv", None))
    assert read.currency == "EUR"  # 4 counted EUR rows against 4 USD ones: the first in order
    assert read.other_currencies == [("gumroad_sales.csv", "USD", 4, [2, 3, 4, 5])]
    assert got["2025-01"]["product_income"] == 0 and got["2025-01"]["billable_hours"] == pytest.approx(3.75)
    usd, got_usd = months(("paypal_activity_de.csv", "service"), ("gumroad_sales.csv", None), currency="usd")
    assert got_usd["2025-01"]["product_income"] == pytest.approx(59.21)
    assert got_usd["2025-01"]["service_income"] == 0


def test_from_and_to_choose_the_months_and_fill_the_gaps():
    read, got = months(("gumroad_sales.csv", None), start=202412, end=202503)
    assert list(got) == ["2024-12", "2025-01", "2025-02", "2025-03"]
    assert got["2024-12"]["product_income"] == 0 and got["2025-03"]["transactions"] == 0


def test_a_slashed_date_order_no_date_settles_needs_dates(tmp_path):
    path = tmp_path / "ambiguous.csv"
    path.write_text("date,amount,kind\n01/06/2025,100,service\n02/07/2025,50,course\n", encoding="utf-8")
    with pytest.raises(InputError, match="pass --dates dmy or --dates mdy"):
        read_actuals([Given(path)])
    january = read_actuals([Given(path)], day_first=False).months
    june = read_actuals([Given(path)], day_first=True).months
    assert january["month"].tolist() == ["2025-01", "2025-02"]
    assert june["month"].tolist() == ["2025-06", "2025-07"]
