"""Money is recorded once per reference and only when it matches the order."""

from decimal import Decimal

import pytest
from django.test import override_settings

from marketplace.payment import methods
from marketplace.payment.records import AmountMismatch, is_paid, record_payment
from tests.factories import create_order

pytestmark = pytest.mark.django_db


def test_a_payment_is_recorded_once_whatever_the_replays():
    order = create_order()
    total = int(order.total_incl_tax)
    assert not is_paid(order)
    assert record_payment(order, "card", total, "pi_123", currency=order.currency)
    assert not record_payment(order, "card", total, "pi_123", currency=order.currency)  # replayed
    order.refresh_from_db()
    assert is_paid(order)
    assert order.sources.get().amount_debited == Decimal(total)
    assert order.payment_events.count() == 1


def test_a_wrong_amount_or_currency_is_refused_and_recorded_nowhere():
    order = create_order()
    with pytest.raises(AmountMismatch):
        record_payment(order, "vietqr", int(order.total_incl_tax) - 1, "FT1", currency=order.currency)
    with pytest.raises(AmountMismatch):
        record_payment(order, "card", int(order.total_incl_tax), "pi_9", currency="USD")
    assert not order.sources.exists() and not is_paid(order)


@override_settings(COD_LIMIT=2_000_000)
def test_cash_on_delivery_has_a_limit_and_says_so():
    choices = {c.method.code: c for c in methods.available(2_000_000)}
    assert choices["cod"].enabled
    choice = {c.method.code: c for c in methods.available(2_000_001)}["cod"]
    assert not choice.enabled and "2.000.000 ₫" in str(choice.reason)
    assert methods.get("cod").paid_upfront is False
