"""Producers move their own order lines on from the order lines page, on a phone: confirm, pack,
hand to a carrier with the tracking number, bring to the sales point, mark picked up or
delivered, cancel with a reason. Only the moves the pipeline allows and the order's delivery
fits; never another producer's line; a second tap moves nothing."""

import re
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from oscar.apps.checkout.calculators import OrderTotalCalculator
from oscar.core.loading import get_class, get_model

from marketplace.order import moves
from marketplace.order import statuses as s
from marketplace.order.models import Shipment
from marketplace.payment.records import payment_source
from marketplace.salespoints.models import PointStock
from marketplace.shipping.methods import HomeDelivery, Pickup
from tests.factories import create_order
from tests.marketplace.conftest import basket_of

pytestmark = pytest.mark.django_db

OrderCreator = get_class("order.utils", "OrderCreator")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
StockRecord = get_model("partner", "StockRecord")
LINES = reverse("dashboard:order-lines")
MOVE = reverse("dashboard:order-line-move")
CUSTOMER = "lan@example.vn"


def address():
    return ShippingAddress.objects.create(
        last_name="Nguyễn Thị Lan",
        phone_number="+84912345678",
        line1="Số 5, đường Lê Lợi",
        line4="Xã Nghĩa Phương",
        state="Tỉnh Bắc Ninh",
        country_id="VN",
        notes="Gọi trước khi giao",
    )


@pytest.fixture
def placed(order, two_producers, email_event_types):
    """The fixture's order (A's honey 250.000 ₫, B's tea 120.000 ₫): a guest's home delivery,
    cash on delivery, placed."""
    order.guest_email = CUSTOMER
    order.shipping_address = address()
    order.shipping_method, order.shipping_code = "Home delivery", HomeDelivery.code
    order.save()
    payment_source(order, "cod")
    s.refresh(order)
    return order


def place(basket, method):
    """An order of ``basket`` by ``method``, cash on delivery, placed (as the checkout does)."""
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    order = OrderCreator().place_order(
        basket, total, method, charge, order_number=str(300000 + basket.pk), shipping_address=address()
    )
    payment_source(order, "cod")
    s.refresh(order)
    return order


def line_of(order, producer):
    return order.lines.get(partner=producer)


def post(client, lines, to, seen, **data):
    return client.post(MOVE, {"lines": [line.pk for line in lines], "to": to, "seen": seen, **data})


def walk(client, line, *steps):
    """Move ``line`` through ``steps`` (statuses), each from the status it is in."""
    for to in steps:
        line.refresh_from_db()
        response = post(client, [line], to, line.status)
        assert response.status_code == 302, (to, response.status_code)
    line.refresh_from_db()
    return line


def page_text(response):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def card(response, order):
    """The order's card on the order lines page."""
    html = response.content.decode()
    match = re.search(rf'<section class="card mb-3 order-card" id="order-{order.number}".*?</section>', html, re.S)
    assert match, f"no card for order {order.number}"
    return match.group(0)


def online(product):
    record = StockRecord.objects.get(product=product)
    return record.num_in_stock, record.num_allocated or 0


