"""Following an order: a guest through the link of their confirmation (Oscar's anonymous order
status), a customer in their account. Both pages say where the order stands and what happens
next, each producer's lines with their status and parcels, the delivery, the payment and the
totals — in Vietnamese, in đồng, with dates as dd/mm/yyyy. The guest's page is reached only by
its signed link, never cached publicly nor indexed; a customer sees only their own orders."""

import datetime
import re
import socket
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model

from marketplace.order import statuses as s
from marketplace.order.models import Shipment
from marketplace.payment.records import payment_source, record_payment
from marketplace.shipping.methods import HomeDelivery, Pickup
from tests.factories import ProducerFactory, ProductFactory, SalesPointFactory, create_order, stock_at

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
ShippingAddress = get_model("order", "ShippingAddress")

ACCOUNT = {
    "VIETQR_BANK_BIN": "970436",
    "VIETQR_BANK_NAME": "Vietcombank",
    "VIETQR_ACCOUNT_NUMBER": "0011001234567",
    "VIETQR_ACCOUNT_NAME": "HTX MAT ONG LUC NAM",
}


def guest_url(order, hash=None):
    return reverse("customer:anon-order", args=[order.number, hash or order.verification_hash()])


def text(response):
    """The page's text without tags, spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def producer_part(response, producer):
    """The part of the order page about one producer's lines."""
    parts = re.findall(r'<article class="order-producer">.*?</article>', response.content.decode(), re.S)
    (part,) = [part for part in parts if producer in part]
    return part


def basket_of(*products):
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product in products:
        basket.add_product(product)
    return basket


def address(**fields):
    return ShippingAddress.objects.create(
        last_name="Nguyễn Thị Lan",
        phone_number="+84912345678",
        line1="Số 5, đường Lê Lợi",
        line4="Xã Nghĩa Phương",
        state="Tỉnh Bắc Ninh",
        country_id="VN",
        **fields,
    )


def delivered_by_home(basket, user=None, parcels=(30_000,), method="cod", **kwargs):
    """An order of ``basket`` for home delivery (one parcel per producer), to be paid by ``method``."""
    order = create_order(
        basket=basket,
        user=user,
        shipping_method=HomeDelivery([SimpleNamespace(price=price) for price in parcels]),
        shipping_address=address(),
        **kwargs,
    )
    order.refresh_from_db()
    if method:
        payment_source(order, method)
    return order


def move(order, producer, status):
    order.lines.filter(partner=producer).update(status=status)


def ship(order, producer, carrier="ghn", tracking="GHN123ABC", shipped_on=datetime.date(2026, 12, 5)):
    shipment = Shipment.objects.create(order=order, carrier=carrier, tracking_number=tracking, shipped_on=shipped_on)
    shipment.lines.set(order.lines.filter(partner=producer))
    return shipment


def set_status(order, status):
    order.status = status
    order.save(update_fields=["status"])


@pytest.fixture
def on_its_way(two_producers):
    """The two producers' order (250.000 ₫ + 120.000 ₫ of goods, 2 × 15.000 ₫ delivery), cash on
    delivery: A's parcel is with GHN, B has confirmed its line."""
    t = two_producers
    order = delivered_by_home(basket_of(t.product_a, t.product_b), parcels=(15_000, 15_000))
    move(order, t.a, s.LINE_SHIPPED)
    move(order, t.b, s.CONFIRMED)
    ship(order, t.a)
    set_status(order, s.IN_PROGRESS)
    return order


@pytest.fixture
def customer(django_user_model):
    return django_user_model.objects.create_user("khach", "khach@ocop.local", "mat-khau-dai-2026")


