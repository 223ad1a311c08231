"""The Stripe webhook: only signed events, each processed once, in any order, and the only thing
that marks a card order paid — checked against the order's amount and currency."""

import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import httpx
import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.payment.methods.stripe import card_source
from marketplace.payment.methods.stripe import client as stripe_client
from marketplace.payment.models import StripeEvent
from marketplace.payment.records import is_paid
from tests.marketplace.payment.conftest import charge_of, event, intent_of, pay, signature

pytestmark = pytest.mark.django_db

PaymentEvent = get_model("order", "PaymentEvent")
Outcome = StripeEvent.Outcome
WEBHOOK = "/payments/stripe/webhook/"


def payments(order):
    return PaymentEvent.objects.filter(order=order, event_type__code="paid").count()


def test_the_webhook_is_where_the_issue_says():
    assert reverse("payment:stripe-webhook") == WEBHOOK


def test_only_post_is_allowed(client, localstripe):
    for method in (client.get, client.put, client.delete):
        response = method(WEBHOOK)
        assert response.status_code == 405 and response["Allow"] == "POST"


def test_an_event_that_does_not_verify_is_refused_and_changes_nothing(client, card_order, send_event, settings):
    intent = pay(intent_of(card_order).id)
    evt = event("payment_intent.succeeded", intent)
    payload = json.dumps(evt).encode()
    unsigned = client.post(WEBHOOK, data=payload, content_type="application/json")
    forged = send_event(evt, secret="whsec_somebody_else")
    stale = send_event(evt, timestamp=int(time.time()) - 600)  # replayed after five minutes
    tampered = client.post(
        WEBHOOK,
        data=payload.replace(b'"succeeded"', b'"succeeded" '),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature(payload, settings.STRIPE_WEBHOOK_SECRET),
    )
    garbled = client.post(WEBHOOK, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE="t=x,v1=")
    not_json = send_event(None, body=b"not json")
    not_utf8 = send_event(None, body=b"\xff\xfe")
    not_an_event = send_event(None, body=b'{"id": 1}')
    for response in (unsigned, forged, stale, tampered, garbled, not_json, not_utf8, not_an_event):
        assert response.status_code == 400
    settings.STRIPE_WEBHOOK_SECRET = ""  # not configured: nothing verifies, not even "signed" with ""
    assert send_event(evt, secret=" ").status_code == 400
    assert not StripeEvent.objects.exists() and not is_paid(card_order)


def test_a_payment_marks_the_order_paid_once_however_often_it_is_delivered(card_order, send_event):
    intent = pay(intent_of(card_order).id)
    evt = event("payment_intent.succeeded", intent)
    first = send_event(evt)
    assert first.status_code == 200 and first.json() == {"received": evt["id"], "outcome": "paid", "replay": False}
    assert is_paid(card_order) and payments(card_order) == 1
    replay = send_event(evt)
    assert replay.status_code == 200 and replay.json()["replay"] is True
    # Stripe may also report one payment under two events: recorded once, by the payment's id.
    assert send_event(event("payment_intent.succeeded", intent)).json()["outcome"] == "already_recorded"
    source = card_source(card_order)
    assert source.amount_debited == Decimal(370_000) and payments(card_order) == 1
    assert source.transactions.get().reference == intent.id
    row = StripeEvent.objects.get(event_id=evt["id"])
    assert (row.type, row.order_number, row.outcome) == ("payment_intent.succeeded", card_order.number, "paid")
    assert row.processed_at >= row.received_at
    assert StripeEvent.objects.count() == 2


def wrong_payment(order, amount, currency="vnd"):
    """A payment made for the order's number outside our checkout (Stripe's dashboard, a bug)."""
    stripe = stripe_client()
    intent = stripe.v1.payment_intents.create(
        params={"amount": amount, "currency": currency, "metadata": {"order_number": order.number}}
    )
    return pay(intent.id)


def test_money_that_does_not_match_the_order_is_not_counted_and_is_reported(card_order, send_event, caplog):
    caplog.set_level(logging.ERROR, logger="marketplace.payment.webhooks")
    short = send_event(event("payment_intent.succeeded", wrong_payment(card_order, 300_000)))
    dollars = send_event(event("payment_intent.succeeded", wrong_payment(card_order, 370_000, "usd")))
    for response in (short, dollars):
        assert response.status_code == 200 and response.json()["outcome"] == "amount_mismatch"
    assert not is_paid(card_order) and payments(card_order) == 0
    assert "300000 VND, expected 370000 VND" in caplog.text and "370000 USD" in caplog.text
    assert StripeEvent.objects.filter(outcome=Outcome.AMOUNT_MISMATCH, order_number=card_order.number).count() == 2