def test_a_producer_prepares_its_line_and_hands_it_to_the_carrier(client, two_producers, placed):
    t = two_producers
    honey, tea = line_of(placed, t.a), line_of(placed, t.b)
    client.force_login(t.user_a)
    page = client.get(LINES)
    mine = card(page, placed)
    assert "Mật ong hoa vải Lục Nam" in mine and "Chè" not in mine and "370.000" not in mine
    assert "Nguyễn Thị Lan" in mine and 'href="tel:+84912345678"' in mine and "Số 5, đường Lê Lợi" in mine
    assert "Gọi trước khi giao" in mine
    assert 'value="confirmed">Xác nhận<span class="sr-only">: Mật ong hoa vải Lục Nam</span>' in mine
    assert "Hủy dòng hàng này" in mine
    assert "Đã đưa đến điểm bán" not in mine  # a delivery: no sales point
    assert "payment" not in mine.lower() and "Thanh toán" not in mine

    response = post(client, [honey], s.CONFIRMED, s.NEW)
    assert response.status_code == 302
    assert response["Location"] == f"{LINES}#order-{placed.number}"
    honey.refresh_from_db()
    placed.refresh_from_db()
    assert honey.status == s.CONFIRMED and placed.status == s.IN_PROGRESS
    shown = page_text(client.get(response["Location"]))
    assert f"Đơn hàng {placed.number}: Mật ong hoa vải Lục Nam — Đã xác nhận." in shown

    walk(client, honey, s.PACKED)
    mine = card(client.get(LINES), placed)
    assert "Giao cho đơn vị vận chuyển" in mine and 'name="tracking_number"' in mine
    assert f'value="{honey.pk}" id="parcel-' in mine and "checked" in mine  # the packed line, ticked

    response = post(client, [honey], s.LINE_SHIPPED, s.PACKED, carrier="ghn", tracking_number=" ghn 8812 345 ")
    assert response.status_code == 302
    shipment = Shipment.objects.get()
    assert (shipment.order, shipment.carrier, shipment.tracking_number) == (placed, "ghn", "GHN8812345")
    assert list(shipment.lines.all()) == [honey] and shipment.recorded_by == t.user_a
    honey.refresh_from_db()
    assert honey.status == s.LINE_SHIPPED
    assert online(t.product_a) == (9, 0)  # the honey left the producer's stock
    placed.refresh_from_db()
    assert placed.status == s.IN_PROGRESS  # B's tea is not sent yet
    tea.refresh_from_db()
    assert tea.status == s.NEW

    # The customer follows the parcel on the order's page.
    guest = reverse("customer:anon-order", args=[placed.number, placed.verification_hash()])
    client.logout()
    shown = page_text(client.get(guest))
    assert "Giao Hàng Nhanh (GHN)" in shown and "GHN8812345" in shown


def test_a_mixed_order_is_in_progress_until_both_producers_are_done(
    client, two_producers, placed, django_capture_on_commit_callbacks
):
    t = two_producers
    honey, tea = line_of(placed, t.a), line_of(placed, t.b)
    client.force_login(t.user_a)
    walk(client, honey, s.CONFIRMED, s.PACKED)
    post(client, [honey], s.LINE_SHIPPED, s.PACKED, carrier="vnpost", tracking_number="EB123456789VN")
    walk(client, honey, s.DELIVERED)
    placed.refresh_from_db()
    assert placed.status == s.IN_PROGRESS

    client.force_login(t.user_b)
    walk(client, tea, s.CONFIRMED, s.PACKED)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, [tea], s.LINE_SHIPPED, s.PACKED, carrier="ghtk", tracking_number="S123.GHTK")
    placed.refresh_from_db()
    assert placed.status == s.SHIPPED  # every open line is with a carrier (or delivered)
    [shipped] = [m for m in mail.outbox if CUSTOMER in m.to]
    assert "GHTK" in shipped.body and "EB123456789VN" in shipped.body
    walk(client, tea, s.DELIVERED)
    placed.refresh_from_db()
    assert placed.status == s.COMPLETED
    assert Shipment.objects.count() == 2


def test_a_producer_cannot_move_another_producers_line(client, two_producers, placed):
    t = two_producers
    honey, tea = line_of(placed, t.a), line_of(placed, t.b)
    client.force_login(t.user_a)
    assert post(client, [tea], s.CONFIRMED, s.NEW).status_code == 404
    assert post(client, [honey, tea], s.CONFIRMED, s.NEW).status_code == 404  # one of them not its own
    assert post(client, [tea], s.LINE_CANCELLED, s.NEW, reason="Hết hàng").status_code == 404
    assert client.post(MOVE, {"lines": "99999999", "to": s.CONFIRMED, "seen": s.NEW}).status_code == 404
    assert set(placed.lines.values_list("status", flat=True)) == {s.NEW}
    assert not Shipment.objects.exists()


