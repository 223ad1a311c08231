"""A shopper in a shop types the code from a package, the way it is printed, into the check
offered on the home page, and learns whether the product is really certified."""

import re

import pytest
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_type_a_product_code_from_the_package_and_see_its_certificate(page, shop):
    product = Product.objects.listable().select_related("certificate").order_by("pk").first()
    page.goto(shop + "/")
    box = page.get_by_label("Mã giấy chứng nhận, mã sản phẩm hoặc số quyết định")
    box.fill(product.product_code.replace("-", " ").lower())  # "24 218 0007", as people type it
    box.press("Enter")
    page.wait_for_url(re.compile(r"/verify/.+/$"))
    assert page.get_by_role("status").inner_text().startswith("✔")
    assert product.certificate.code in page.locator(".verify__facts").inner_text()


def test_an_unknown_code_says_so_and_offers_the_form_again(page, shop):
    response = page.goto(shop + "/verify/?code=OCOP 99 9999 9999")
    assert response.status == 404
    assert "OCOP 99 9999 9999" in page.get_by_role("status").inner_text()
    assert page.get_by_label("Mã giấy chứng nhận, mã sản phẩm hoặc số quyết định").is_visible()