def test_a_guest_follows_the_order_by_its_link(client, two_producers, on_its_way):
    response = client.get(guest_url(on_its_way))
    assert response.status_code == 200
    page = text(response)
    assert f"Đơn hàng {on_its_way.number}" in page
    placed = on_its_way.date_placed.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert f"Đặt ngày {placed:%d/%m/%Y}" in page
    # The status in words, and what happens next.
    assert "Trạng thái: Đang chuẩn bị" in page
    assert "Mỗi chủ thể gửi một kiện riêng" in page
    # Each producer's lines with their status, and A's parcel.
    a_part, b_part = producer_part(response, "Hợp tác xã Mật ong Lục Nam"), producer_part(response, "Hợp tác xã Chè")
    assert "Mật ong hoa vải Lục Nam" in a_part and "Đã giao cho đơn vị vận chuyển" in a_part
    assert "Giao Hàng Nhanh (GHN)" in a_part and "GHN123ABC" in a_part and "05/12/2026" in a_part
    assert "Chè búp Tân Cương" in b_part and "Đã xác nhận" in b_part and "Chưa giao cho đơn vị vận chuyển" in b_part
    # Delivery, payment and the totals: lines + delivery = total.
    assert "Giao hàng tận nơi" in page and "Nguyễn Thị Lan · 0912 345 678" in page
    assert "Số 5, đường Lê Lợi, Xã Nghĩa Phương, Tỉnh Bắc Ninh" in page
    assert "Thanh toán khi nhận hàng" in page and "Số tiền trả bằng tiền mặt: 400.000 ₫" in page
    assert "Tiền hàng 370.000 ₫ Giao nhận 30.000 ₫ Tổng cộng 400.000 ₫" in page
    assert "250.000 ₫" in page and "120.000 ₫" in page


def test_the_guest_page_is_private(client, on_its_way):
    response = client.get(guest_url(on_its_way))
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control and "public" not in cache_control


def test_a_wrong_link_finds_nothing(client, on_its_way, customer):
    assert client.get(guest_url(on_its_way, hash="100001:forged-signature")).status_code == 404
    other = create_order(number="100099")
    assert client.get(guest_url(on_its_way, hash=other.verification_hash())).status_code == 404  # another's hash
    assert client.get(reverse("customer:anon-order", args=["999999", "999999:x"])).status_code == 404
    # A customer's order has no guest page, even with its own signature.
    own = create_order(number="100100", user=customer)
    assert client.get(guest_url(own)).status_code == 404
    # Oscar's e-mail form is not needed: its address leads to the page (or nowhere).
    form = reverse("customer:anon-order-form", args=[on_its_way.number, on_its_way.verification_hash()])
    assert client.get(form)["Location"] == guest_url(on_its_way)
    forged = reverse("customer:anon-order-form", args=[on_its_way.number, "100001:forged"])
    assert client.get(forged).status_code == 404


def test_a_guest_without_an_email_address_sees_the_order(client, order):
    """Oscar asks for the order's e-mail address; a guest may have given none. An order that names
    no payment method (the two producers' order as the factory places it) says so."""
    order.refresh_from_db()
    assert not order.guest_email
    response = client.get(guest_url(order))
    assert response.status_code == 200
    page = text(response)
    assert "Trạng thái: Chờ thanh toán" in page and "Đơn hàng này chưa ghi phương thức thanh toán." in page
    assert "Tiền hàng 370.000 ₫ Giao nhận Miễn phí Tổng cộng 370.000 ₫" in page
    assert "Mới" in page and "/pay/" not in response.content.decode()


def test_a_pickup_order_names_the_point_its_hours_and_phone(client, two_producers, admin_units):
    t = two_producers
    point = SalesPointFactory(name="Điểm OCOP Lục Nam", phone="0204 3882 123")
    stock_at(point, t.product_a)
    order = create_order(basket=basket_of(t.product_a), shipping_method=Pickup(point))
    order.refresh_from_db()
    payment_source(order, "cod")
    move(order, t.a, s.AT_POINT)
    set_status(order, s.READY_FOR_PICKUP)
    response = client.get(guest_url(order))
    page = text(response)
    assert "Trạng thái: Sẵn sàng để nhận hàng" in page and "Hàng của bạn đang chờ tại điểm bán" in page
    assert "Bạn trả tiền mặt tại điểm bán." in page
    assert "Nhận tại Điểm OCOP Lục Nam" in page and "Đang chờ tại điểm bán" in page
    html = response.content.decode()
    assert f'href="{point.get_absolute_url()}"' in html and 'href="tel:02043882123"' in html
    assert point.hours_text and point.hours_text in page
    assert "Tiền hàng 250.000 ₫ Giao nhận Miễn phí Tổng cộng 250.000 ₫" in page