def test_forged_and_illegal_moves_are_refused_and_change_nothing(client, two_producers, placed):
    t = two_producers
    honey = line_of(placed, t.a)
    client.force_login(t.user_a)
    for to, seen, expected in [
        (s.LINE_SHIPPED, s.NEW, "không thể chuyển từ “Mới” sang “Đã giao cho đơn vị vận chuyển”"),
        (s.DELIVERED, s.NEW, "không thể chuyển từ “Mới” sang “Đã giao hàng”"),
        (s.PACKED, s.NEW, "không thể chuyển từ “Mới” sang “Đã đóng gói”"),
        ("bogus", s.NEW, "trang không cho phép thao tác này"),
        (s.CONFIRMED, "bogus", "trang không cho phép thao tác này"),
        (s.CONFIRMED, s.PACKED, "hiện đã ở trạng thái “Mới” (trang đã cũ)"),
    ]:
        response = post(client, [honey], to, seen, carrier="ghn", tracking_number="GHN1")
        assert response.status_code == 302, (to, seen)
        assert expected in page_text(client.get(response["Location"])), (to, seen)
    walk(client, honey, s.CONFIRMED, s.PACKED)
    response = post(client, [honey], s.AT_POINT, s.PACKED)  # a delivery is not collected at a point
    refused = page_text(client.get(response["Location"]))
    assert "không thể chuyển từ “Đã đóng gói” sang “Đang chờ tại điểm bán”" in refused
    honey.refresh_from_db()
    assert honey.status == s.PACKED and not Shipment.objects.exists()
    assert client.get(MOVE).status_code == 405


def test_a_second_tap_moves_nothing_and_records_one_parcel(client, two_producers, placed):
    t = two_producers
    honey = line_of(placed, t.a)
    client.force_login(t.user_a)
    post(client, [honey], s.CONFIRMED, s.NEW)
    again = post(client, [honey], s.CONFIRMED, s.NEW)
    assert "“Mật ong hoa vải Lục Nam” hiện đã ở trạng thái “Đã xác nhận”" in page_text(client.get(again["Location"]))
    walk(client, honey, s.PACKED)
    for _ in range(2):
        post(client, [honey], s.LINE_SHIPPED, s.PACKED, carrier="ghn", tracking_number="GHN777")
    assert Shipment.objects.count() == 1
    assert online(t.product_a) == (9, 0)  # taken off the stock once


def test_cancelling_needs_a_reason_gives_the_stock_back_and_tells_the_customer(
    client, two_producers, placed, django_capture_on_commit_callbacks
):
    t = two_producers
    honey, tea = line_of(placed, t.a), line_of(placed, t.b)
    assert online(t.product_a) == (10, 1)
    client.force_login(t.user_a)
    response = post(client, [honey], s.LINE_CANCELLED, s.NEW, reason="   ")
    assert response.status_code == 200  # the card again, its cancel form open
    mine = card(response, placed)
    assert "Hãy ghi lý do hủy dòng hàng: khách hàng sẽ đọc lý do này." in mine
    assert '<details class="mt-2" open>' in mine
    honey.refresh_from_db()
    assert honey.status == s.NEW and online(t.product_a) == (10, 1)

    post(client, [honey], s.LINE_CANCELLED, s.NEW, reason="Mật ong vụ này đã hết, xin lỗi quý khách.")
    honey.refresh_from_db()
    assert honey.status == s.LINE_CANCELLED and online(t.product_a) == (10, 0)
    assert moves.cancel_reasons([honey]) == {honey.pk: "Mật ong vụ này đã hết, xin lỗi quý khách."}
    assert "Lý do: Mật ong vụ này đã hết" in page_text(client.get(LINES))
    placed.refresh_from_db()
    assert placed.status == s.PLACED  # B's tea is still to prepare

    client.force_login(t.user_b)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, [tea], s.LINE_CANCELLED, s.NEW, reason="Chè bị ẩm.")
    placed.refresh_from_db()
    assert placed.status == s.CANCELLED
    [cancelled] = [m for m in mail.outbox if CUSTOMER in m.to]
    assert "Mật ong hoa vải Lục Nam (Hợp tác xã Mật ong Lục Nam): Mật ong vụ này đã hết" in cancelled.body
    assert "Chè búp Tân Cương (Hợp tác xã Chè Tân Cương): Chè bị ẩm." in cancelled.body

    guest = reverse("customer:anon-order", args=[placed.number, placed.verification_hash()])
    assert "Lý do: Chè bị ẩm." in page_text(client.get(guest))


