"""A guest on a phone gives a contact and an address; with JavaScript the province → commune
picker fills itself from the JSON endpoint, under the Content-Security-Policy."""

import pytest

from tests.factories import ProductFactory

from .conftest import give_contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_guest_checks_out_to_an_address_picked_with_the_script(page, live_server, admin_units, home_page):
    console = []
    page.on("console", lambda message: console.append(message.text))
    product = ProductFactory(title="Mật ong hoa vải Lục Nam", price=120000)

    page.goto(live_server.url + product.get_absolute_url())
    page.locator("form[action*='/basket/add/'] [type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(live_server.url + "/checkout/")
    assert page.locator(".site-header").is_visible()
    assert "120.000 ₫" in page.locator(".checkout-summary").inner_text()

    give_contact(page, phone="0912 345 678", name="Nguyễn Thị Lan")
    assert page.get_by_label("Họ và tên").input_value() == "Nguyễn Thị Lan"
    assert page.get_by_label("Số điện thoại").input_value() == "0912 345 678"
    assert page.get_by_role("button", name="Hiện các xã/phường của tỉnh này").count() == 0  # the script's job now

    page.get_by_label("Địa chỉ (số nhà, đường, thôn/xóm)").fill("Số 12, thôn Đông")
    with page.expect_response(lambda response: "/checkout/communes/?province=24" in response.url):
        page.get_by_label("Tỉnh/thành phố").select_option("24")
    commune = page.get_by_label("Xã/phường")
    page.wait_for_function("document.getElementById('id_commune').options.length > 90")
    assert "Xã Nghĩa Phương (trước đây huyện Lục Nam)" in commune.inner_text()
    commune.select_option("07486")
    page.screenshot(path="var/checkout-address.png", full_page=True)
    page.get_by_role("button", name="Tiếp tục: giao nhận").click()
    page.wait_for_load_state()
    assert "/checkout/shipping-address/" not in page.url and "/checkout/" in page.url
    assert [text for text in console if "Content Security Policy" in text or "Error" in text] == []
