"""Stripe's webhook events: verified, processed once each, and the only thing that marks a card
order paid.

Each event is kept as a :class:`~marketplace.payment.models.StripeEvent` (unique per event id)
in the same transaction as what it records, so a replayed or concurrent delivery finds the row
and does nothing, and an event that failed half-way (Stripe unreachable for a refund list) is
answered 500 and retried by Stripe. Events may come in any order and more than once: payments
and refunds are recorded by their own Stripe ids (:mod:`marketplace.payment.records`), so a
refund reported before its payment, or a payment reported twice under two events, adds up the
same. Money that does not match the order is recorded nowhere, logged as an error and kept on
the event for staff.
"""

import logging

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.payment import records
from marketplace.payment.methods.stripe import CODE, client
from marketplace.payment.models import StripeEvent

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
Outcome = StripeEvent.Outcome


class InvalidEvent(ValueError):
    """Not a Stripe event we can trust: no or a wrong signature, too old, or not JSON."""


def verified_event(payload, signature):
    """The event in ``payload`` (bytes) as a dict, once its ``Stripe-Signature`` verifies with
    ``STRIPE_WEBHOOK_SECRET`` (Stripe's scheme: HMAC-SHA256 of ``"{t}.{payload}"``, at most five
    minutes old)."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        logger.error("A Stripe webhook arrived but STRIPE_WEBHOOK_SECRET is not set: refused.")
        raise InvalidEvent("no webhook secret configured")
    try:
        event = stripe.Webhook.construct_event(payload.decode("utf-8"), signature, settings.STRIPE_WEBHOOK_SECRET)
    except (ValueError, stripe.SignatureVerificationError) as error:  # UnicodeDecodeError, JSONDecodeError
        raise InvalidEvent(str(error)) from error
    event = event.to_dict()
    if not (
        isinstance(event.get("id"), str)
        and isinstance(event.get("type"), str)
        and isinstance(event.get("data"), dict)
        and isinstance(event["data"].get("object"), dict)
    ):
        raise InvalidEvent("not an event")
    return event


def handle(event):
    """Process a verified event once: returns its :class:`StripeEvent` and whether this delivery
    was the one that processed it (False for a replay)."""
    with transaction.atomic():
        try:  # the insert first: a concurrent delivery waits on the unique id, then finds the row
            with transaction.atomic():
                row = StripeEvent.objects.create(event_id=event["id"][:255], type=event["type"][:100])
        except IntegrityError:
            return StripeEvent.objects.get(event_id=event["id"][:255]), False
        handler = HANDLERS.get(event["type"], ignored)
        row.outcome, row.order_number, row.detail = handler(event["data"]["object"])
        row.processed_at = timezone.now()
        row.save()
    return row, True


def ignored(obj):
    return Outcome.IGNORED, "", ""


def payment_succeeded(intent):
    """``payment_intent.succeeded``: the order named in the metadata is paid, if the money is its
    total in its currency."""
    number = str((intent.get("metadata") or {}).get("order_number", ""))[:128]
    order = Order.objects.filter(number=number).first() if number else None
    if order is None:
        logger.warning("Stripe payment %s names no order we know (%r)", intent.get("id"), number)
        return Outcome.UNKNOWN_ORDER, number, f"payment {intent.get('id')}"
    if intent.get("status") != "succeeded":
        return Outcome.NOT_SUCCEEDED, number, f"payment {intent.get('id')}: {intent.get('status')}"
    amount = intent.get("amount_received") or intent.get("amount")
    currency = str(intent.get("currency", "")).upper()
    try:
        if not isinstance(amount, int):
            raise records.AmountMismatch(f"order {number}: received {amount!r} {currency}")
        recorded = records.record_payment(order, CODE, amount, reference=intent["id"], currency=currency)
    except records.AmountMismatch as mismatch:
        logger.error("Stripe payment %s not recorded: %s", intent["id"], mismatch)
        return Outcome.AMOUNT_MISMATCH, number, str(mismatch)
    return (Outcome.PAID if recorded else Outcome.ALREADY_RECORDED), number, f"payment {intent['id']}"


def refund_changed(refund):
    """``refund.created``, ``refund.updated``, ``charge.refund.updated``: one refund."""
    return _record_refunds(refund.get("payment_intent"), [refund])


def charge_refunded(charge):
    """``charge.refunded``: every refund of the charge, asked from Stripe (recent API versions do
    not embed them in the event)."""
    refunds = client().v1.refunds.list(params={"charge": charge["id"], "limit": 100})
    return _record_refunds(charge.get("payment_intent"), [refund.to_dict() for refund in refunds.data])


def _record_refunds(intent_id, refunds):
    source = (
        Source.objects.filter(source_type__code=CODE, reference=intent_id).select_related("order").first()
        if isinstance(intent_id, str) and intent_id
        else None
    )
    if source is None:
        logger.warning("Stripe refund of payment %s: no order of ours has that payment", intent_id)
        return Outcome.UNKNOWN_ORDER, "", f"payment {intent_id}"
    order = source.order
    outcomes = []
    for refund in refunds:
        if refund.get("status") != "succeeded":
            outcome = Outcome.NOT_SUCCEEDED
        else:
            try:
                amount = refund.get("amount")
                if not isinstance(amount, int):
                    raise records.AmountMismatch(f"order {order.number}: refund {amount!r}")
                currency = str(refund.get("currency", "")).upper()
                recorded = records.record_refund(order, CODE, amount, reference=refund["id"], currency=currency)
                outcome = Outcome.REFUNDED if recorded else Outcome.ALREADY_RECORDED
            except records.AmountMismatch as mismatch:
                logger.error("Stripe refund %s not recorded: %s", refund.get("id"), mismatch)
                outcome = Outcome.AMOUNT_MISMATCH
        outcomes.append((refund.get("id"), outcome))
    summary = next(
        (o for o in (Outcome.REFUNDED, Outcome.AMOUNT_MISMATCH, Outcome.NOT_SUCCEEDED) if o in dict(outcomes).values()),
        Outcome.ALREADY_RECORDED,
    )
    return summary, order.number, "; ".join(f"{refund_id}: {outcome.value}" for refund_id, outcome in outcomes)


HANDLERS = {
    "payment_intent.succeeded": payment_succeeded,
    "charge.refunded": charge_refunded,
    "charge.refund.updated": refund_changed,
    "refund.created": refund_changed,
    "refund.updated": refund_changed,
}
#: The events to send to the webhook (README; the tests configure localstripe with them).
EVENTS = list(HANDLERS)
