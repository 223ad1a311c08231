"""Bank statements: every credit row is a match or a mismatch with its reason, nothing is
recorded until the matches are applied, applying twice records nothing twice, hostile files
are refused with a clear message, and the command says all of it (and exits non-zero when the
file is refused)."""

import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command, load_command_class
from django.utils import translation
from oscar.core.loading import get_model

from marketplace.payment.records import is_paid, record_payment
from marketplace.payment.statements import AmountUnreadable, apply, parse_amount, read_statement
from marketplace.spreadsheets import SpreadsheetRefused

from .conftest import DAY, HEADER, row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

Transaction = get_model("payment", "Transaction")
PaymentEvent = get_model("order", "PaymentEvent")


def verdicts(statement):
    """``{row number: reason}`` ("" for a match) of a statement."""
    return {v.row.number: v.reason for v in statement.matches + statement.mismatches}


@pytest.fixture
def shop(make_order):
    """Orders of every kind a statement row can meet."""
    return {
        "honey": make_order("100101", 1_250_000),
        "tea": make_order("100102", 370_000),
        "paid": make_order("100103", 500_000, paid="FT26270000009"),
        "cod": make_order("100104", 240_000, method="cod"),
        "cancelled": make_order("100105", 180_000, cancelled=True),
        "plain": make_order("100106", 90_000),
        "other": make_order("100107", 60_000),
    }


def test_every_credit_row_is_a_match_or_a_mismatch_with_its_reason(shop, statement_file):
    path = statement_file(
        [
            row("FT26278000001", "1.250.000", "MBVCB.3278614243.100101.CT tu 0071000123456 NGUYEN VAN A"),  # 7
            row("FT26278000002", "360,000", "100102 chuyen tien"),  # 8: 10.000 short
            row("FT26278000003", "500000", "Thanh toan don 100103"),  # 9: paid already
            row("FT26278000004", "240.000", "100104"),  # 10: cash on delivery
            row("FT26278000005", "180.000", "DH100105 huy"),  # 11: cancelled
            row("FT26278000006", "1.620.000", "100101 va 100102"),  # 12: two orders
            row("FT26278000007", "75.000", "Chuyen tien an trua"),  # 13: no order
            row("FT26278000008", "75.000", "Don 999999"),  # 14: not an order of ours
            row("FT26278000009", "", "Phi quan ly tai khoan", debit="11.000"),  # 15: money out, skipped
            row("", "90.000", "100106"),  # 16: no reference
            row("FT26278000001", "90.000", "100106 lan 2"),  # 17: the reference of row 7 again
            row("FT26278000010", "1.250.000", "100101 chuyen lan nua"),  # 18: order of row 7 again
            row("FT26278000011", "1,5", "100106"),  # 19: not whole đồng
            row("FT26278000012", "60.000", "ND: 100107-NGUYEN THI LAN"),  # 20: a match
        ]
    )
    statement = read_statement(path)
    assert verdicts(statement) == {
        7: "",
        8: "the amount 360.000 ₫ differs from the total of order 100102, 370.000 ₫",
        9: "order 100103 is already paid",
        10: "order 100104 is not paid by bank transfer (payment: Cash on delivery)",
        11: "order 100105 is cancelled",
        12: "the description names several orders: 100101, 100102",
        13: "the description names no order of the shop",
        14: "the description names no order of the shop",
        16: "the row has no transaction reference: mark the order paid by hand with the bank's reference",
        17: "the same reference as row 7",
        18: "order 100101 is already matched by row 7",
        19: "the amount “1,5” is not a whole number of đồng",
        20: "",
    }
    assert [v.order.number for v in statement.matches] == ["100101", "100107"]
    assert statement.skipped == 1
    assert statement.summary == (
        "sao-ke.csv: transfers matching an order: 2; to check by hand: 11; rows without a credit, skipped: 1."
    )
    assert not Transaction.objects.filter(reference__startswith="FT26278").exists()  # nothing applied


