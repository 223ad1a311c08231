"""The storefront works under its Content-Security-Policy: home page, a product, the basket and
the login page load with no violation reported in the console, the search box's suggestions
still work, and the basket's voucher link works (theme/js/ui.js; no inline script at all)."""

import pytest

from tests.factories import ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def csp_violations(page):
    """Every console message about the Content-Security-Policy, as the browser reports it."""
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    return violations


def test_storefront_pages_run_under_the_policy(page, shop, csp_violations):
    product = ProductFactory(title="Mật ong bạc hà Đồng Văn", product_code="csp-test-0001", price=250000)

    response = page.goto(shop + "/")
    directives = [part.strip() for part in response.headers["content-security-policy"].split(";")]
    assert "script-src 'self'" in directives  # no nonce, no inline script (in whatever order the policy lists)
    box = page.get_by_role("combobox", name="Tìm sản phẩm OCOP")
    box.press_sequentially("mat ong", delay=30)
    page.get_by_role("listbox").get_by_role("option").first.wait_for()
    assert "Mật ong" in page.get_by_role("listbox").inner_text()

    page.goto(shop + product.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == product.title
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.goto(shop + "/basket/")
    assert product.title in page.locator("#content_inner").inner_text()
    assert page.locator("#voucher_form_container").is_hidden()  # Oscar's style="display:none", allowed by hash
    page.locator("#voucher_form_link a").click()  # handled by theme/js/ui.js
    assert page.locator("#voucher_form_container").is_visible()

    page.goto(shop + "/accounts/login/")
    assert page.locator("#id_login-username").is_visible()

    assert csp_violations == []
