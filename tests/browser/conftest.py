import os
import shutil
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a headless Chromium on a machine with no network but loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed here (.ci/run installs it: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread; the tests' own ORM calls are
    # still synchronous, so Django's async-safety guard is lifted for the browser tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The page cache on, as in production: what a person does must never meet a stale page."""
    settings.PAGE_CACHE = True


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 412, "height": 915}, locale="vi-VN")  # a phone
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def shop(demo_registry, featured_home_page, live_server):
    """The demo shop served on a live server; returns its URL."""
    return live_server.url


@pytest.fixture
def demo_store(demo_shop, live_server):
    """The demo shop as `make demo` loads it — prices, online stock, the search index — served on
    a live server; returns its URL."""
    return live_server.url


# --- what a shopper does on the way to an order (shared by the checkout tests) ------------------
def add_to_basket(page, shop, title):
    """Search the shop for ``title`` from the home page's box, open the product whose card has
    exactly that title, and put it in the basket; returns the product page's URL."""
    page.goto(shop + "/")
    box = page.get_by_role("combobox", name="Tìm sản phẩm OCOP")
    box.fill(title)
    box.press("Enter")  # no suggestion chosen: the search form is submitted
    page.wait_for_url("**/search/?q=*")
    card = page.locator(".product-card__link").filter(
        has=page.locator(".product-card__title").get_by_text(title, exact=True)
    )
    card.click()
    page.wait_for_url("**/catalogue/**")
    assert page.get_by_role("heading", level=1).inner_text() == title
    product_url = page.url
    page.get_by_role("button", name="Thêm vào giỏ hàng").click()
    page.get_by_text(f"Đã thêm {title} vào giỏ hàng.").wait_for()
    return product_url


def give_contact(page, phone="0912 345 678", name="Nguyễn Thị Lan", email=""):
    """The checkout's first step, a guest's contact; ends on the address step."""
    page.get_by_label("Số điện thoại").fill(phone)
    page.get_by_label("Họ và tên").fill(name)
    if email:
        page.get_by_label("Email (không bắt buộc)").fill(email)
    page.get_by_role("button", name="Tiếp tục: địa chỉ nhận hàng").click()
    page.wait_for_url("**/checkout/shipping-address/")


def give_address(page, street, province, commune):
    """The address step with the province → commune picker the script fills (codes of today's
    units, e.g. province "24", commune "07486"); ends on the delivery step."""
    page.get_by_label("Địa chỉ (số nhà, đường, thôn/xóm)").fill(street)
    with page.expect_response(lambda response: f"/checkout/communes/?province={province}" in response.url):
        page.get_by_label("Tỉnh/thành phố").select_option(province)
    page.locator(f"#id_commune option[value='{commune}']").wait_for(state="attached")
    page.get_by_label("Xã/phường").select_option(commune)
    page.get_by_role("button", name="Tiếp tục: giao nhận").click()
    page.wait_for_url("**/checkout/shipping-method/")


def pay_by_card(page, number, amount):
    """Stripe's Payment Element (the tests' stand-in): the card ``number``, and "Pay <amount>"."""
    pay = page.get_by_role("button", name=f"Thanh toán {amount}")
    pay.wait_for()
    assert pay.is_enabled()  # the Payment Element said it is ready
    page.get_by_label("Card number").fill(number)
    page.get_by_label("Expiry date (MM / YY)").fill("12 / 34")
    page.get_by_label("Security code").fill("123")
    pay.click()
    return pay


def wait_until_paid(page, seconds=15):
    """On the card return page: reload until it says the order is paid (Stripe's webhook marks
    it paid in its own time); returns what it says."""
    deadline = time.monotonic() + seconds
    while not page.locator("[data-status=paid]").count() and time.monotonic() < deadline:
        time.sleep(0.5)
        page.reload()
    return page.locator("[data-status=paid]").inner_text()


def csp_violations(page):
    """A list that fills with the page's Content-Security-Policy violations from now on."""
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    return violations


def picture_shown(image, seconds=10):
    """Whether an <img> shows a picture (loaded, not broken): scrolls it into view first, as a
    person would, since a lazy image below the fold is not fetched until then."""
    image.scroll_into_view_if_needed()
    try:
        image.page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=seconds * 1000
        )
    except PlaywrightTimeoutError:
        return False
    return True
