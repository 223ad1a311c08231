"""Whole purchases on a phone, in Chromium, on the demo shop: search → product → basket →
checkout → payment → confirmation, and the order as it then stands.

- a guest buys from two producers, delivered home, and pays by card (Stripe's Payment Element
  over localstripe; the signed webhook marks the order paid); each producer sees its own line
  and nothing of the other's, a producer with no line sees nothing;
- a signed-in customer pays cash on delivery: the order goes to the producer at once;
- a guest picks two up at the sales point of their district: the point's stock is reserved;
- a guest pays by bank transfer (VietQR), staff record the transfer, the order is paid.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model
from playwright.sync_api import expect

from marketplace.order import statuses
from marketplace.payment.records import is_paid
from marketplace.salespoints.models import PointStock, SalesPoint
from tests.factories import producer_user

from .conftest import add_to_basket, csp_violations, give_address, give_contact, pay_by_card, wait_until_paid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Partner = get_model("partner", "Partner")

# The shopper lives in Xã Nghĩa Phương (formerly Lục Nam district), Bắc Ninh (formerly Bắc Giang).
PROVINCE, COMMUNE = "24", "07486"
PASSWORD = "mat-khau-dai-2026"
VIETQR_ACCOUNT = {
    "VIETQR_BANK_BIN": "970436",
    "VIETQR_BANK_NAME": "Vietcombank",
    "VIETQR_ACCOUNT_NUMBER": "0011004567890",
    "VIETQR_ACCOUNT_NAME": "VAN PHONG OCOP",
}


def vnd(amount):
    """``150000`` → ``"150.000 ₫"``, as a shopper reads prices."""
    return f"{int(amount):,} ₫".replace(",", ".")


def dong(shown):
    """``"16.000 ₫"`` → ``16000``."""
    return int(shown.removesuffix(" ₫").replace(".", ""))


def text(locator):
    """A locator's text with its white space (new lines, non-breaking spaces) as single spaces."""
    return " ".join(locator.inner_text().split())


def on_sale(**filters):
    """A demo product sold online (listable, a price and stock for a few) that ships anywhere,
    the first by id of those matching ``filters``."""
    return (
        Product.objects.listable()
        .filter(product_class__slug="ship", stockrecords__num_in_stock__gte=5, stockrecords__price__gt=0, **filters)
        .select_related("producer")
        .order_by("pk")
        .first()
    )


def price(product):
    return StockRecord.objects.get(product=product).price


def to_checkout(page):
    """From the basket page (the header's link) to the checkout."""
    page.locator(".basket-link").click()
    page.wait_for_url("**/basket/")
    page.get_by_role("link", name="Tiến hành đặt hàng").click()


def choose(page, delivery, payment):
    """The delivery and payment steps: the radio whose label starts with ``delivery``, then
    with ``payment``; returns the delivery's price as shown, ends on the review page."""
    way = page.get_by_role("radio", name=re.compile("^" + re.escape(delivery)))
    way.check()
    charge = text(page.locator("label.choice", has=way).locator(".choice__price"))
    page.get_by_role("button", name="Tiếp tục để thanh toán").click()
    page.wait_for_url("**/checkout/payment-method/")
    page.get_by_role("radio", name=re.compile("^" + re.escape(payment))).check()
    page.get_by_role("button", name="Tiếp tục để xem lại").click()
    page.wait_for_url("**/checkout/preview/")
    return charge


def place_order(page, total):
    """Press "Đặt hàng · <total>" on the review page; returns the order the confirmation names."""
    page.get_by_role("button", name=f"Đặt hàng · {total}").click()
    page.wait_for_url("**/checkout/thank-you/")
    heading = text(page.get_by_role("heading", level=1))
    number = re.fullmatch(r"Cảm ơn bạn: đơn hàng (\S+) đã được đặt", heading).group(1)
    return Order.objects.get(number=number)


def review_totals(page):
    """The review page's "Tiền hàng", "Giao nhận" and "Cần thanh toán" as shown."""
    totals = page.locator(".review-totals__list dd")
    return [text(totals.nth(i)) for i in range(3)]


