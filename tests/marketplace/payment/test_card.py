"""Card payments through Stripe PaymentIntents, with the real stripe client against localstripe:
one PaymentIntent per order for its total in VND, the card page and its policy, the return page
that only shows the state, and refunds by staff."""

import socket
from decimal import Decimal

import pytest
import stripe
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.payment import methods
from marketplace.payment.methods.stripe import Card, RefundRefused, card_source
from marketplace.payment.methods.stripe import client as stripe_client
from marketplace.payment.records import is_paid
from tests.marketplace.payment.conftest import DECLINED, event, intent_of, pay
from tests.marketplace.test_csp import policy

pytestmark = pytest.mark.django_db

PaymentEvent = get_model("order", "PaymentEvent")


def return_url(intent, secret=None):
    query = f"?payment_intent={intent.id}&payment_intent_client_secret={secret or intent.client_secret}"
    return reverse("payment:card-return") + query + "&redirect_status=succeeded"


def test_the_card_is_offered_only_once_stripe_keys_are_set(settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""
    card = {c.method.code: c for c in methods.available(150_000)}["card"]
    assert not card.enabled and "chưa thiết lập thanh toán bằng thẻ" in str(card.reason)
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_live_x", "pk_live_x"
    card = {c.method.code: c for c in methods.available(150_000)}["card"]
    assert card.enabled and card.method.paid_upfront and methods.get("card").label


def test_an_order_gets_one_payment_intent_for_its_total_in_dong(localstripe, order, rf):
    total = int(order.total_incl_tax)
    assert total == 370_000  # 250.000 ₫ + 120.000 ₫: no minor unit
    first = Card().start(rf.get("/"), order)
    again = Card().start(rf.get("/"), order)  # a reload, a second tab
    assert first.template == "payment/card.html"
    card = first.context["card_payment"]
    assert card["client_secret"] == again.context["card_payment"]["client_secret"]
    assert card["publishable_key"] == "pk_test_ocop_localstripe" and card["js_url"].endswith("/v3/")
    assert card["return_url"] == "http://testserver/payments/card/return/" and card["payable"]
    intent = intent_of(order)
    assert card["client_secret"] == intent.client_secret
    assert (intent.amount, intent.currency, intent.metadata.order_number) == (total, "vnd", str(order.number))
    assert not is_paid(order)


def test_a_cancelled_payment_intent_is_replaced(localstripe, order, rf):
    Card().start(rf.get("/"), order)
    cancelled = intent_of(order)
    stripe_client().v1.payment_intents.cancel(cancelled.id)
    Card().start(rf.get("/"), order)
    assert intent_of(order).id != cancelled.id and intent_of(order).status == "requires_payment_method"


def test_the_card_page_allows_stripe_there_only_and_runs_no_inline_script(client, localstripe, card_order, settings):
    intent = intent_of(card_order)
    js_origin = settings.STRIPE_JS_URL.removesuffix("/v3/")  # the Stripe.js stand-in
    response = client.get(return_url(intent))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-client-secret="{intent.client_secret}"' in html
    assert 'data-return-url="http://testserver/payments/card/return/"' in html
    assert "/static/theme/js/card-payment.js" in html
    csp = policy(response)
    assert csp["script-src"][:1] == ["'self'"] and js_origin in csp["script-src"]
    assert csp["connect-src"] == ["'self'", localstripe, js_origin]
    assert csp["frame-src"] == ["'self'", js_origin]
    assert html.count("<script>") + html.count("<script nonce=") == 0  # none at all: our scripts are files
    basket = policy(client.get(reverse("basket:summary")))
    assert js_origin not in basket["script-src"] and "connect-src" not in basket


def test_stripe_itself_is_allowed_when_the_keys_are_live(client, localstripe, card_order, settings):
    settings.STRIPE_JS_URL, settings.STRIPE_API_BASE = "https://js.stripe.com/v3/", localstripe
    csp = policy(client.get(return_url(intent_of(card_order))))
    assert "https://js.stripe.com" in csp["script-src"] and "https://*.js.stripe.com" in csp["script-src"]
    assert "https://hooks.stripe.com" in csp["frame-src"]


def test_the_return_page_shows_the_payment_but_never_marks_the_order_paid(client, card_order, send_event):
    intent = pay(intent_of(card_order).id)
    page = client.get(return_url(intent))
    assert page.status_code == 200
    assert 'data-status="confirming"' in page.content.decode()
    assert not is_paid(card_order) and not PaymentEvent.objects.filter(order=card_order).exists()
    # Stripe's webhook arrives (it may also arrive before the shopper is back): now it is paid.
    send_event(event("payment_intent.succeeded", intent))
    html = client.get(return_url(intent)).content.decode()
    assert 'data-status="paid"' in html and "card-payment-form" not in html
    guest_link = reverse("customer:anon-order", args=[card_order.number, card_order.verification_hash()])
    assert guest_link in html


def test_a_declined_card_shows_why_and_the_form_again(client, card_order):
    with pytest.raises(stripe.CardError):
        pay(intent_of(card_order).id, DECLINED)
    intent = intent_of(card_order)
    html = client.get(return_url(intent)).content.decode()
    assert 'data-status="failed"' in html and "declined" in html
    assert f'data-client-secret="{intent.client_secret}"' in html  # the same payment, tried again
    assert not is_paid(card_order)


def test_the_return_page_needs_the_payments_own_secret(client, card_order):
    intent = intent_of(card_order)
    url = reverse("payment:card-return")
    assert client.get(return_url(intent, secret="pi_x_secret_guessed")).status_code == 404
    assert client.get(url).status_code == 404
    assert client.get(url, {"payment_intent": "pi_unknown", "payment_intent_client_secret": "x"}).status_code == 404
    for hostile in ["\x00", "pi_\x00", "' OR 1=1 --", "pi_" + "a" * 5000, "<script>"]:
        response = client.get(url, {"payment_intent": hostile, "payment_intent_client_secret": hostile})
        assert response.status_code == 404, hostile
    assert client.post(return_url(intent)).status_code == 405


def test_staff_refund_part_then_the_rest(localstripe, paid_order, django_user_model):
    staff = django_user_model.objects.get(username="vanphong")
    refund = Card().refund(paid_order, 100_000, user=staff)
    assert refund.status == "succeeded" and refund.amount == 100_000
    source = card_source(paid_order)
    assert source.amount_refunded == Decimal(100_000)
    assert PaymentEvent.objects.filter(order=paid_order, event_type__code="refunded", reference=refund.id).exists()
    assert "100.000 ₫" in paid_order.notes.get().message
    with pytest.raises(RefundRefused, match="270.000 ₫"):
        Card().refund(paid_order, 270_001, user=staff)
    with pytest.raises(RefundRefused, match="từ khi bạn mở trang này"):
        Card().refund(paid_order, 1_000, user=staff, already_refunded=0)  # a stale confirmation
    Card().refund(paid_order, 270_000, user=staff, already_refunded=100_000)
    source.refresh_from_db()
    assert source.amount_refunded == source.amount_debited == Decimal(370_000)
    assert not is_paid(paid_order)
    stripe_refunds = stripe_client().v1.refunds.list(params={"payment_intent": source.reference}).data
    assert sorted(r.amount for r in stripe_refunds) == [100_000, 270_000]
    with pytest.raises(RefundRefused):
        Card().refund(paid_order, 1, user=staff)


def test_an_unpaid_order_has_nothing_to_refund(card_order):
    with pytest.raises(RefundRefused, match="không có khoản thanh toán bằng thẻ"):
        Card().refund(card_order, 1_000)


def test_staff_refund_from_the_orders_dashboard_page_once(client, paid_order, two_producers):
    client.force_login(two_producers.staff)
    detail = client.get(reverse("dashboard:order-detail", args=[paid_order.number])).content.decode()
    refund_url = reverse("dashboard:order-card-refund", args=[paid_order.number])
    assert refund_url in detail
    confirm = client.get(refund_url)
    assert confirm.status_code == 200
    assert "370.000" in confirm.content.decode() and 'value="370000"' in confirm.content.decode()
    form = {"amount": "50000", "already_refunded": "0"}
    done = client.post(refund_url, form, follow=True)
    assert "50.000 ₫" in done.content.decode() and done.redirect_chain[-1][0].endswith(f"/{paid_order.number}/")
    twice = client.post(refund_url, form)  # the same confirmation sent again
    assert twice.status_code == 200 and "từ khi bạn mở trang này" in twice.content.decode()
    too_much = client.post(refund_url, {"amount": "320001", "already_refunded": "50000"})
    assert too_much.status_code == 200 and too_much.context["form"].errors["amount"]
    source = card_source(paid_order)
    assert source.amount_refunded == Decimal(50_000)
    assert [r.amount for r in client_refunds(source)] == [50_000]


def client_refunds(source):
    return stripe_client().v1.refunds.list(params={"payment_intent": source.reference}).data


def test_only_staff_may_refund(client, paid_order, two_producers, django_user_model):
    refund_url = reverse("dashboard:order-card-refund", args=[paid_order.number])
    clerk = django_user_model.objects.create_user("clerk", "clerk@ocop.local", "mat-khau-dai-2026", is_staff=True)
    for user in (None, two_producers.user_a, clerk):
        client.logout()
        if user:
            client.force_login(user)
        for response in (client.get(refund_url), client.post(refund_url, {"amount": "1000", "already_refunded": "0"})):
            assert response.status_code in (302, 403), user
    assert card_source(paid_order).amount_refunded == 0 and client_refunds(card_source(paid_order)) == []


def test_no_refund_button_without_a_card_payment(client, card_order, two_producers):
    client.force_login(two_producers.staff)
    refund_url = reverse("dashboard:order-card-refund", args=[card_order.number])
    assert refund_url not in client.get(reverse("dashboard:order-detail", args=[card_order.number])).content.decode()
    assert client.get(refund_url).status_code == 302


def test_the_return_page_says_so_when_stripe_is_unreachable_and_tells_nothing(client, card_order, settings):
    url = return_url(intent_of(card_order))
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        settings.STRIPE_API_BASE = f"http://127.0.0.1:{closed.getsockname()[1]}"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 503 and "tải lại trang" in html
    assert str(card_order.number) not in html and card_order.verification_hash() not in html