def test_a_parcel_needs_its_carrier_and_tracking_number_and_keeps_what_was_typed(client, two_producers, placed):
    t = two_producers
    honey = line_of(placed, t.a)
    client.force_login(t.user_a)
    walk(client, honey, s.CONFIRMED, s.PACKED)
    response = post(client, [honey], s.LINE_SHIPPED, s.PACKED, carrier="other", tracking_number="NT-0001")
    assert response.status_code == 200
    mine = card(response, placed)
    assert "Hãy ghi tên đơn vị vận chuyển." in mine and 'value="NT-0001"' in mine
    assert '<option value="other" selected>' in mine
    response = post(client, [honey], s.LINE_SHIPPED, s.PACKED, carrier="ghn", tracking_number="\u200b \u200b")
    assert "Hãy nhập mã vận đơn." in card(response, placed)
    other = create_order()  # another order (maybe another producer's), its parcel with GHN555
    Shipment.objects.create(order=other, carrier="ghn", tracking_number="GHN555")
    response = post(client, [honey], s.LINE_SHIPPED, s.PACKED, carrier="ghn", tracking_number="ghn 555")
    mine = card(response, placed)
    assert "Mã vận đơn này đã được ghi cho một kiện hàng khác." in mine and str(other.number) not in mine
    honey.refresh_from_db()
    assert honey.status == s.PACKED and not placed.shipments.exists()
    post(client, [honey], s.LINE_SHIPPED, s.PACKED, carrier="other", carrier_name="Nhất Tín", tracking_number="NT-0001")
    assert placed.shipments.get().carrier_label == "Nhất Tín"


def test_several_lines_of_an_order_move_together_and_go_in_one_parcel(client, shop):
    order = place(basket_of((shop.honey, 2), (shop.lychee, 1), (shop.tea, 1)), HomeDelivery(parcels=[]))
    honey, lychee = order.lines.filter(partner=shop.lucnam).order_by("pk")
    from tests.factories import producer_user

    client.force_login(producer_user(shop.lucnam))
    mine = card(client.get(LINES), order)
    assert "Xác nhận: cả 2 dòng" in mine and "Chè" not in mine
    post(client, [honey, lychee], s.CONFIRMED, s.NEW)
    post(client, [honey, lychee], s.PACKED, s.CONFIRMED)
    mine = card(client.get(LINES), order)
    assert mine.count('type="checkbox" name="lines"') == 2
    post(client, [honey, lychee], s.LINE_SHIPPED, s.PACKED, carrier="viettel_post", tracking_number="VTP001")
    shipment = Shipment.objects.get()
    assert set(shipment.lines.all()) == {honey, lychee}
    assert set(order.lines.filter(partner=shop.lucnam).values_list("status", flat=True)) == {s.LINE_SHIPPED}
    order.refresh_from_db()
    assert order.status == s.IN_PROGRESS  # the tea from Tân Cương is still new


