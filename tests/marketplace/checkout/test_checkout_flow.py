"""The checkout after the address, through the real views: delivery, payment, review, placement
and confirmation — what a shopper sees and what the order holds.

Goods from two producers (honey from Lục Nam, Bắc Ninh; tea from Thái Nguyên) delivered home
to Lục Nam, or picked up at a point that holds them; paid by cash, transfer or card.
"""

import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.certification.models import Status
from marketplace.order import statuses
from marketplace.payment.records import record_payment
from marketplace.salespoints.models import PointStock
from tests.factories import certify, producer_user

from .test_contact_address import address_data

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

DELIVERY = reverse("checkout:shipping-method")
PAYMENT = reverse("checkout:payment-method")
PREVIEW = reverse("checkout:preview")
THANKS = reverse("checkout:thank-you")
VIETQR_ACCOUNT = {
    "VIETQR_BANK_BIN": "970436",
    "VIETQR_BANK_NAME": "Vietcombank",
    "VIETQR_ACCOUNT_NUMBER": "0011004567890",
    "VIETQR_ACCOUNT_NAME": "VAN PHONG OCOP",
}


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def add(client, product, quantity=1):
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
    assert response.status_code == 302


def to_delivery(client, *products):
    """A guest with ``products`` in the basket, past contact and address (Lục Nam, Bắc Ninh)."""
    for product in products:
        add(client, product)
    assert client.post(reverse("checkout:index"), {"phone": "0912345678", "name": "Nguyễn Thị Lan"}).status_code == 302
    assert client.post(reverse("checkout:shipping-address"), address_data())["Location"] == DELIVERY
    return client


def choose(client, delivery, payment):
    response = client.post(DELIVERY, {"method_code": delivery})
    assert response.status_code == 302 and response["Location"] == PAYMENT, text(response)[-800:]
    response = client.post(PAYMENT, {"method": payment})
    assert response.status_code == 302 and response["Location"] == PREVIEW, text(response)[-800:]
    return client.get(PREVIEW)


def place(client, review=None):
    review = review or client.get(PREVIEW)
    total = re.search(r'name="total" value="(\d+)"', review.content.decode()).group(1)
    return client.post(PREVIEW, {"action": "place_order", "total": total})


@pytest.fixture
def shopper(client, shop, home_page):
    return client


def test_delivery_step_explains_each_way_and_its_price_before_payment(shopper, shop, shop_points):
    to_delivery(shopper, shop.honey, shop.tea)
    page = text(shopper.get(DELIVERY))
    assert "Giao hàng tận nơi" in page
    assert "HTX Lục Nam" in page and "HTX Chè Tân Cương" in page  # a parcel per producer
    # No point holds the tea, so no pickup, and the page says why and what to do.
    assert "Nhận tại" not in page
    assert "Chè búp Tân Cương" in page


def test_cash_on_delivery_home_delivery_from_two_producers(shopper, shop):
    to_delivery(shopper, shop.honey, shop.tea)
    review = choose(shopper, "home-delivery", "cod")
    page = text(review)
    assert "HTX Lục Nam" in page and "HTX Chè Tân Cương" in page
    assert "Thanh toán khi nhận hàng" in page
    assert "200.000 ₫" in page  # the goods

    response = place(shopper, review)
    assert response.status_code == 302 and response["Location"] == THANKS
    order = Order.objects.get()
    lines_total = sum(line.line_price_incl_tax for line in order.lines.all())
    assert order.total_incl_tax == lines_total + order.shipping_incl_tax  # totals reconcile
    assert order.total_incl_tax == int(order.total_incl_tax)  # whole đồng
    assert order.status == statuses.PLACED  # cash on delivery: to the producers at once
    assert {line.partner.name for line in order.lines.all()} == {"HTX Lục Nam", "HTX Chè Tân Cương"}
    assert order.sources.get().source_type.code == "cod"
    assert order.shipping_address.last_name == "Nguyễn Thị Lan"
    assert StockRecord.objects.get(product=shop.honey).num_allocated == 1

    thanks = text(shopper.get(THANKS))
    assert order.number in thanks
    assert "Theo dõi đơn hàng" in thanks
    anon = reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()})
    assert anon in shopper.get(THANKS).content.decode()


def test_pickup_reserves_the_points_stock_not_the_online_stock(shopper, shop, shop_points):
    lucnam, _bacgiang, _hanoi = shop_points
    to_delivery(shopper, shop.honey)
    page = text(shopper.get(DELIVERY))
    assert "Điểm Lục Nam" in page and "Miễn phí" in page
    review = choose(shopper, f"pickup-{lucnam.pk}", "cod")
    assert "Điểm Lục Nam" in text(review)
    assert place(shopper, review)["Location"] == THANKS
    order = Order.objects.get()
    assert order.shipping_code == f"pickup-{lucnam.pk}" and order.shipping_incl_tax == 0
    assert PointStock.objects.get(point=lucnam, product=shop.honey).num_allocated == 1
    assert not StockRecord.objects.get(product=shop.honey).num_allocated


def test_transfer_order_waits_for_the_money_and_shows_the_qr_code(shopper, shop, settings):
    for name, value in VIETQR_ACCOUNT.items():
        setattr(settings, name, value)
    to_delivery(shopper, shop.honey)
    assert place(shopper, choose(shopper, "home-delivery", "vietqr"))["Location"] == THANKS
    order = Order.objects.get()
    assert order.status == statuses.AWAITING_PAYMENT
    thanks = shopper.get(THANKS).content.decode()
    assert "data:image/png;base64," in thanks and "0011004567890" in thanks and order.number in thanks

    record_payment(order, "vietqr", int(order.total_incl_tax), reference="VCB-1")
    order.refresh_from_db()
    assert order.status == statuses.PLACED  # paid: to the producers
    assert "data:image/png" not in shopper.get(THANKS).content.decode()


