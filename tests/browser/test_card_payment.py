"""A shopper on a phone pays an order by card: Stripe's Payment Element (the tests' Stripe.js
stand-in over localstripe) in our page under its Content-Security-Policy, a declined card said
in words, then a good one; Stripe's signed webhook marks the order paid and the page says so."""

import pytest
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model

from marketplace.payment.methods.stripe import Card
from marketplace.payment.records import is_paid
from tests.factories import ProductFactory, create_order

from .conftest import csp_violations, pay_by_card, wait_until_paid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")


@pytest.fixture
def card_page(localstripe_webhook, home_page, rf):
    """A guest's order of 150.000 ₫ to pay by card, and the address of its card page."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(ProductFactory(title="Mật ong hoa vải Lục Ngạn", price=150000))
    order = Order.objects.get(pk=create_order(basket=basket).pk)
    card = Card().start(rf.get("/"), order).context["card_payment"]
    intent_id = card["client_secret"].split("_secret_")[0]
    url = f"{localstripe_webhook.url}/payments/card/return/?payment_intent={intent_id}"
    return order, f"{url}&payment_intent_client_secret={card['client_secret']}"


def test_a_shopper_pays_by_card_after_a_declined_card(page, card_page):
    order, url = card_page
    violations = csp_violations(page)
    page.goto(url)
    assert page.locator("[data-status=unpaid]").is_visible()

    pay = pay_by_card(page, "4000 0000 0000 0341", "150.000 ₫")  # declined
    alert = page.locator("#card-payment-message")
    alert.wait_for()
    assert "declined" in alert.inner_text() and not is_paid(order)

    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    pay.click()
    page.wait_for_url("**redirect_status=succeeded**")
    assert "Cảm ơn" in wait_until_paid(page)
    assert is_paid(order)
    assert violations == []