def test_a_transfer_awaited_shows_its_qr_code_on_the_order_page(client, two_producers, settings):
    for name, value in ACCOUNT.items():
        setattr(settings, name, value)
    t = two_producers
    order = delivered_by_home(basket_of(t.product_a), method="vietqr")
    response = client.get(guest_url(order))
    page = text(response)
    assert "Trạng thái: Chờ thanh toán" in page and "Chưa thanh toán" in page
    assert "Chuyển khoản ngân hàng (VietQR)" in page and 'src="data:image/png;base64,' in response.content.decode()
    assert "0011001234567" in page and "280.000 ₫" in page

    record_payment(order, "vietqr", 280_000, "FT26339000001")
    set_status(order, s.PLACED)
    page = text(client.get(guest_url(order)))
    assert "Trạng thái: Đã đặt hàng" in page and "Đã thanh toán" in page
    assert "data:image/png" not in page and "0011001234567" not in page


def test_a_card_payment_awaited_links_to_its_pay_page(client, two_producers, localstripe):
    t = two_producers
    order = delivered_by_home(basket_of(t.product_b), method="card")
    pay_url = reverse("customer:anon-order-pay", args=[order.number, order.verification_hash()])
    html = client.get(guest_url(order)).content.decode()
    assert f'href="{pay_url}"' in html and "Thanh toán 150.000 ₫ ngay" in html
    assert "card-payment-form" not in html  # Stripe is asked only on the pay page

    response = client.get(pay_url)
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex, nofollow"
    html = response.content.decode()
    assert 'id="card-payment-form"' in html and 'data-client-secret="pi_' in html
    assert f'href="{guest_url(order)}"' in html
    assert client.get(reverse("customer:anon-order-pay", args=[order.number, "100001:forged"])).status_code == 404