def test_methods_that_cannot_pay_are_shown_with_why(shopper, shop, settings):
    settings.COD_LIMIT = 50_000
    to_delivery(shopper, shop.honey)
    shopper.post(DELIVERY, {"method_code": "home-delivery"})
    page = shopper.get(PAYMENT).content.decode()
    assert re.search(r'value="cod"[^>]*disabled', page)
    assert "50.000 ₫" in text(shopper.get(PAYMENT))
    response = shopper.post(PAYMENT, {"method": "cod"})  # a forged choice
    assert response.status_code == 200
    assert "Không thể thanh toán đơn hàng này theo cách đó" in text(response)
    assert not Order.objects.exists()


def test_a_product_delisted_during_checkout_is_refused_in_words_and_nothing_is_placed(shopper, shop):
    to_delivery(shopper, shop.honey, shop.tea)
    review = choose(shopper, "home-delivery", "cod")
    certify(shop.tea, status=Status.REVOKED)
    response = place(shopper, review)
    assert response.status_code == 302 and response["Location"] == reverse("basket:summary")
    page = text(shopper.get(response["Location"]))
    assert "Chè búp Tân Cương" in page and "không còn" in page
    assert not Order.objects.exists()
    assert not StockRecord.objects.get(product=shop.honey).num_allocated


def test_a_changed_total_sends_the_shopper_back_to_the_review(shopper, shop):
    to_delivery(shopper, shop.honey)
    review = choose(shopper, "home-delivery", "cod")
    StockRecord.objects.filter(product=shop.honey).update(price=150_000)
    response = place(shopper, review)
    assert response.status_code == 302 and response["Location"] == PREVIEW
    assert not Order.objects.exists()


def test_placing_twice_gives_one_order(shopper, shop):
    to_delivery(shopper, shop.honey)
    review = choose(shopper, "home-delivery", "cod")
    assert place(shopper, review)["Location"] == THANKS
    again = place(shopper, review)
    assert again.status_code == 302 and again["Location"] == THANKS
    assert Order.objects.count() == 1


def test_pickup_stock_taken_meanwhile_is_refused(shopper, shop, shop_points):
    lucnam = shop_points[0]
    to_delivery(shopper, shop.honey)
    review = choose(shopper, f"pickup-{lucnam.pk}", "cod")
    PointStock.objects.filter(point=lucnam, product=shop.honey).update(num_allocated=5)
    response = place(shopper, review)
    assert not Order.objects.exists()
    assert response.status_code in (200, 302)


def test_review_page_query_count_does_not_grow_with_lines(shopper, shop, django_assert_max_num_queries):
    to_delivery(shopper, shop.honey)
    choose(shopper, "home-delivery", "cod")
    with django_assert_max_num_queries(60) as small:
        shopper.get(PREVIEW)
    add(shopper, shop.tea)
    add(shopper, shop.lychee)
    with django_assert_max_num_queries(60) as big:
        shopper.get(PREVIEW)
    assert len(big.captured_queries) <= len(small.captured_queries) + 4


def test_the_guest_and_each_producer_get_their_emails(shopper, shop, mailoutbox, django_capture_on_commit_callbacks):
    honey_maker, tea_maker = producer_user(shop.lucnam), producer_user(shop.tancuong)
    for product in (shop.honey, shop.tea):
        add(shopper, product)
    shopper.post(
        reverse("checkout:index"), {"phone": "0912345678", "name": "Nguyễn Thị Lan", "email": "lan@example.vn"}
    )
    shopper.post(reverse("checkout:shipping-address"), address_data())
    review = choose(shopper, "home-delivery", "cod")
    with django_capture_on_commit_callbacks(execute=True):
        assert place(shopper, review)["Location"] == THANKS
    order = Order.objects.get()
    to_customer = [m for m in mailoutbox if m.to == ["lan@example.vn"]]
    assert len(to_customer) == 1 and order.number in to_customer[0].subject + to_customer[0].body
    tracking = reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()})
    assert tracking in to_customer[0].body
    honey_mail = [m for m in mailoutbox if honey_maker.email in m.to]
    tea_mail = [m for m in mailoutbox if tea_maker.email in m.to]
    assert len(honey_mail) == len(tea_mail) == 1
    assert "Mật ong hoa vải" in honey_mail[0].body and "Chè búp Tân Cương" not in honey_mail[0].body
    assert "Chè búp Tân Cương" in tea_mail[0].body and "Mật ong hoa vải" not in tea_mail[0].body


def test_a_signed_in_customer_orders_and_follows_it_from_the_account(shopper, shop, django_user_model):
    customer = django_user_model.objects.create_user("lan", "lan@example.vn", "mat-khau-dai-2026")
    shopper.force_login(customer)
    add(shopper, shop.honey)
    assert shopper.get(reverse("checkout:index"))["Location"] == reverse("checkout:shipping-address")
    assert shopper.post(reverse("checkout:shipping-address"), address_data())["Location"] == DELIVERY
    assert place(shopper, choose(shopper, "home-delivery", "cod"))["Location"] == THANKS
    order = Order.objects.get()
    assert order.user == customer and order.email == "lan@example.vn"
    assert reverse("customer:order", kwargs={"order_number": order.number}) in shopper.get(THANKS).content.decode()


def test_the_review_links_the_sites_policies(shopper, shop, site_policies):
    to_delivery(shopper, shop.honey)
    review = choose(shopper, "home-delivery", "cod").content.decode()
    policies = re.search(r'class="checkout__policies">(.*?)</p>', review, re.S).group(1)
    assert 'href="/chinh-sach-doi-tra/"' in policies and 'href="/dieu-khoan-su-dung/"' in policies
