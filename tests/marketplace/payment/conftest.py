import csv
import datetime
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook
from oscar.core.prices import Price
from oscar.test.factories import create_order

from marketplace.order.statuses import CANCELLED
from marketplace.payment.records import payment_source, record_payment

#: A statement as Vietcombank's internet banking exports it: the bank's preamble, then the table.
PREAMBLE = [
    ["NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM"],
    ["SAO KÊ TÀI KHOẢN / ACCOUNT STATEMENT"],
    ["Số tài khoản: 0011001234567", "", "Chủ tài khoản: HTX MAT ONG LUC NAM"],
    ["Từ ngày 01/10/2026 đến ngày 31/10/2026"],
    [],
]
HEADER = ["Ngày giao dịch", "Số tham chiếu", "Số tiền ghi nợ", "Số tiền ghi có", "Mô tả"]


@pytest.fixture
def in_english():
    """Reasons in English (the site's default is Vietnamese), to read them in tests."""
    with translation.override("en"):
        yield


@pytest.fixture
def make_order(db):
    """``make_order(number, total, method="vietqr", paid=None, cancelled=False)``: an order of
    ``total`` đồng to be paid by ``method``; ``paid`` records its payment with that reference."""

    def make(number, total, method="vietqr", paid=None, cancelled=False):
        price = Price("VND", Decimal(total), incl_tax=Decimal(total))
        order = create_order(number=number, total=price)
        order.refresh_from_db()
        if method:
            payment_source(order, method)
        if paid:
            record_payment(order, method, total, paid, currency="VND")
        if cancelled:
            order.status = CANCELLED
            order.save(update_fields=["status"])
        return order

    return make


@pytest.fixture
def statement_file(tmp_path):
    """``statement_file(rows, header=HEADER, preamble=PREAMBLE, kind="csv", name=None)``: the path
    of a statement with these rows (lists of cells), as a UTF-8 .csv or an .xlsx."""

    def write(rows, header=HEADER, preamble=PREAMBLE, kind="csv", name=None):
        path = tmp_path / (name or f"sao-ke.{kind}")
        lines = [*preamble, header, *rows]
        if kind == "csv":
            with path.open("w", encoding="utf-8-sig", newline="") as f:
                csv.writer(f).writerows(lines)
        else:
            workbook = Workbook()
            for line in lines:
                workbook.active.append(line)
            workbook.save(path)
        return path

    return write


def row(reference, credit, description, date="05/10/2026", debit=""):
    return [date, reference, debit, credit, description]


DAY = datetime.datetime(2026, 10, 5, 9, 30)
