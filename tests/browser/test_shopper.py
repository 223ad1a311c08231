"""A shopper on a phone: home page, language switch, a featured product and its certificate;
delisted demo products are nowhere to be found."""

import re

import pytest
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Certificate = get_model("certification", "Certificate")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_language_switch_and_featured_product(page, shop):
    page.goto(shop + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Sản phẩm nổi bật").is_visible()

    page.get_by_role("button", name=re.compile("English")).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="All products").first.is_visible()

    card = page.locator(".featured-products .product-card__link").first
    title = card.locator(".product-card__title").inner_text()
    card.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == title

    product = Product.objects.select_related("certificate", "producer__legacy_district").get(
        pk=int(re.search(r"_(\d+)/$", page.url).group(1))
    )
    assert page.locator(".product-rating").inner_text().count("★") == product.stars
    assert f"OCOP {product.stars}-star product" in page.locator(".product-rating").inner_text()
    assert page.get_by_role("link", name=product.producer.name).first.is_visible()
    place = page.locator(".product-place").inner_text()
    assert product.producer.legacy_province.name in place
    if product.producer.legacy_district:
        assert product.producer.legacy_district.name in place
    certificate = page.locator(".certificate-card").inner_text()
    assert product.certificate.decision_number in certificate
    assert product.certificate.decision_date.strftime("%d/%m/%Y") in certificate


@pytest.mark.parametrize("which", ["revoked", "expired"])
def test_delisted_demo_products_are_absent_and_their_urls_explain(page, shop, demo_sentinels, which):
    product = Certificate.objects.get(code=demo_sentinels[which]).product
    assert not product.is_listable()
    pages = ["/", product.producer.get_absolute_url()]
    if product.producer.legacy_district:
        pages.append(product.producer.legacy_district.get_absolute_url())
    for path in pages:
        page.goto(shop + path)
        assert product.title not in page.content()
    response = page.goto(shop + product.get_absolute_url())
    assert response.status in (404, 410)
    assert page.get_by_role("heading", level=1).inner_text() == "Sản phẩm này không còn được chứng nhận OCOP"
    assert product.certificate.code in page.locator(".delisted__reason").inner_text()
