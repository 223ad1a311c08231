"""Bank transfer with VietQR (chuyển khoản ngân hàng): the shopper pays the shop's account from
their banking app, by scanning the order's QR code or typing the details, with the order number
as the transfer note. The money is recorded when staff see it arrive: by importing the bank
statement (marketplace/payment/statements.py) or by marking the order paid by hand, both in the
dashboard's *Payments* menu.

The method is always listed in ``settings.PAYMENT_METHODS`` and offered to shoppers only while
the shop's account is configured (``VIETQR_BANK_BIN``, ``VIETQR_BANK_NAME``,
``VIETQR_ACCOUNT_NUMBER``, ``VIETQR_ACCOUNT_NAME``): until then checkout shows it disabled with
its reason. Listed always, so that orders already placed by transfer keep their method (their
statement rows still match, staff still mark them paid) if the account is changed or removed;
a partial or invalid configuration is reported by ``manage.py check`` (:func:`check_account`).
"""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _

from .. import vietqr
from ..records import payment_source
from . import PaymentMethod, Start

SETTINGS = ("VIETQR_BANK_BIN", "VIETQR_BANK_NAME", "VIETQR_ACCOUNT_NUMBER", "VIETQR_ACCOUNT_NAME")


@dataclass(frozen=True)
class BankAccount:
    bank_bin: str
    bank_name: str
    number: str
    name: str


def account_problems():
    """What is wrong with the shop's bank account settings, in words (empty: nothing)."""
    values = {name: str(getattr(settings, name, "") or "").strip() for name in SETTINGS}
    if not any(values.values()):
        return ["not configured: set " + ", ".join(SETTINGS)]
    problems = [f"{name} is not set" for name, value in values.items() if not value]
    bank_bin, number = values["VIETQR_BANK_BIN"], values["VIETQR_ACCOUNT_NUMBER"]
    if bank_bin and not vietqr.BIN.fullmatch(bank_bin):
        problems.append(f"VIETQR_BANK_BIN {bank_bin!r} is not a bank BIN (6 digits, e.g. 970436)")
    if number and not vietqr.ACCOUNT.fullmatch(number):
        problems.append(
            f"VIETQR_ACCOUNT_NUMBER {number!r} is not an account number "
            f"(1 to {vietqr.MAX_ACCOUNT} letters and digits, without spaces)"
        )
    return problems


def bank_account():
    """The shop's account that transfers go to, or None while it is not (fully) configured."""
    if account_problems():
        return None
    return BankAccount(*(str(getattr(settings, name)).strip() for name in SETTINGS))


def check_account(app_configs=None, **kwargs):
    """``manage.py check``: a bank account configured in part or wrongly (nothing at all is fine:
    the method is simply not offered)."""
    problems = account_problems()
    if not problems or not any(getattr(settings, name, "") for name in SETTINGS):
        return []
    return [
        checks.Warning(
            f"Bank transfer (VietQR) is not offered to shoppers: {problem}.",
            hint="See README.md, Configuration.",
            id="payment.W001",
        )
        for problem in problems
    ]


class BankTransfer(PaymentMethod):
    code = "vietqr"
    label = _("Bank transfer (VietQR)")
    description = _(
        "Scan the QR code with your banking app, or transfer with the details shown. "
        "We prepare your order once the money has arrived."
    )
    paid_upfront = True

    def unavailable_reason(self, total, shipping_address=None):
        if bank_account() is None:
            return _("Bank transfer is not offered at the moment.")
        if total > vietqr.MAX_AMOUNT:
            return _("This amount is too large for one bank transfer.")
        return ""

    def start(self, request, order):
        """The QR code and the details to copy. The order is marked as paid by transfer (its
        payment source) if checkout has not done so, so that its statement row will match."""
        account = bank_account()
        if account is None:
            return Start("payment/vietqr.html", {"order": order, "unavailable": self.unavailable_reason(0)})
        payment_source(order, self.code)
        amount = int(order.total_incl_tax)
        note = str(order.number)  # the transfer note
        text = vietqr.payload(account.bank_bin, account.number, amount, note)
        qr = segno.make(text, error="m")
        return Start(
            "payment/vietqr.html",
            {
                "order": order,
                "payload": text,
                "qr_image": qr.png_data_uri(scale=8, border=4),
                "qr_size": qr.symbol_size(scale=8, border=4)[0],
                "bank_name": account.bank_name,
                "bank_bin": account.bank_bin,
                "account_number": account.number,
                "account_name": account.name,
                "amount": amount,
                "note": note,
            },
        )
