"""Money received or given back, recorded in one place — whatever brought it (a verified Stripe
webhook, a matched bank-statement row, staff confirming a transfer or a courier's cash).

Each record is an Oscar payment ``Source`` per method on the order, a ``Transaction`` per
movement (its ``reference`` makes recording idempotent: the same reference twice changes
nothing) and a ``PaymentEvent`` in the order's history. Amounts are ``int`` đồng.
"""

from decimal import Decimal

from django.db import transaction
from oscar.core.loading import get_model

from marketplace.order import statuses

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
Transaction = get_model("payment", "Transaction")
PaymentEventType = get_model("order", "PaymentEventType")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")

PAID, REFUNDED = "Paid", "Refunded"


class AmountMismatch(ValueError):
    """The money does not match the order (amount or currency): recorded nowhere, reported."""


def payment_source(order, method_code):
    """The order's payment source for a method, created on first use with nothing received: how
    an order says which method it is to be paid by. A method may keep its own reference there
    (the card method: its Stripe PaymentIntent's id); money moves only through
    :func:`record_payment` and :func:`record_refund`."""
    return _source(order, method_code)


def _source(order, method_code):
    source_type, _ = SourceType.objects.get_or_create(code=method_code, defaults={"name": method_code})
    source, _ = Source.objects.get_or_create(
        order=order,
        source_type=source_type,
        defaults={"currency": order.currency, "amount_allocated": order.total_incl_tax},
    )
    return source


@transaction.atomic
def record_payment(order, method_code, amount, reference, currency="VND"):
    """Record ``amount`` đồng received for ``order``; returns False when ``reference`` was already
    recorded (a replayed webhook, a statement imported twice). Raises :class:`AmountMismatch`
    when the amount or currency is not the order's total."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if Transaction.objects.filter(source__order=order, reference=reference, txn_type=Transaction.DEBIT).exists():
        return False
    if currency != order.currency or Decimal(amount) != order.total_incl_tax:
        raise AmountMismatch(
            f"order {order.number}: received {amount} {currency}, expected {order.total_incl_tax:.0f} {order.currency}"
        )
    source = _source(order, method_code)
    source.debit(Decimal(amount), reference=reference, status="succeeded")
    event_type, _ = PaymentEventType.objects.get_or_create(code="paid", defaults={"name": PAID})
    event = PaymentEvent.objects.create(order=order, amount=Decimal(amount), reference=reference, event_type=event_type)
    PaymentEventQuantity.objects.bulk_create(
        PaymentEventQuantity(event=event, line=line, quantity=line.quantity) for line in order.lines.all()
    )
    statuses.refresh(order)  # paid: the producers may start
    return True


@transaction.atomic
def record_refund(order, method_code, amount, reference, currency="VND"):
    """Record ``amount`` đồng given back to the customer of ``order``; returns False when
    ``reference`` (e.g. the Stripe refund's id) was already recorded — whether the refund was
    recorded first by the staff member who made it or by the webhook that reported it. Raises
    :class:`AmountMismatch` for another currency or an amount that is not between 1 đồng and
    the order's total."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if Transaction.objects.filter(source__order=order, reference=reference, txn_type=Transaction.REFUND).exists():
        return False
    if currency != order.currency or not 0 < Decimal(amount) <= order.total_incl_tax:
        raise AmountMismatch(
            f"order {order.number}: refund {amount} {currency} of {order.total_incl_tax:.0f} {order.currency}"
        )
    source = _source(order, method_code)
    source.refund(Decimal(amount), reference=reference, status="succeeded")
    event_type, _ = PaymentEventType.objects.get_or_create(code="refunded", defaults={"name": REFUNDED})
    PaymentEvent.objects.create(order=order, amount=Decimal(amount), reference=reference, event_type=event_type)
    return True


def is_paid(order):
    """Whether the money for ``order`` has been received in full."""
    received = sum((s.amount_debited - s.amount_refunded for s in order.sources.all()), Decimal(0))
    return received >= order.total_incl_tax


def may_proceed(order):
    """Whether the producers may start on ``order``: paid in full, or to be paid on delivery
    (a method that is not paid upfront, such as cash on delivery)."""
    from .methods import all_methods

    later = {method.code for method in all_methods() if not method.paid_upfront}
    sources = list(order.sources.select_related("source_type"))
    if any(source.source_type.code in later for source in sources):
        return True
    received = sum((s.amount_debited - s.amount_refunded for s in sources), Decimal(0))
    return received >= order.total_incl_tax
