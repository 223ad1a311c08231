"""A shopper on a phone narrows the catalogue to gift combos, opens the province's gift box, sees
the certified products in it, and puts it in the basket — under the Content-Security-Policy."""

import re

import pytest

from catalog.demo.combos import OFFICE_COMBO

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_shopper_finds_a_gift_combo_sees_what_is_in_it_and_buys_it(page, demo_store):
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    page.goto(demo_store + "/catalogue/")
    page.get_by_text("Bộ lọc").click()  # on a phone the filters are folded away
    page.get_by_label("Hộp quà OCOP", exact=True).check()
    page.get_by_role("button", name="Áp dụng").click()
    page.wait_for_url(re.compile(r"combo=1"))
    cards = page.locator(".product-card")
    assert cards.count() == 2
    assert all("Hộp quà" in badge for badge in page.locator(".product-card__combo").all_inner_texts())

    page.locator(".product-card__link").filter(has_text=OFFICE_COMBO).click()
    assert page.get_by_role("heading", level=1).inner_text() == OFFICE_COMBO
    parts = page.locator(".combo-parts__item")
    assert parts.count() == 3  # three producers' products, each with its certificate
    assert parts.get_by_role("link", name=re.compile("giấy chứng nhận")).count() == 3
    price = page.locator(".price_color").inner_text()
    assert price.endswith("₫")

    page.get_by_role("button", name="Thêm vào giỏ hàng").click()
    page.get_by_text(f"Đã thêm {OFFICE_COMBO} vào giỏ hàng.").wait_for()
    page.goto(demo_store + "/basket/")
    assert OFFICE_COMBO in page.locator("main").inner_text()
    assert violations == []
