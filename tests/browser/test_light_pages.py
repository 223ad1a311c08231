"""The storefront without jQuery or Bootstrap's script, on a phone: the basket's "Save for later",
"Move to basket" and "Remove" links (theme/js/ui.js) work, the menu of sections and groups
reaches its pages, and no page has a script error or a Content-Security-Policy violation."""

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from .conftest import add_to_basket, csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Product = get_model("catalogue", "Product")
PASSWORD = "mat-khau-dai-2026"


def script_errors(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def two_on_sale():
    return list(
        Product.objects.listable()
        .filter(product_class__slug="ship", stockrecords__num_in_stock__gte=5, stockrecords__price__gt=0)
        .order_by("pk")[:2]
    )


def line_titles(page, formset):
    return page.locator(f"#{formset} .basket-items h3 a, #{formset} .basket-items .basket-title a").all_inner_texts()


def test_basket_links_save_move_and_remove_lines(page, demo_store):
    errors, violations = script_errors(page), csp_violations(page)
    get_user_model().objects.create_user("lan", "lan@example.vn", PASSWORD)
    first, second = two_on_sale()
    page.goto(demo_store + "/accounts/login/")
    page.locator("#id_login-username").fill("lan@example.vn")
    page.locator("#id_login-password").fill(PASSWORD)
    page.locator("[name=login_submit]").click()
    page.wait_for_load_state()
    add_to_basket(page, demo_store, first.title)
    add_to_basket(page, demo_store, second.title)
    page.goto(demo_store + "/basket/")
    basket = page.locator("#basket_formset")
    assert basket.get_by_text(first.title).count() and basket.get_by_text(second.title).count()

    basket.get_by_role("link", name="Để dành mua sau").first.click()
    page.wait_for_load_state()
    saved = page.locator("#saved_basket_formset")
    assert saved.get_by_text(first.title).count() == 1
    assert page.locator("#basket_formset").get_by_text(first.title).count() == 0

    page.locator("#basket_formset").get_by_role("link", name="Gỡ bỏ").first.click()
    page.wait_for_load_state()
    assert page.locator("#basket_formset").count() == 0  # the basket is empty
    assert page.locator("#saved_basket_formset").get_by_text(first.title).count() == 1

    page.locator("#saved_basket_formset").get_by_role("link", name="Chuyển vào giỏ hàng").click()
    page.wait_for_load_state()
    assert page.locator("#basket_formset").get_by_text(first.title).count() == 1
    assert errors == [] and violations == []


def test_phone_menu_reaches_sections_and_groups(page, demo_store):
    errors, violations = script_errors(page), csp_violations(page)
    page.goto(demo_store + "/")
    menu = page.get_by_role("navigation", name="Nhóm sản phẩm")
    menu.get_by_role("link", name="Điểm bán").click()
    page.wait_for_url("**/sales-points/**")
    menu = page.get_by_role("navigation", name="Nhóm sản phẩm")
    group = menu.get_by_role("link").last
    name = group.inner_text()
    group.click()  # the last group, scrolled into view on the phone
    page.wait_for_url("**/catalogue/category/**")
    assert name in page.get_by_role("heading", level=1).inner_text()
    assert errors == [] and violations == []