def test_applying_the_matches_records_them_once_whatever_the_replays(shop, statement_file):
    path = statement_file(
        [
            row("FT26278000001", "1.250.000", "100101"),
            row("FT26278000020", "60.000", "100107"),
        ]
    )
    statement = read_statement(path)
    transfers = [(v.order.number, v.row.amount, v.row.reference) for v in statement.matches]
    applied = apply(transfers)
    assert (applied.recorded, applied.refused) == (["100101", "100107"], [])
    honey = shop["honey"]
    assert is_paid(honey) and is_paid(shop["other"])
    txn = Transaction.objects.get(source__order=honey)
    assert (txn.reference, txn.amount, txn.source.source_type.code) == ("FT26278000001", Decimal(1_250_000), "vietqr")
    # The same statement again: everything is already recorded, and applying again records nothing.
    again = read_statement(path)
    assert verdicts(again) == {
        7: "already recorded: this transfer (reference FT26278000001) paid order 100101",
        8: "already recorded: this transfer (reference FT26278000020) paid order 100107",
    }
    applied = apply(transfers)
    assert applied.recorded == [] and [number for number, _reason in applied.refused] == ["100101", "100107"]
    assert Transaction.objects.filter(source__order__in=[honey, shop["other"]]).count() == 2
    assert PaymentEvent.objects.filter(order=honey).count() == 1


def test_a_match_is_judged_again_when_applied(shop, statement_file):
    statement = read_statement(statement_file([row("FT26278000001", "1.250.000", "100101")]))
    (match,) = statement.matches
    record_payment(shop["honey"], "vietqr", 1_250_000, "FT-BY-HAND", currency="VND")  # staff were quicker
    applied = apply([(match.order.number, match.row.amount, match.row.reference)])
    assert applied.refused == [("100101", "order 100101 is already paid")]
    assert Transaction.objects.filter(source__order=shop["honey"]).count() == 1


def test_a_reference_recorded_for_another_order_is_not_recorded_again(shop, statement_file):
    statement = read_statement(statement_file([row("FT26270000009", "370.000", "100102")]))
    assert verdicts(statement) == {7: "the reference FT26270000009 was already recorded for order 100103"}


def test_reasons_in_vietnamese(shop, statement_file):
    path = statement_file([row("FT1", "360.000", "100102"), row("FT2", "240.000", "100104")])
    with translation.override("vi"):
        statement = read_statement(path)
    assert verdicts(statement) == {
        7: "số tiền 360.000 ₫ khác với tổng tiền của đơn hàng 100102 là 370.000 ₫",
        8: "đơn hàng 100104 không thanh toán bằng chuyển khoản (hình thức thanh toán: Thanh toán khi nhận hàng)",
    }


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("1.250.000", 1_250_000),
        ("1,250,000", 1_250_000),
        ("1250000", 1_250_000),
        ("1 250 000", 1_250_000),
        ("1\u00a0250\u00a0000", 1_250_000),
        ("1.250.000 VND", 1_250_000),
        ("1.250.000đ", 1_250_000),
        ("VND 1,250,000", 1_250_000),
        ("1,250,000.00", 1_250_000),
        ("1.250.000,00", 1_250_000),
        ("1250000.00", 1_250_000),
        ("+1.250.000", 1_250_000),
        ("'+1.250.000", 1_250_000),  # as our own CSV downloads write it
        ("1.250", 1_250),
        ("-1.250.000", -1_250_000),
        ("(1,250,000)", -1_250_000),
        (1_250_000, 1_250_000),
        (1_250_000.0, 1_250_000),
        (Decimal("1250000.00"), 1_250_000),
        ("", None),
        ("  ", None),
        (None, None),
    ],
)
def test_amounts_as_banks_write_them(cell, amount):
    assert parse_amount(cell) == amount


