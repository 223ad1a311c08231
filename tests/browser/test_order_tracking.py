"""A guest follows an order on a phone through the link of their confirmation: the status and
what happens next come first, then each producer's items with the carrier and tracking number of
its parcel, then delivery, payment and totals — on a page as wide as the phone, under the
Content-Security-Policy."""

import pytest
from django.urls import reverse

from marketplace.order import statuses as s
from tests.factories import ProducerFactory, ProductFactory
from tests.marketplace.customer.test_order_pages import basket_of, delivered_by_home, move, set_status, ship

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_guest_follows_the_order_on_a_phone(page, live_server, home_page, tmp_path):
    honey = ProducerFactory(name="Hợp tác xã Mật ong Lục Nam")
    tea = ProductFactory(title="Chè búp Tân Cương", producer=ProducerFactory(name="Hợp tác xã Chè"), price=120000)
    honey_product = ProductFactory(title="Mật ong hoa vải Lục Nam", producer=honey, price=250000)
    order = delivered_by_home(basket_of(honey_product, tea), parcels=(15_000, 15_000))
    move(order, honey, s.LINE_SHIPPED)
    ship(order, honey)
    set_status(order, s.IN_PROGRESS)
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))

    page.goto(live_server.url + reverse("customer:anon-order", args=[order.number, order.verification_hash()]))
    assert page.get_by_role("heading", level=1).inner_text() == f"Đơn hàng {order.number}"
    status = page.get_by_role("heading", name="Trạng thái: Đang chuẩn bị")
    assert status.is_visible() and status.bounding_box()["y"] < 915  # on the first screen of the phone
    parcel = page.get_by_role("list", name="Kiện hàng của Hợp tác xã Mật ong Lục Nam")
    assert "GHN123ABC" in parcel.inner_text() and "Giao Hàng Nhanh (GHN)" in parcel.inner_text()
    assert "400.000 ₫" in page.locator(".order-totals").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 412, f"the page is {width}px wide on a 412px phone"
    page.screenshot(path=str(tmp_path / "order.png"), full_page=True)
    assert violations == []
