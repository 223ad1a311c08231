"""A producer runs its shop from a phone: signs in, changes a price and a photo, sees both on the
public page, and fulfils a line of an order — as a person does it, in Chromium on a phone
viewport, under the Content-Security-Policy."""

import pytest
from oscar.core.loading import get_model
from PIL import Image

from catalog.demo import orders as demo
from catalog.demo.producers import demo_producer_logins
from tests.browser.conftest import picture_shown

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Product = get_model("catalogue", "Product")


def phone_photo(path):
    """A photo as a phone takes it held sideways: stored landscape, "rotate 90°" in its EXIF,
    with a GPS position."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {2: (21.0, 2.0, 3.0)}
    Image.new("RGB", (1200, 900), (180, 120, 30)).save(path, "JPEG", exif=exif.tobytes())
    return path


def test_a_producer_changes_a_price_and_a_photo_and_fulfils_a_line(page, live_server, demo_orders, tmp_path):
    email, producer = demo_producer_logins()[0]
    product = Product.objects.listable().filter(producer=producer, stockrecords__num_in_stock__gt=0).order_by("pk")[0]
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))

    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login-username").fill(email)
    page.locator("#id_login-password").fill(demo.PASSWORD)
    page.locator("#id_login-password").press("Enter")
    page.wait_for_url("**/dashboard/")
    page.locator("#producer_summary").get_by_role("link", name="Sản phẩm của bạn").click()
    page.get_by_role("link", name=product.title).click()
    page.wait_for_url(f"**/dashboard/shop/products/{product.pk}/")
    assert page.get_by_role("heading", name="Từ cơ sở dữ liệu OCOP quốc gia").is_visible()

    page.get_by_label("Giá (₫)").fill("345000")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_text(f"Đã lưu “{product.title}”.").wait_for()

    page.get_by_label("Thêm ảnh").set_input_files(phone_photo(tmp_path / "IMG_2041.jpg"))
    page.get_by_role("button", name="Tải ảnh lên").click()
    page.get_by_text("Đã thêm ảnh.").wait_for()
    if page.get_by_role("button", name="Đặt làm ảnh chính").count():  # the product had photos
        page.get_by_role("button", name="Đặt làm ảnh chính").last.click()
        page.get_by_text("Ảnh này giờ được hiển thị đầu tiên.").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 412, f"the producer's product page is {width}px wide on a 412px phone"
    page.screenshot(path=str(tmp_path / "product.png"), full_page=True)

    page.get_by_role("link", name="Xem trang công khai").click()
    page.wait_for_url("**/catalogue/**")
    assert "345.000 ₫" in page.locator("main").inner_text()
    main_picture = page.locator("main picture img").first
    assert "IMG_2041" in main_picture.get_attribute("src")
    assert picture_shown(main_picture)

    # The order both demo producers share: this producer confirms its line, packs it and hands it
    # to a carrier; the other producer's line stays new, so the order is "being prepared".
    order = demo_orders["two-producers"]
    page.goto(live_server.url + "/dashboard/")
    page.locator("#producer_summary").get_by_role("link", name="Dòng đơn hàng cần chuẩn bị").click()
    card = page.locator(f"#order-{order.number}")
    assert "0903 123 456" in card.inner_text()  # the customer's phone, for the delivery
    other = [line.title for line in order.lines.exclude(partner=producer)]
    assert not any(title in card.inner_text() for title in other)  # never the other producer's lines
    card.get_by_role("button", name="Xác nhận").first.click()
    page.get_by_text("Đã xác nhận").first.wait_for()
    card = page.locator(f"#order-{order.number}")
    card.get_by_role("button", name="Đã đóng gói").first.click()
    card = page.locator(f"#order-{order.number}")
    card.locator("summary").filter(has_text="Giao cho đơn vị vận chuyển").first.click()
    card.get_by_label("Đơn vị vận chuyển", exact=True).select_option(index=1)
    card.get_by_label("Mã vận đơn").fill("GHN 123 456 789")
    card.get_by_role("button", name="Giao cho đơn vị vận chuyển").click()
    page.get_by_text("GHN123456789").first.wait_for()
    page.screenshot(path=str(tmp_path / "lines.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 412, f"the order lines page is {width}px wide on a 412px phone"
    order.refresh_from_db()
    own = order.lines.filter(partner=producer)
    assert {line.status for line in own} == {"shipped"}
    assert order.status == "in_progress"
    assert violations == []
