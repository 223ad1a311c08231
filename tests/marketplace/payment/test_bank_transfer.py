"""Bank transfer as a payment method: offered only with the shop's account configured (and why
not otherwise), and what the shopper sees after placing the order — a QR code that holds
exactly the transfer, and the details to copy, in Vietnamese first, without inline script or
style (Content-Security-Policy)."""

import base64
import io
import re

import pytest
import segno
from django.core import checks
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from PIL import Image

from marketplace.payment import methods
from marketplace.payment.methods.vietqr import BankTransfer
from marketplace.payment.vietqr import payload

from .test_vietqr import read_back

pytestmark = pytest.mark.django_db

ACCOUNT = {
    "VIETQR_BANK_BIN": "970436",
    "VIETQR_BANK_NAME": "Vietcombank",
    "VIETQR_ACCOUNT_NUMBER": "0011001234567",
    "VIETQR_ACCOUNT_NAME": "HTX MAT ONG LUC NAM",
}


@pytest.fixture
def bank_account(settings):
    for name, value in ACCOUNT.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture
def no_bank_account(settings):
    for name in ACCOUNT:
        setattr(settings, name, "")
    return settings


@pytest.fixture
def placed(order):
    """The two producers' order as a page loads it (its number a string)."""
    order.refresh_from_db()
    return order


def choice(total=370_000):
    return {c.method.code: c for c in methods.available(total)}["vietqr"]


def vietqr_warnings():
    return [str(m.msg) for m in checks.run_checks() if m.id == "payment.W001"]


def start(order):
    request = RequestFactory().get("/")
    return BankTransfer().start(request, order)


def rendered(started, language="vi"):
    with translation.override(language):
        return render_to_string(started.template, started.context, request=RequestFactory().get("/"))


def test_the_method_is_listed_and_offered_once_the_account_is_configured(bank_account):
    method = methods.get("vietqr")
    assert isinstance(method, BankTransfer) and method.paid_upfront
    assert choice().enabled
    assert str(method.label) == "Chuyển khoản ngân hàng (VietQR)"
    assert vietqr_warnings() == []


def test_without_an_account_it_is_listed_but_not_offered_and_says_why(no_bank_account):
    offered = choice()
    assert not offered.enabled
    assert str(offered.reason) == "Hiện chưa nhận thanh toán bằng chuyển khoản."
    with translation.override("en"):
        assert str(offered.reason) == "Bank transfer is not offered at the moment."
    assert vietqr_warnings() == []  # nothing configured is a choice, not a mistake


@pytest.mark.parametrize(
    ("changes", "warned"),
    [
        ({"VIETQR_ACCOUNT_NAME": ""}, ["VIETQR_ACCOUNT_NAME is not set"]),
        ({"VIETQR_BANK_BIN": "97043"}, ["VIETQR_BANK_BIN '97043' is not a bank BIN"]),
        ({"VIETQR_ACCOUNT_NUMBER": "0011 0012 34567"}, ["VIETQR_ACCOUNT_NUMBER '0011 0012 34567' is not an account"]),
        (
            {"VIETQR_BANK_NAME": "", "VIETQR_ACCOUNT_NUMBER": "12345678901234567890"},
            ["VIETQR_BANK_NAME is not set", "VIETQR_ACCOUNT_NUMBER '12345678901234567890' is not an account"],
        ),
    ],
)
def test_a_partial_or_wrong_account_is_not_offered_and_manage_check_says_why(bank_account, changes, warned):
    for name, value in changes.items():
        setattr(bank_account, name, value)
    assert not choice().enabled
    warnings = vietqr_warnings()
    assert len(warnings) == len(warned)
    for warning, words in zip(warnings, warned, strict=True):
        assert warning.startswith("Bank transfer (VietQR) is not offered to shoppers: ") and words in warning


def test_an_amount_beyond_what_a_code_can_carry_is_not_offered(bank_account):
    assert choice(9_999_999_999_999).enabled
    assert not choice(10_000_000_000_000).enabled


def test_start_gives_the_qr_code_of_exactly_this_transfer(bank_account, placed):
    started = start(placed)
    total = int(placed.total_incl_tax)
    assert started.template == "payment/vietqr.html"
    context = started.context
    expected = payload("970436", "0011001234567", total, placed.number)
    assert context["payload"] == expected
    read, _order = read_back(context["payload"])
    assert read["38"]["01"] == {"00": "970436", "01": "0011001234567"}
    assert (read["54"], read["62"]) == (str(total), {"08": placed.number})
    assert (context["amount"], context["note"]) == (total, placed.number)
    # The picture: a PNG whose modules are those of the expected text's QR code.
    header, data = context["qr_image"].split(",", 1)
    assert header == "data:image/png;base64"
    image = Image.open(io.BytesIO(base64.b64decode(data))).convert("L")
    assert image.size == (context["qr_size"], context["qr_size"])
    code = segno.make(expected, error="m")
    assert code.error == "M"
    modules = [
        [1 if image.getpixel((4 * 8 + x * 8 + 4, 4 * 8 + y * 8 + 4)) < 128 else 0 for x in range(len(row))]
        for y, row in enumerate(code.matrix)
    ]
    assert modules == [list(row) for row in code.matrix]


def test_start_marks_the_order_as_paid_by_transfer_once(bank_account, placed):
    start(placed)
    start(placed)  # the shopper opens the page again
    assert [s.source_type.code for s in placed.sources.all()] == ["vietqr"]
    assert placed.sources.get().amount_debited == 0


def test_the_shopper_sees_the_details_to_copy_in_vietnamese(bank_account, placed):
    total = int(placed.total_incl_tax)
    shown = f"{total:,}".replace(",", ".") + " ₫"
    page = rendered(start(placed))
    assert "Thanh toán bằng chuyển khoản" in page
    for value in ("Vietcombank", "0011001234567", "HTX MAT ONG LUC NAM", shown, placed.number):
        assert value in page
    copies = re.findall(r'data-copy="([^"]*)"', page)
    assert copies == ["0011001234567", str(total), placed.number]  # the amount as digits, for the bank app
    assert page.count("hidden>") == 3  # the copy buttons appear only with JavaScript
    assert "Lưu ảnh mã QR" in page and f'download="vietqr-{placed.number}.png"' in page
    assert "Chúng tôi xác nhận đơn hàng khi tiền về tài khoản" in page
    assert '<img src="data:image/png;base64,' in page and 'alt="Mã VietQR' in page


def test_the_page_in_english(bank_account, placed):
    page = rendered(start(placed), "en")
    assert "Pay by bank transfer" in page and "Transfer note" in page and "Copy" in page
    assert "We confirm your order when the money arrives in our account" in page


def test_the_fragment_keeps_to_the_content_security_policy(bank_account, placed):
    page = rendered(start(placed))
    assert "style=" not in page
    assert not re.search(r"\son[a-z]+\s*=", page)  # no onclick= and the like
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts == [(' src="/static/theme/js/copy.js" defer', "")]


def test_without_an_account_the_order_page_says_to_contact_the_shop(no_bank_account, placed):
    page = rendered(start(placed))
    assert "Hiện chưa nhận thanh toán bằng chuyển khoản." in page and placed.number in page
    assert "data:image/png" not in page and "<script" not in page


def test_start_takes_the_order_as_checkout_hands_it_over(bank_account, order):
    """Right after Oscar places an order, its number may still be the generator's int."""
    started = start(order)
    assert started.context["note"] == str(order.number)
    assert read_back(started.context["payload"])[0]["62"] == {"08": str(order.number)}