def test_the_pay_page_says_why_it_cannot_take_a_card_and_leaves_paid_orders(client, two_producers, settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""
    t = two_producers
    order = delivered_by_home(basket_of(t.product_b), method="card")
    pay_url = reverse("customer:anon-order-pay", args=[order.number, order.verification_hash()])
    page = text(client.get(pay_url))
    assert "chưa thiết lập thanh toán bằng thẻ" in page and f"Đơn hàng {order.number} của bạn vẫn được giữ" in page

    cod = delivered_by_home(basket_of(t.product_a), method="cod")
    set_status(cod, s.PLACED)
    cod_pay = reverse("customer:anon-order-pay", args=[cod.number, cod.verification_hash()])
    assert client.get(cod_pay)["Location"] == guest_url(cod)


def test_the_pay_page_says_so_when_stripe_is_unreachable(client, two_producers, settings):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_test_x", "pk_test_x"
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        settings.STRIPE_API_BASE = f"http://127.0.0.1:{closed.getsockname()[1]}"
    order = delivered_by_home(basket_of(two_producers.product_b), method="card")
    response = client.get(reverse("customer:anon-order-pay", args=[order.number, order.verification_hash()]))
    assert response.status_code == 503
    assert "Hiện chưa kết nối được với đơn vị xử lý thanh toán" in text(response)
    assert client.get(guest_url(order)).status_code == 200  # the order page itself never asks Stripe


def test_a_cancelled_order_says_so(client, two_producers):
    t = two_producers
    order = delivered_by_home(basket_of(t.product_a, t.product_b), method="card")
    move(order, t.a, s.LINE_CANCELLED)
    move(order, t.b, s.LINE_CANCELLED)
    set_status(order, s.CANCELLED)
    response = client.get(guest_url(order))
    page = text(response)
    assert "Trạng thái: Đã hủy" in page and "Đơn hàng này đã bị hủy" in page
    assert "/pay/" not in response.content.decode()  # nothing to pay any more


def test_the_guest_page_in_english(client, on_its_way):
    client.cookies["django_language"] = "en"
    page = text(client.get(guest_url(on_its_way)))
    assert "Status: Being prepared" in page and "Handed to the carrier" in page and "Confirmed" in page


def test_a_customer_sees_their_own_order_only(client, two_producers, customer, django_user_model):
    t = two_producers
    own = delivered_by_home(basket_of(t.product_a, t.product_b), user=customer)
    move(own, t.a, s.PACKED)
    set_status(own, s.IN_PROGRESS)
    stranger = django_user_model.objects.create_user("khac", "khac@ocop.local", "mat-khau-dai-2026")
    theirs = delivered_by_home(basket_of(t.product_a), user=stranger)
    url = reverse("customer:order", args=[own.number])

    assert client.get(url)["Location"].startswith(reverse("customer:login"))
    client.force_login(customer)
    response = client.get(url)
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    page = text(response)
    assert f"Đơn hàng {own.number}" in page and "Trạng thái: Đang chuẩn bị" in page and "Đã đóng gói" in page
    assert "Tổng cộng 400.000 ₫" in page
    assert client.get(reverse("customer:order", args=[theirs.number])).status_code == 404
    assert client.get(reverse("customer:order-pay", args=[theirs.number])).status_code == 404


def test_the_order_list_shows_statuses_in_words(client, two_producers, customer):
    t = two_producers
    first = delivered_by_home(basket_of(t.product_a), user=customer)
    set_status(first, s.SHIPPED)
    second = delivered_by_home(basket_of(t.product_a, t.product_b), user=customer, method="vietqr")
    client.force_login(customer)
    response = client.get(reverse("customer:order-list"))
    assert response.status_code == 200
    page = text(response)
    assert f"Đơn hàng {first.number}" in page and "Đang giao hàng" in page
    assert f"Đơn hàng {second.number}" in page and "Chờ thanh toán" in page and "2 sản phẩm" in page
    assert "awaiting_payment" not in page
    found = client.get(reverse("customer:order-list"), {"date_from": "", "date_to": "", "order_number": first.number})
    assert found["Location"] == reverse("customer:order", args=[first.number])


def big_order(producers, lines_each):
    """An order with ``lines_each`` lines of each producer, every producer's lines in a parcel."""
    products = [ProductFactory(producer=p, price=50_000) for p in producers for _ in range(lines_each)]
    order = delivered_by_home(basket_of(*products), parcels=[15_000] * len(producers))
    for n, producer in enumerate(producers):
        move(order, producer, s.LINE_SHIPPED)
        ship(order, producer, tracking=f"VTP{n:06d}", carrier="viettel_post")
    set_status(order, s.SHIPPED)
    return order


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_order_pages_cost_the_same_queries_for_any_number_of_lines(
    client, two_producers, customer, django_assert_max_num_queries
):
    small = big_order([two_producers.a], 1)
    producers = [two_producers.a, two_producers.b, ProducerFactory(name="HTX Nước mắm Cát Hải")]
    big = big_order(producers, 4)
    client.get(guest_url(small))  # the session, the basket, the menu's cache
    with django_assert_max_num_queries(8):  # 6, and PostgreSQL's savepoint and release (ATOMIC_REQUESTS)
        client.get(guest_url(small))
    assert queries(client, guest_url(big)) == queries(client, guest_url(small))
    assert text(client.get(guest_url(big))).count("Viettel Post") == 3

    Order = get_model("order", "Order")
    Order.objects.filter(pk__in=[small.pk, big.pk]).update(user=customer)
    client.force_login(customer)
    own = [reverse("customer:order", args=[order.number]) for order in (small, big)]
    client.get(own[0])
    with django_assert_max_num_queries(15):  # 13 with the account's own (session, user, basket…), and the savepoint
        client.get(own[0])
    assert queries(client, own[1]) == queries(client, own[0])