def log_in_to_dashboard(browser, shop, user):
    """A new phone with ``user`` signed in through the dashboard's login form."""
    context = browser.new_context(viewport={"width": 412, "height": 915}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(shop + "/dashboard/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(shop + "/dashboard/")
    return page


def producer_figures(page):
    """The producer's dashboard home: its order lines to prepare, and whether a new-order notice
    is there."""
    link = page.locator("#producer_summary").get_by_role("link", name="Dòng đơn hàng cần chuẩn bị")
    return text(link.locator("strong")), "Đơn hàng mới" in page.content()


def test_a_guest_buys_from_two_producers_and_pays_by_card(
    page, browser, demo_store, localstripe_webhook, email_event_types, mailoutbox
):
    honey = on_sale(producer__province_id="24", title__startswith="Mật ong")
    tea = on_sale(producer__province_id="19", title__startswith="Chè")
    honey_maker, tea_maker = honey.producer, tea.producer
    listed = Partner.objects.filter(products__in=Product.objects.listable())
    unrelated = listed.exclude(pk__in=[honey_maker.pk, tea_maker.pk])
    honey_user, tea_user = producer_user(honey_maker), producer_user(tea_maker)
    unrelated_user = producer_user(unrelated.first())
    violations = csp_violations(page)

    add_to_basket(page, demo_store, honey.title)
    add_to_basket(page, demo_store, tea.title)
    to_checkout(page)
    give_contact(page, email="lan@example.vn")
    give_address(page, "Số 12, thôn Đông", PROVINCE, COMMUNE)
    delivery = text(page.get_by_role("radio", name=re.compile("^Giao hàng tận nơi")).locator(".."))
    assert honey_maker.name in delivery and tea_maker.name in delivery  # a parcel from each
    charge = choose(page, "Giao hàng tận nơi", "Thẻ ngân hàng")

    goods = price(honey) + price(tea)
    total = vnd(goods + dong(charge))
    assert review_totals(page) == [vnd(goods), charge, total]
    producers = page.locator(".review-producer")
    assert text(producers.nth(0)) == f"{honey_maker.name} 1 × {honey.title} {vnd(price(honey))}"
    assert text(producers.nth(1)) == f"{tea_maker.name} 1 × {tea.title} {vnd(price(tea))}"
    assert "Thẻ ngân hàng" in text(page.locator(".review-block", has=page.locator("#review-payment")))

    order = place_order(page, total)
    assert order.status == statuses.AWAITING_PAYMENT  # nothing goes to the producers unpaid
    assert order.sources.get().source_type.code == "card"
    assert {line.partner for line in order.lines.all()} == {honey_maker, tea_maker}
    assert vnd(order.total_incl_tax) == total
    assert order.total_incl_tax == sum(line.line_price_incl_tax for line in order.lines.all()) + order.shipping_incl_tax
    assert order.guest_email == "lan@example.vn" and order.shipping_address.last_name == "Nguyễn Thị Lan"
    assert f"Đơn hàng {order.number}: {total}" in text(page.locator(".card-payment"))

    pay_by_card(page, "4242 4242 4242 4242", total)
    page.wait_for_url("**redirect_status=succeeded**")
    assert "Cảm ơn" in wait_until_paid(page)
    order.refresh_from_db()
    assert is_paid(order) and order.status == statuses.PLACED
    card = order.sources.get()
    assert card.amount_debited == order.total_incl_tax and card.reference.startswith("pi_")
    assert violations == []

    # Each producer hears of its own line only, once paid, and sees it among its figures.
    for user, product, other in ((honey_user, honey, tea), (tea_user, tea, honey)):
        mails = [m for m in mailoutbox if user.email in m.to]
        assert len(mails) == 1, [m.subject for m in mailoutbox]
        assert order.number in mails[0].subject + mails[0].body
        assert product.title in mails[0].body and other.title not in mails[0].body
        dashboard = log_in_to_dashboard(browser, demo_store, user)
        assert producer_figures(dashboard) == ("1", True)
        assert other.title not in dashboard.content() and total not in dashboard.content()
        dashboard.context.close()
    # A producer with no line in the order hears nothing and reaches nothing of it.
    assert not [m for m in mailoutbox if unrelated_user.email in m.to]
    dashboard = log_in_to_dashboard(browser, demo_store, unrelated_user)
    assert producer_figures(dashboard) == ("0", False)
    response = dashboard.goto(f"{demo_store}/dashboard/orders/{order.number}/")
    assert response.status in (403, 404)
    assert honey.title not in dashboard.content() and tea.title not in dashboard.content()
    dashboard.goto(f"{demo_store}/dashboard/orders/")
    assert order.number not in dashboard.content()
    dashboard.context.close()


def test_a_customer_pays_cash_on_delivery(page, demo_store, email_event_types, mailoutbox):
    customer = get_user_model().objects.create_user(
        "minh", "minh@example.vn", PASSWORD, first_name="Văn Minh", last_name="Trần"
    )
    product = on_sale(producer__province_id="19")
    maker = producer_user(product.producer)
    page.goto(demo_store + "/accounts/login/")
    page.locator("#id_login-username").fill("minh@example.vn")
    page.locator("#id_login-password").fill(PASSWORD)
    page.locator("[name=login_submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url

    add_to_basket(page, demo_store, product.title)
    to_checkout(page)
    page.wait_for_url("**/checkout/shipping-address/")  # a customer gives no separate contact
    assert page.get_by_label("Họ và tên").input_value() == "Trần Văn Minh"
    page.get_by_label("Số điện thoại").fill("0987 654 321")
    give_address(page, "Số 5, ngõ 12, đường Lê Lợi", PROVINCE, COMMUNE)
    charge = choose(page, "Giao hàng tận nơi", "Thanh toán khi nhận hàng (COD)")
    total = vnd(price(product) + dong(charge))
    assert review_totals(page) == [vnd(price(product)), charge, total]
    assert "Bạn trả tiền khi nhận hàng" in text(page.locator("#place_order_form"))

    order = place_order(page, total)
    assert "Nhà sản xuất đang chuẩn bị đơn hàng của bạn. Bạn trả tiền khi nhận hàng." in text(page.locator("main"))
    assert "Thanh toán: Thanh toán khi nhận hàng (COD)" in text(page.locator("main"))
    assert order.user == customer and order.status == statuses.PLACED  # to the producer at once
    source = order.sources.get()
    assert source.source_type.code == "cod" and source.amount_debited == 0 and not is_paid(order)
    assert vnd(order.total_incl_tax) == total and order.shipping_code == "home-delivery"
    assert order.shipping_address.phone_number.as_national == "0987 654 321"
    assert StockRecord.objects.get(product=product).num_allocated == 1
    assert [m for m in mailoutbox if maker.email in m.to]  # the producer may start
    assert [m for m in mailoutbox if m.to == ["minh@example.vn"] and order.number in m.subject + m.body]

    page.get_by_role("link", name="Theo dõi đơn hàng").click()
    page.wait_for_url(f"**/accounts/orders/{order.number}/")
    assert order.number in text(page.get_by_role("heading", level=1))


def test_a_guest_picks_up_at_the_sales_point_of_their_district(page, demo_store, demo_points):
    # The point of Lục Nam district, where the shopper lives, and something it holds.
    point = SalesPoint.objects.get(legacy_district_id="218", kind="district")
    shelf = (
        PointStock.objects.filter(point=point, num_in_stock__gte=2, product__in=Product.objects.listable())
        .filter(product__stockrecords__price__gt=0, product__product_class__slug="ship")
        .select_related("product__producer")
        .order_by("product_id")
        .first()
    )
    product = shelf.product
    online_allocated = StockRecord.objects.get(product=product).num_allocated or 0

    add_to_basket(page, demo_store, product.title)
    page.locator(".basket-link").click()
    page.wait_for_url("**/basket/")
    page.locator("input[name$='-quantity']").fill("2")
    page.get_by_role("button", name="Cập nhật").click()
    expect(page.locator("#basket_formset")).to_contain_text(f"Tổng cộng: {vnd(2 * price(product))}")
    page.get_by_role("link", name="Tiến hành đặt hàng").click()
    give_contact(page, phone="0912 345 678", name="Nguyễn Thị Lan")
    give_address(page, "Số 12, thôn Đông", PROVINCE, COMMUNE)

    # A point of their district comes first among the pickups, a few km from their commune.
    first = page.locator("label.choice--pickup").first
    in_district = SalesPoint.objects.filter(legacy_district_id="218").values_list("name", flat=True)
    assert text(first.locator(".choice__name")).removeprefix("Nhận tại ") in in_district
    km = re.search(r"cách ([\d,]+) km", text(first)).group(1)
    assert float(km.replace(",", ".")) < 15
    assert text(first.locator(".choice__price")) == "Miễn phí"
    assert choose(page, f"Nhận tại {point.name}", "Thanh toán khi nhận hàng (COD)") == "Miễn phí"
    goods = vnd(2 * price(product))
    assert review_totals(page) == [goods, "Miễn phí", goods]
    assert f"Nhận tại {point.name}" in text(page.locator("main"))

    order = place_order(page, goods)
    main = text(page.locator("main"))
    assert f"2 × {product.title} {goods}" in main
    assert f"Giao nhận: Nhận tại {point.name}" in main and f"Tổng cộng {goods}" in main
    assert order.shipping_code == f"pickup-{point.pk}" and order.shipping_incl_tax == 0
    assert order.status == statuses.PLACED and order.sources.get().source_type.code == "cod"
    assert vnd(order.total_incl_tax) == goods
    # The two wait for the shopper on the point's shelf; the producer's online stock is untouched.
    shelf.refresh_from_db()
    assert shelf.num_allocated == 2
    assert (StockRecord.objects.get(product=product).num_allocated or 0) == online_allocated


def test_a_guest_pays_by_vietqr_transfer_that_staff_record(page, browser, demo_store, settings, django_user_model):
    for name, value in VIETQR_ACCOUNT.items():
        setattr(settings, name, value)
    django_user_model.objects.create_user("vanphong", "vp@ocop.local", PASSWORD, is_staff=True, is_superuser=True)
    product = on_sale(producer__province_id="24", title__startswith="Vải")

    add_to_basket(page, demo_store, product.title)
    to_checkout(page)
    give_contact(page, phone="0912 345 678", name="Nguyễn Thị Lan")
    give_address(page, "Số 12, thôn Đông", PROVINCE, COMMUNE)
    charge = choose(page, "Giao hàng tận nơi", "Chuyển khoản ngân hàng (VietQR)")
    amount = price(product) + dong(charge)
    total = vnd(amount)
    order = place_order(page, total)

    qr = page.locator(".vietqr")
    assert f"Chuyển {total} với nội dung {order.number} (mã đơn hàng của bạn)" in text(qr)
    image = qr.get_by_role("img")
    assert image.get_attribute("src").startswith("data:image/png;base64,")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")  # a picture, not a broken one
    assert total in image.get_attribute("alt") and "0011004567890" in image.get_attribute("alt")
    details = text(qr.locator("dl"))
    for shown in ("Vietcombank", "0011004567890", "VAN PHONG OCOP", total, order.number):
        assert shown in details
    assert order.status == statuses.AWAITING_PAYMENT and order.sources.get().source_type.code == "vietqr"
    assert vnd(order.total_incl_tax) == total
    thanks = page.url

    # Staff find the transfer on the account and record it from the payments dashboard.
    staff = log_in_to_dashboard(browser, demo_store, django_user_model.objects.get(username="vanphong"))
    staff.goto(demo_store + "/dashboard/payments/")
    row = staff.get_by_role("row").filter(has_text=order.number)
    assert total in text(row)
    row.get_by_role("link", name="Đánh dấu đã thanh toán").click()
    assert staff.get_by_label("Mã đơn hàng").input_value() == order.number
    staff.get_by_label("Số tiền đã nhận (đồng)").fill(total.removesuffix(" ₫"))
    staff.get_by_label("Số tham chiếu giao dịch của ngân hàng").fill("FT26123456789")
    staff.get_by_role("button", name="Ghi nhận thanh toán").click()
    staff.wait_for_url("**/dashboard/payments/")
    assert order.number in text(staff.locator(".alert-success"))
    staff.context.close()

    order.refresh_from_db()
    assert is_paid(order) and order.status == statuses.PLACED
    assert order.sources.get().transactions.get().reference == "FT26123456789"
    page.goto(thanks)
    assert "Đã ghi nhận thanh toán; nhà sản xuất đang chuẩn bị đơn hàng của bạn." in text(page.locator("main"))
    assert page.locator(".vietqr").count() == 0
