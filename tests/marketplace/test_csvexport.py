"""The one CSV writer: text that a spreadsheet would run as a formula is written as text."""

import csv
import io
from decimal import Decimal

import pytest

from marketplace.csvexport import CSVResponse


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("+84 912 345 678", "'+84 912 345 678"),  # the accepted trade-off: still readable
        ("Mật ong = ngọt", "Mật ong = ngọt"),  # only the first character matters
        ("", ""),
        (None, ""),
        (-2, "-2"),  # numbers stay numbers
        (Decimal("-150000"), "-150000"),
        (4, "4"),
    ],
)
def test_cells(value, written):
    response = CSVResponse("x.csv", ["cột"], [[value]])
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""))) == [["cột"], [written]]


def test_a_download_with_a_byte_order_mark_for_excel():
    response = CSVResponse("ocop-expiring-2026-11-30.csv", ["Tên"], [["Chè Tân Cương"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ocop-expiring-2026-11-30.csv"'
    assert response.content.startswith("\ufeffTên\r\n".encode())