@pytest.mark.parametrize(
    ("cell", "says"),
    [
        ("1,5", "is not a whole number of đồng"),
        ("1.250.000,50", "is not a whole number of đồng"),
        (1250.5, "is not a whole number of đồng"),
        ("12ab", "is not an amount"),
        ("1.25.000", "is not an amount"),
        ("1,250.000", "is not an amount"),
        ("=1250000", "is not an amount"),
        (True, "is not an amount"),
        ("١٢٥٠٠٠٠", "is not an amount"),
        ("9" * 5_000, "is not an amount"),
    ],
)
def test_what_is_not_an_amount_says_why(cell, says):
    with pytest.raises(AmountUnreadable, match=says):
        parse_amount(cell)


@pytest.mark.parametrize(
    ("header", "cells"),
    [
        (["NGÀY GIAO DỊCH", "Ghi Có (VND)", "Nội dung", "Mã giao dịch"], ["05/10/2026", "370.000", "100102", "FT9"]),
        (
            ["Transaction Date", "Reference", "Debit", "Credit", "Description"],
            ["05/10/2026", "FT9", "", "370,000", "100102"],
        ),
        (["Ngay GD", "So tien", "Dien giai", "So but toan"], ["05/10/2026", "+370.000", "100102", "FT9"]),
        (
            ["Ngày", "Số tiền", "Nợ/Có", "Chi tiết giao dịch", "Số tham chiếu"],
            ["05/10", "370000", "C", "100102", "FT9"],
        ),
    ],
)
def test_headers_are_found_however_the_bank_writes_them(make_order, statement_file, header, cells):
    make_order("100102", 370_000)
    statement = read_statement(statement_file([cells], header=header, preamble=[]))
    assert [(v.order.number, v.row.amount, v.row.reference) for v in statement.matches] == [("100102", 370_000, "FT9")]


def test_a_signed_amount_column_skips_money_going_out(make_order, statement_file):
    make_order("100102", 370_000)
    header = ["Ngày", "Số tiền", "Nợ/Có", "Nội dung", "Số tham chiếu"]
    statement = read_statement(
        statement_file(
            [
                ["05/10", "-370.000", "", "Hoan tien 100102", "FT1"],
                ["05/10", "370.000", "D", "Chi 100102", "FT2"],
                ["05/10", "370.000", "?", "100102", "FT3"],
            ],
            header=header,
            preamble=[],
        )
    )
    assert statement.skipped == 2 and statement.matches == []
    assert verdicts(statement) == {4: "the row says neither credit nor debit (“?”)"}


def test_an_xlsx_statement_with_numbers_and_dates(make_order, statement_file):
    make_order("100102", 370_000)
    path = statement_file([[DAY, "FT9", None, 370000, "100102"]], kind="xlsx")
    statement = read_statement(path)
    (match,) = statement.matches
    assert (match.row.date, match.row.amount, match.row.number) == ("05/10/2026 09:30", 370_000, 7)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("sao-ke.pdf", b"%PDF-1.4", "sao-ke.pdf: only .xlsx and .csv files can be read"),
        ("sao-ke.csv", "Ngày;Ghi có;Mô tả\n".encode("latin-1", "replace"), "sao-ke.csv: not UTF-8 text"),
        ("sao-ke.csv", b"a,b,c\n1,2,3\n", "sao-ke.csv: no header row naming a description"),
        ("sao-ke.csv", b"", "sao-ke.csv: no header row naming a description"),
        ("sao-ke.xlsx", b"PK\x03\x04 not really a workbook", "sao-ke.xlsx: not a valid Excel workbook"),
        ("sao-ke.csv", ("Mô tả,Ghi có,Mã GD\n" + '"' + "x" * 200_000 + '",1,2\n').encode(), "cannot be read"),
    ],
)
def test_hostile_or_wrong_files_are_refused_with_a_clear_message(tmp_path, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SpreadsheetRefused) as refused:
        read_statement(path)
    assert says in str(refused.value)


