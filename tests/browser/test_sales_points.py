"""A shopper on a phone finds the OCOP points of their district, sees which are open now, opens
one, sees what it sells and reaches a product — then lets the site use their location."""

import re

import pytest

from tests.factories import ProductFactory, SalesPointFactory, stock_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def points(admin_units, home_page):
    honey = ProductFactory(title="Mật ong hoa vải Lục Nam", price=250000)
    luc_nam = SalesPointFactory(
        code="BG-LN-01", slug="bg-ln-01", name="Điểm OCOP huyện Lục Nam", hours="T2-CN 00:00-24:00"
    )
    SalesPointFactory(code="BG-LN-02", slug="bg-ln-02", name="Cửa hàng đặc sản Đồi Ngô", hours="")
    SalesPointFactory(
        code="BG-LG-01",
        slug="bg-lg-01",
        name="Điểm OCOP huyện Lục Ngạn",
        legacy_district_id="219",
        latitude=21.38,
        longitude=106.62,
    )
    stock_at(luc_nam, honey, 12)
    return honey


def test_find_the_points_of_a_district_open_one_and_reach_a_product(page, live_server, points):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Điểm bán", exact=True).first.click()
    page.wait_for_load_state()  # the script that submits the pickers is loaded (slow under load)
    page.get_by_label("Tỉnh").select_option(label="Bắc Giang")  # submits itself
    page.wait_for_url(re.compile(r"province=24"))
    page.wait_for_load_state()
    page.get_by_label("Quận, huyện", exact=False).select_option(label="Huyện Lục Nam")
    page.wait_for_url(re.compile(r"district=218"))
    page.wait_for_load_state()
    cards = page.locator(".point-card")
    assert cards.count() == 2
    assert "Đang mở cửa" in cards.filter(has_text="Điểm OCOP huyện Lục Nam").inner_text()
    page.get_by_label("Đang mở cửa").check()  # only the points open now
    page.wait_for_url(re.compile(r"open=now"))
    assert page.locator(".point-card").count() == 1
    # The map enhances the list even though no map tile can load here (no network): one marker.
    page.wait_for_selector("#locator-map .leaflet-interactive")
    page.get_by_role("link", name="Điểm OCOP huyện Lục Nam").click()
    assert page.get_by_role("link", name=re.compile("Gọi 0204 3882 123")).get_attribute("href") == "tel:02043882123"
    assert page.get_by_role("link", name="Chỉ đường").is_visible()
    page.get_by_role("link", name=re.compile("Mật ong hoa vải Lục Nam")).first.click()
    where = page.locator("#where-to-buy")
    assert "Điểm OCOP huyện Lục Nam" in where.inner_text()
    assert "còn 12" in where.inner_text()


def test_near_me_puts_the_nearest_point_first(browser, live_server, points):
    context = browser.new_context(
        viewport={"width": 412, "height": 915},
        locale="vi-VN",
        geolocation={"latitude": 21.38, "longitude": 106.62},  # in Lục Ngạn
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/sales-points/")
    page.get_by_role("button", name="Gần tôi").click()
    page.wait_for_url(re.compile(r"lat=21\.38"))
    first = page.locator(".point-card").first
    assert "Điểm OCOP huyện Lục Ngạn" in first.inner_text()
    assert "cách 0,0 km" in first.inner_text() or "cách 0.0 km" in first.inner_text()
    # The product page now lists its points nearest first too (the location is remembered).
    page.goto(live_server.url + points.get_absolute_url())
    assert "Gần nhất trước" in page.locator("#where-to-buy").inner_text()
    context.close()
