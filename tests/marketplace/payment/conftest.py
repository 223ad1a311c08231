"""Card payments against localstripe (tests/conftest.py starts it): helpers that do what Stripe
and the shopper's card would do, with the real stripe client, and signed webhook deliveries."""

import hashlib
import hmac
import json
import time
import uuid

import pytest
from django.urls import reverse

from marketplace.payment.methods.stripe import Card, card_source, client
from marketplace.payment.records import is_paid

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