def test_a_payment_for_an_unknown_order_is_kept_and_answered(localstripe, send_event):
    stripe = stripe_client()
    intent = stripe.v1.payment_intents.create(
        params={"amount": 100_000, "currency": "vnd", "metadata": {"order_number": "999999"}}
    )
    response = send_event(event("payment_intent.succeeded", pay(intent.id)))
    assert response.status_code == 200 and response.json()["outcome"] == "unknown_order"
    assert StripeEvent.objects.get().order_number == "999999"
    no_metadata = send_event(event("payment_intent.succeeded", {"id": "pi_x", "status": "succeeded"}))
    assert no_metadata.json()["outcome"] == "unknown_order"


def test_a_refund_reported_before_its_payment_adds_up_the_same(card_order, send_event):
    intent = pay(intent_of(card_order).id)
    refund = stripe_client().v1.refunds.create(params={"payment_intent": intent.id, "amount": 70_000})
    paid = event("payment_intent.succeeded", intent)
    refunded = event("refund.created", refund)
    assert send_event(refunded).json()["outcome"] == "refunded"  # arrives first
    assert send_event(paid).json()["outcome"] == "paid"
    for evt in (refunded, paid):  # replays
        assert send_event(evt).json()["replay"] is True
    charge = charge_of(intent)
    assert send_event(event("charge.refunded", charge)).json()["outcome"] == "already_recorded"
    source = card_source(card_order)
    assert (source.amount_debited, source.amount_refunded) == (Decimal(370_000), Decimal(70_000))
    assert not is_paid(card_order)
    assert PaymentEvent.objects.filter(order=card_order, event_type__code="refunded").get().amount == 70_000


def test_a_refund_made_in_stripes_dashboard_is_recorded_from_charge_refunded(paid_order, send_event):
    intent = intent_of(paid_order)
    stripe = stripe_client()
    first = stripe.v1.refunds.create(params={"payment_intent": intent.id, "amount": 20_000})
    second = stripe.v1.refunds.create(params={"payment_intent": intent.id, "amount": 30_000})
    charge = charge_of(intent)
    response = send_event(event("charge.refunded", charge))
    assert response.status_code == 200 and response.json()["outcome"] == "refunded"
    assert card_source(paid_order).amount_refunded == Decimal(50_000)
    row = StripeEvent.objects.get(type="charge.refunded")
    assert first.id in row.detail and second.id in row.detail and row.order_number == paid_order.number
    assert send_event(event("refund.updated", second)).json()["outcome"] == "already_recorded"


def test_a_pending_refund_waits_for_its_update(paid_order, send_event):
    refund = (
        stripe_client()
        .v1.refunds.create(params={"payment_intent": intent_of(paid_order).id, "amount": 10_000})
        .to_dict()
    )
    pending = send_event(event("refund.created", {**refund, "status": "pending"}))
    assert pending.json()["outcome"] == "not_succeeded" and card_source(paid_order).amount_refunded == 0
    assert send_event(event("refund.updated", refund)).json()["outcome"] == "refunded"
    assert card_source(paid_order).amount_refunded == Decimal(10_000)


def test_a_refund_of_a_payment_we_do_not_know_is_kept_and_answered(localstripe, send_event):
    refund = {"id": "re_x", "object": "refund", "amount": 1000, "currency": "vnd", "payment_intent": "pi_nobody"}
    assert send_event(event("refund.created", {**refund, "status": "succeeded"})).json()["outcome"] == "unknown_order"


def test_other_events_are_acknowledged_and_ignored(card_order, send_event):
    response = send_event(event("customer.created", {"id": "cus_x", "object": "customer"}))
    assert response.status_code == 200 and response.json()["outcome"] == "ignored"
    failed = event("payment_intent.payment_failed", intent_of(card_order))
    assert send_event(failed).json()["outcome"] == "ignored" and not is_paid(card_order)


@pytest.mark.django_db(transaction=True)
def test_localstripe_delivers_a_signed_event_that_marks_the_order_paid(localstripe_webhook, card_order):
    pay(intent_of(card_order).id)  # localstripe sends payment_intent.succeeded about a second later
    deadline = time.monotonic() + 15
    while not is_paid(card_order) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert is_paid(card_order)
    # (events of earlier tests' payments may arrive too: they name other orders)
    assert StripeEvent.objects.get(order_number=card_order.number).outcome == Outcome.PAID


@pytest.mark.django_db(transaction=True)
def test_one_event_delivered_many_times_at_once_is_processed_once(localstripe, live_server, card_order, settings):
    evt = event("payment_intent.succeeded", pay(intent_of(card_order).id))
    payload = json.dumps(evt).encode()
    signed = signature(payload, settings.STRIPE_WEBHOOK_SECRET)
    headers = {"Content-Type": "application/json", "Stripe-Signature": signed}

    def deliver(_):
        return httpx.post(live_server.url + WEBHOOK, content=payload, headers=headers, timeout=30).json()

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(deliver, range(6)))
    assert sorted(answer["replay"] for answer in answers) == [False] + [True] * 5
    assert is_paid(card_order) and payments(card_order) == 1 and StripeEvent.objects.count() == 1
