"""A shopper types without diacritics, narrows by province, then district, and opens a product."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_type_mat_ong_narrow_by_province_then_district_and_open_a_product(page, shop):
    page.goto(shop + "/")
    box = page.get_by_role("combobox", name="Tìm sản phẩm OCOP")
    box.press_sequentially("mat ong", delay=30)
    suggestions = page.get_by_role("listbox")
    suggestions.get_by_role("option").first.wait_for()
    assert "Mật ong" in suggestions.inner_text()

    box.press("Enter")  # no suggestion chosen: the search form is submitted
    page.wait_for_url(re.compile(r"/search/\?q=mat\+ong"))
    total = int(page.locator(".listing-count").inner_text().split()[0])
    assert total > 1
    assert "Mật ong" in page.locator(".product-card__title").first.inner_text()  # the name ranks highest

    page.get_by_text("Bộ lọc").click()  # on a phone the filters are folded away
    province = page.get_by_label("Tỉnh", exact=True)
    option = province.locator('option[value="24"]')
    expected = int(re.search(r"\((\d+)\)", option.inner_text()).group(1))
    province.select_option("24")
    page.get_by_role("button", name="Áp dụng").click()
    page.wait_for_url(re.compile(r"province=24"))
    assert "q=mat+ong" in page.url
    assert int(page.locator(".listing-count").inner_text().split()[0]) == expected
    assert all("Bắc Giang" in place for place in page.locator(".product-card__place").all_inner_texts())

    district = page.get_by_label("Huyện", exact=True)  # the province's districts now (filters open)
    option = district.locator("option").nth(1)
    expected = int(re.search(r"\((\d+)\)", option.inner_text()).group(1))
    chosen = option.get_attribute("value")
    district.select_option(chosen)
    page.get_by_role("button", name="Áp dụng").click()
    page.wait_for_url(re.compile(rf"district={chosen}"))
    assert "province=24" in page.url and "q=mat+ong" in page.url
    assert int(page.locator(".listing-count").inner_text().split()[0]) == expected
    page.get_by_label("Tỉnh", exact=True).select_option(index=0)  # all provinces again:
    assert page.get_by_label("Huyện", exact=True).input_value() == ""  # the district goes with it

    first = page.locator(".product-card__link").first
    title = first.locator(".product-card__title").inner_text()
    first.click()
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert "Bắc Giang" in page.locator(".product-place").inner_text()


def test_keyboard_picks_a_suggestion(page, shop):
    page.goto(shop + "/")
    box = page.get_by_role("combobox", name="Tìm sản phẩm OCOP")
    box.press_sequentially("dong trung", delay=30)
    option = page.get_by_role("option").first
    option.wait_for()
    wanted = option.inner_text().splitlines()[0]
    box.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url(re.compile(r"/catalogue/.+_\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == wanted
