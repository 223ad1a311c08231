import csv
import datetime
import hashlib
import hmac
import json
import time
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from oscar.core.prices import Price
from oscar.test.factories import create_order

from marketplace.order.statuses import CANCELLED
from marketplace.payment.methods.stripe import Card, card_source, client
from marketplace.payment.records import is_paid, payment_source, record_payment

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
"""Card payments against localstripe (tests/conftest.py starts it): helpers that do what Stripe
and the shopper's card would do, with the real stripe client, and signed webhook deliveries."""


WEBHOOK = "/payments/stripe/webhook/"
PAYS, DECLINED = "4242424242424242", "4000000000000341"  # localstripe's test cards


def pay(intent_id, number=PAYS):
    """Pay a PaymentIntent with a test card, as Stripe does when the shopper confirms the form.
    A declined card raises stripe.CardError."""
    stripe = client()
    method = stripe.v1.payment_methods.create(
        params={"type": "card", "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}}
    )
    stripe.v1.payment_intents.update(intent_id, params={"payment_method": method.id})
    return stripe.v1.payment_intents.confirm(intent_id)


def intent_of(order):
    return client().v1.payment_intents.retrieve(card_source(order).reference)


def charge_of(intent):
    charge = intent.latest_charge
    return client().v1.charges.retrieve(charge if isinstance(charge, str) else charge.id)


def event(type, obj, event_id=None):
    """A Stripe event as Stripe sends it (``data.object`` is the object's full JSON)."""
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "api_version": "2017-08-15",
        "created": int(time.time()),
        "livemode": False,
        "type": type,
        "data": {"object": obj.to_dict() if hasattr(obj, "to_dict") else obj},
    }


def signature(payload, secret, timestamp=None):
    """Stripe's scheme: ``t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


@pytest.fixture
def send_event(client, settings):
    """Deliver an event to the webhook, signed with the webhook secret (or ``secret``)."""

    def send(evt, secret=None, timestamp=None, body=None):
        payload = body if body is not None else json.dumps(evt).encode()
        return client.post(
            reverse("payment:stripe-webhook"),
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature(payload, secret or settings.STRIPE_WEBHOOK_SECRET, timestamp),
        )

    return send


@pytest.fixture
def card_order(localstripe, order, rf):
    """The two producers' order, paid by card: its PaymentIntent created (Card.start), unpaid."""
    order.refresh_from_db()  # its number as stored (a string)
    Card().start(rf.get("/"), order)
    return order


@pytest.fixture
def paid_order(card_order, send_event):
    """The card order paid, as Stripe's payment_intent.succeeded reports it."""
    intent = pay(intent_of(card_order).id)
    assert send_event(event("payment_intent.succeeded", intent)).status_code == 200
    assert is_paid(card_order)
    return card_order
