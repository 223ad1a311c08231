"""THE PAYMENT INTERFACE — one small contract, one module per method.

A method (``cod.py``, ``vietqr.py``, ``stripe.py``) subclasses :class:`PaymentMethod`. Checkout
asks :func:`available` which methods a basket may use (and why not the others), places the
order, then hands it to the chosen method's :meth:`PaymentMethod.start`, which says what the
shopper sees next (nothing for cash on delivery, a QR code for a transfer, the card form). Money
that arrives — a verified Stripe webhook, a matched bank-statement row, a courier's cash — is
recorded in one place, :func:`marketplace.payment.records.record_payment`, never by the
redirect back from a payment page. Every amount is an ``int`` of đồng (VND has no minor unit).

Methods are listed in ``settings.PAYMENT_METHODS`` (dotted paths), in the order shoppers see.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass
class Choice:
    """A method as offered at checkout: ``reason`` says why it cannot be used, when it cannot."""

    method: "PaymentMethod"
    reason: str = ""

    @property
    def enabled(self):
        return not self.reason


@dataclass
class Start:
    """What the shopper meets after placing the order with a method: a template to include
    on the order's payment page and its context (empty for cash on delivery)."""

    template: str = ""
    context: dict = field(default_factory=dict)


class PaymentMethod:
    code = ""  # stored on the order's payment source: "cod", "vietqr", "card"
    label = ""
    description = ""
    #: Whether the order waits for money before producers start (card, transfer) or not (COD).
    paid_upfront = True

    def unavailable_reason(self, total, shipping_address=None):
        """Why this method cannot pay ``total`` đồng (an ``int``), or ``""`` when it can."""
        return ""

    def start(self, request, order):
        """Begin paying ``order`` (already placed): return a :class:`Start`."""
        return Start()

    def refund(self, order, amount, user=None):
        """Give ``amount`` đồng of ``order`` back; methods that cannot refund by themselves raise."""
        raise NotImplementedError(f"{self.code}: refunds are made by hand and recorded by staff")


def all_methods():
    return [import_string(path)() for path in settings.PAYMENT_METHODS]


def get(code):
    """The method whose code is ``code``; ``KeyError`` for none."""
    for method in all_methods():
        if method.code == code:
            return method
    raise KeyError(code)


def available(total, shipping_address=None):
    """Every configured method for a basket of ``total`` đồng, as :class:`Choice` (with why not)."""
    return [Choice(method, method.unavailable_reason(total, shipping_address)) for method in all_methods()]