def test_a_pickup_line_waits_at_the_point_and_is_picked_up(client, shop, shop_points):
    lucnam = shop_points[0]
    order = place(basket_of((shop.honey, 2)), Pickup(lucnam))
    honey = order.lines.get()
    from tests.factories import producer_user

    client.force_login(producer_user(shop.lucnam))
    walk(client, honey, s.CONFIRMED, s.PACKED)
    mine = card(client.get(LINES), order)
    assert "Nhận tại Điểm Lục Nam" in mine and "Đã đưa đến điểm bán" in mine
    assert 'name="tracking_number"' not in mine and "Số 5, đường Lê Lợi" not in mine  # no parcel, no address
    response = post(client, [honey], s.LINE_SHIPPED, s.PACKED, carrier="ghn", tracking_number="GHN1")
    assert "không thể chuyển" in page_text(client.get(response["Location"]))
    assert not Shipment.objects.exists()

    walk(client, honey, s.AT_POINT)
    order.refresh_from_db()
    assert order.status == s.READY_FOR_PICKUP
    walk(client, honey, s.PICKED_UP)
    row = PointStock.objects.get(point=lucnam, product=shop.honey)
    assert (row.num_in_stock, row.num_allocated) == (3, 0)  # taken off the point's shelf
    order.refresh_from_db()
    assert order.status == s.COMPLETED


def test_staff_move_any_producers_line(client, two_producers, placed):
    t = two_producers
    client.force_login(t.staff)
    page = client.get(LINES)
    assert "Hợp tác xã Chè Tân Cương" in card(page, placed)  # each producer's part is named
    tea = walk(client, line_of(placed, t.b), s.CONFIRMED)
    assert tea.status == s.CONFIRMED


def test_moves_are_posted_with_the_csrf_token(two_producers, placed):
    client = Client(enforce_csrf_checks=True)
    client.force_login(two_producers.user_a)
    honey = line_of(placed, two_producers.a)
    assert post(client, [honey], s.CONFIRMED, s.NEW).status_code == 403
    honey.refresh_from_db()
    assert honey.status == s.NEW
    assert 'name="csrfmiddlewaretoken"' in client.get(LINES).content.decode()


def test_filters_stay_in_the_address(client, two_producers, placed):
    client.force_login(two_producers.user_a)
    honey = line_of(placed, two_producers.a)
    query = {"status": "todo", "order": str(placed.number)}
    page = client.get(LINES, query).content.decode()
    assert f'action="{MOVE}?status=todo&amp;order={placed.number}"' in page
    data = {"lines": honey.pk, "to": "confirmed", "seen": "new"}
    response = client.post(f"{MOVE}?status=todo&order={placed.number}", data)
    assert response["Location"] == f"{LINES}?status=todo&order={placed.number}#order-{placed.number}"
    walk(client, honey, s.PACKED)
    post(client, [honey], s.LINE_CANCELLED, s.PACKED, reason="Vỡ chai")
    assert f'id="line-{honey.pk}"' not in client.get(LINES, {"status": "todo"}).content.decode()  # finished
    assert f'id="line-{honey.pk}"' in client.get(LINES, {"status": "cancelled"}).content.decode()


def orders_of(two_producers, count, lines_each):
    """``count`` placed delivery orders of ``lines_each`` of A's lines, some of them with a parcel
    or a cancelled line, and pickups."""
    from tests.factories import ProductFactory, SalesPointFactory, stock_at

    t = two_producers
    products = [t.product_a] + [
        ProductFactory(title=f"Sản phẩm A {n}", producer=t.a, price=10000) for n in range(lines_each - 1)
    ]
    point = SalesPointFactory(name="Điểm Lục Nam")
    orders = []
    for n in range(count):
        pickup = n % 3 == 2
        if pickup:
            for product in (*products, t.product_b):
                stock_at(point, product)
        method = Pickup(point) if pickup else HomeDelivery(parcels=[])
        order = place(basket_of(*((p, 1) for p in products), (t.product_b, 1)), method)
        first, *others = order.lines.filter(partner=t.a).order_by("pk")
        if n % 3 == 1:
            for status in (s.CONFIRMED, s.PACKED, s.LINE_SHIPPED):
                first.set_status(status)
            Shipment.objects.create(order=order, carrier="ghn", tracking_number=f"GHN{n}").lines.add(first)
            if others:
                others[0].set_status(s.LINE_CANCELLED)
                moves.record_cancellation(order, [others[0]], "Hết hàng")
        orders.append(order)
    return orders