def test_a_statement_too_big_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr("marketplace.spreadsheets.MAX_FILE_BYTES", 1_000)
    path = tmp_path / "sao-ke.csv"
    path.write_text(",".join(HEADER) + "\n" + "x" * 2_000)
    with pytest.raises(SpreadsheetRefused, match="is over the"):
        read_statement(path)


def test_hostile_cells_are_rows_to_check_never_a_crash(make_order, statement_file):
    make_order("100102", 370_000)
    statement = read_statement(
        statement_file(
            [
                row("FT1\x00", "370.000", "100102"),
                row("FT2", "370.000", "100102 \x1b[31m"),
                row("F" * 200, "370.000", "100102"),
                row("FT3", "370.000", '=HYPERLINK("http://evil.example","100102")'),
                row("FT4", "370.000", "<script>alert(1)</script> 100102"),
            ]
        )
    )
    reasons = verdicts(statement)
    assert reasons[7] == "the row cannot be read: contains U+0000 (a control character), which is not accepted"
    assert reasons[8] == "the row cannot be read: contains U+001B (a control character), which is not accepted"
    assert reasons[9] == "the row cannot be read: the reference is not one a bank writes"
    assert reasons[10] == ""  # a formula is text: never run, and it names the order
    assert reasons[11] == "order 100102 is already matched by row 10"


# --- the command ------------------------------------------------------------------------


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_bank_statement", *args, stdout=out, stderr=err, verbosity=1)
    return out.getvalue(), err.getvalue()


def test_the_command_lists_and_records_only_with_apply(shop, statement_file, capsys):
    path = statement_file([row("FT1", "1.250.000", "100101"), row("FT2", "360.000", "100102")])
    out, _err = run(str(path))
    assert out.splitlines() == [
        "sao-ke.csv: transfers matching an order: 1; to check by hand: 1; rows without a credit, skipped: 0.",
        "  + row 7: order 100101, 1.250.000 ₫, reference FT1",
        "  ? row 8: the amount 360.000 ₫ differs from the total of order 100102, 370.000 ₫",
        "Nothing was recorded: run again with --apply to record the matches.",
    ]
    assert "Reading sao-ke.csv" in capsys.readouterr().err  # the progress bar
    assert not is_paid(shop["honey"])
    out, _err = run(str(path), "--apply")
    assert out.splitlines()[-1] == "1 payment recorded."
    assert is_paid(shop["honey"]) and not is_paid(shop["tea"])
    out, _err = run(str(path), "--apply")
    assert "  ? row 7: already recorded: this transfer (reference FT1) paid order 100101" in out
    assert out.splitlines()[-1] == "0 payments recorded."
    assert Transaction.objects.filter(source__order=shop["honey"]).count() == 1


def test_the_command_refuses_a_bad_file_with_an_error(tmp_path):
    path = tmp_path / "sao-ke.csv"
    path.write_bytes(b"a,b\n1,2\n")
    with pytest.raises(CommandError, match="sao-ke.csv: no header row naming a description"):
        run(str(path))
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.csv"))


def test_the_command_exits_non_zero_on_a_refused_file(tmp_path):
    path = tmp_path / "sao-ke.xlsx"
    path.write_bytes(b"not a workbook")
    done = subprocess.run(
        [sys.executable, "manage.py", "import_bank_statement", str(path)],
        cwd=Path(settings.BASE_DIR),
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin", "LANGUAGE_CODE": "en"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "sao-ke.xlsx" in done.stderr and "Traceback" not in done.stderr


def test_the_command_explains_itself():
    command = load_command_class("marketplace.payment", "import_bank_statement")
    text = command.create_parser("manage.py", "import_bank_statement").format_help()
    for words in ("--apply", "Nothing is recorded unless --apply", "records nothing twice", "Exits with an error"):
        assert words in " ".join(text.split())
