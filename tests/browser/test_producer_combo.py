"""A producer composes a gift combo of its own products from its phone, prices it, and sees it on
the public page with what is in it — in Chromium on a phone viewport, under the CSP."""

import pytest
from oscar.core.loading import get_model

from catalog.demo import orders as demo
from catalog.demo.producers import ensure_producer_logins

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Product = get_model("catalogue", "Product")


def test_a_producer_composes_prices_and_publishes_a_gift_combo(page, demo_store):
    email, producer = ensure_producer_logins()[0]
    own = list(Product.objects.certified().filter(producer=producer).exclude(product_code=None).order_by("pk")[:2])
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))

    page.goto(demo_store + "/accounts/login/")
    page.locator("#id_login-username").fill(email)
    page.locator("#id_login-password").fill(demo.PASSWORD)
    page.locator("#id_login-password").press("Enter")
    page.wait_for_url("**/dashboard/")
    page.goto(demo_store + "/dashboard/shop/products/")
    page.get_by_role("link", name="Tạo hộp quà").click()
    page.wait_for_url("**/dashboard/shop/combos/new/")

    page.get_by_label("Tên hộp quà").fill("Hộp quà Tết nhà làm")
    page.locator("#id_form-0-code").fill(own[0].product_code.replace("-", " "))  # typed any way
    page.locator("#id_form-0-quantity").fill("2")
    page.locator("#id_form-1-code").fill(own[1].product_code)
    page.get_by_role("button", name="Tạo hộp quà").click()
    page.get_by_text("Đã tạo hộp quà").wait_for()
    assert "/dashboard/shop/products/" in page.url
    assert own[0].title in page.locator("#parts").inner_text() and own[1].title in page.locator("#parts").inner_text()

    page.get_by_label("Giá (₫)").fill("390000")
    page.locator("#id_num_in_stock").fill("12")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_text("Đã lưu “Hộp quà Tết nhà làm”.").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 412, f"the combo's page is {width}px wide on a 412px phone"

    page.get_by_role("link", name="Xem trang công khai").click()
    page.wait_for_url("**/catalogue/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Hộp quà Tết nhà làm"
    assert "390.000 ₫" in page.locator("main").inner_text()
    assert page.locator(".combo-parts__item").count() == 2
    assert violations == []
