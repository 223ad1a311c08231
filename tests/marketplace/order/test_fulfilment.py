"""Moving a line through its pipeline: the stock follows (online stock for a delivery, the
point's shelf for a pickup) and the order's status rolls up from its lines."""

import pytest
from oscar.apps.checkout.calculators import OrderTotalCalculator
from oscar.core.loading import get_class, get_model

from marketplace.order import statuses as s
from marketplace.payment.records import payment_source
from marketplace.salespoints.models import PointStock
from marketplace.shipping.methods import HomeDelivery, Pickup
from tests.marketplace.conftest import basket_of

pytestmark = pytest.mark.django_db

OrderCreator = get_class("order.utils", "OrderCreator")
StockRecord = get_model("partner", "StockRecord")


def place(basket, method, pay_with="cod"):
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    order = OrderCreator().place_order(basket, total, method, charge, order_number=str(200000 + basket.pk))
    payment_source(order, pay_with)
    s.refresh(order)
    return order


def online(product):
    record = StockRecord.objects.get(product=product)
    return record.num_in_stock, record.num_allocated or 0


def test_a_delivery_line_cancelled_gives_its_stock_back_and_a_shipped_one_leaves_it(shop):
    order = place(basket_of((shop.honey, 2), (shop.tea, 1)), HomeDelivery(parcels=[]))
    assert order.status == s.PLACED
    assert online(shop.honey) == (10, 2)
    honey, tea = order.lines.order_by("pk")

    tea.set_status(s.CONFIRMED)
    tea.set_status(s.LINE_CANCELLED)
    assert online(shop.tea) == (10, 0)
    order.refresh_from_db()
    assert order.status == s.PLACED  # the honey is still new

    for status in (s.CONFIRMED, s.PACKED, s.LINE_SHIPPED):
        honey.set_status(status)
    assert online(shop.honey) == (8, 0)
    order.refresh_from_db()
    assert order.status == s.SHIPPED
    honey.set_status(s.DELIVERED)
    order.refresh_from_db()
    assert order.status == s.COMPLETED


def test_a_pickup_line_releases_or_consumes_the_points_reservation(shop, shop_points):
    lucnam = shop_points[0]
    order = place(basket_of((shop.honey, 2), (shop.lychee, 1)), Pickup(lucnam))
    honey, lychee = order.lines.order_by("pk")
    shelf = {row.product_id: row for row in PointStock.objects.filter(point=lucnam)}
    assert (shelf[shop.honey.pk].num_in_stock, shelf[shop.honey.pk].num_allocated) == (5, 2)
    assert online(shop.honey) == (10, 0)  # the online stock is not touched by a pickup

    lychee.set_status(s.LINE_CANCELLED)
    assert PointStock.objects.get(point=lucnam, product=shop.lychee).num_allocated == 0
    for status in (s.CONFIRMED, s.PACKED, s.AT_POINT):
        honey.set_status(status)
    order.refresh_from_db()
    assert order.status == s.READY_FOR_PICKUP
    honey.set_status(s.PICKED_UP)
    row = PointStock.objects.get(point=lucnam, product=shop.honey)
    assert (row.num_in_stock, row.num_allocated) == (3, 0)
    order.refresh_from_db()
    assert order.status == s.COMPLETED


def test_an_order_waiting_for_a_transfer_stays_waiting_until_paid(shop):
    order = place(basket_of((shop.honey, 1)), HomeDelivery(parcels=[]), pay_with="vietqr")
    assert order.status == s.AWAITING_PAYMENT
    order.lines.get().set_status(s.LINE_CANCELLED)
    order.refresh_from_db()
    assert order.status == s.CANCELLED