def test_the_page_costs_the_same_queries_for_one_line_or_many(client, two_producers, django_assert_max_num_queries):
    client.force_login(two_producers.user_a)
    orders_of(two_producers, 1, 1)
    client.get(LINES)  # the session, the menu's cache
    # The session, the user and its permissions, the orders (count, page), their lines, the
    # parcels, the sales points, the cancel reasons, the notifications badge, whether the user is
    # a producer (the menu's producer entries); and on PostgreSQL the request's savepoint and its
    # release.
    with django_assert_max_num_queries(14) as one:
        assert client.get(LINES).status_code == 200
    orders_of(two_producers, 6, 4)
    with django_assert_max_num_queries(14) as many:
        response = client.get(LINES)
    assert response.content.decode().count('class="card mb-3 order-card"') == 7
    assert page_text(response).count("Lý do: Hết hàng") == 2 and "GHN4" in page_text(response)
    assert len(many.captured_queries) <= len(one.captured_queries) + 2  # the points', the reasons' (none before)


@pytest.mark.django_db(transaction=True)
def test_a_double_tap_at_the_same_moment_records_one_parcel(two_producers, order, email_event_types):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks and refuses concurrent writes: this test runs on PostgreSQL")
    order.shipping_address = address()
    order.shipping_code = HomeDelivery.code
    order.save()
    payment_source(order, "cod")
    s.refresh(order)
    honey = line_of(order, two_producers.a)
    for status in (s.CONFIRMED, s.PACKED):
        honey.set_status(status)
    taps = 4
    start = threading.Barrier(taps)
    answers, errors = [], []

    def tap():
        try:
            client = Client()
            client.force_login(two_producers.user_a)
            start.wait()
            answers.append(post(client, [honey], s.LINE_SHIPPED, s.PACKED, carrier="ghn", tracking_number="GHN42"))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tap) for _ in range(taps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert [answer.status_code for answer in answers] == [302] * taps
    assert Shipment.objects.count() == 1
    honey.refresh_from_db()
    assert honey.status == s.LINE_SHIPPED and online(two_producers.product_a) == (9, 0)


def test_a_service_is_confirmed_then_provided_and_the_order_completes(client, two_producers, placed):
    """A tour (nothing to ship) is confirmed, then marked provided — never packed or sent; goods
    of a delivery can never skip the carrier that way."""
    t = two_producers
    placed.shipping_method, placed.shipping_code = "No shipping required", "no-shipping-required"
    placed.save()
    client.force_login(t.user_a)
    service = walk(client, line_of(placed, t.a), s.CONFIRMED)
    assert moves.moves(service, moves.NOTHING_TO_SHIP) == (s.DELIVERED, s.LINE_CANCELLED)
    assert 'value="delivered"' in card(client.get(LINES), placed)
    walk(client, service, s.DELIVERED)
    client.force_login(t.user_b)
    walk(client, line_of(placed, t.b), s.CONFIRMED, s.DELIVERED)
    placed.refresh_from_db()
    assert placed.status == s.COMPLETED


def test_goods_for_delivery_cannot_skip_the_carrier(client, two_producers, placed):
    t = two_producers
    client.force_login(t.user_a)
    honey = walk(client, line_of(placed, t.a), s.CONFIRMED)
    assert s.DELIVERED not in moves.moves(honey, moves.DELIVERY)
    assert post(client, [honey], s.DELIVERED, s.CONFIRMED).status_code in (302, 400)
    honey.refresh_from_db()
    assert honey.status == s.CONFIRMED
