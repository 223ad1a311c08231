"""Reserving a point's stock for orders to be picked up there: all or nothing, only what may be
sold, never more than the shelf holds — also when orders race for the last items."""

import threading

import pytest
from django.db import connection, connections

from catalog.certification.models import Status
from marketplace.producers.strategy import Default
from marketplace.salespoints.allocation import (
    NotAvailableAtPoint,
    allocate_at_point,
    consume_at_point,
    release_at_point,
)
from marketplace.salespoints.models import PointStock
from tests.factories import ProductFactory, SalesPointFactory, certify, stock_at


def shelf(point, product):
    row = PointStock.objects.get(point=point, product=product)
    return row.num_in_stock, row.num_allocated, row.available


@pytest.fixture
def goods(admin_units):
    point = SalesPointFactory(name="Điểm Lục Nam")
    honey, tea = ProductFactory(title="Mật ong"), ProductFactory(title="Chè búp")
    stock_at(point, honey, 5)
    stock_at(point, tea, 2)
    return point, honey, tea


@pytest.mark.django_db
def test_allocating_reserves_the_items_and_the_strategy_offers_only_the_rest(goods):
    point, honey, tea = goods
    allocate_at_point(point, [(honey.pk, 3), (tea.pk, 2)])
    assert shelf(point, honey) == (5, 3, 2)
    assert shelf(point, tea) == (2, 2, 0)
    offered = {row.product_id: row.available for row in Default().stock_at_points().filter(point=point)}
    assert offered == {honey.pk: 2}  # all the tea is reserved: not in stock for anyone else


@pytest.mark.django_db
def test_all_or_nothing_with_what_is_missing_in_words(goods):
    point, honey, tea = goods
    with pytest.raises(NotAvailableAtPoint) as refused:
        allocate_at_point(point, [(honey.pk, 1), (tea.pk, 3)])
    assert str(refused.value) == "Không đủ hàng tại Điểm Lục Nam: Chè búp: cần 3, còn 2."
    assert shelf(point, honey) == (5, 0, 5) and shelf(point, tea) == (2, 0, 2)


@pytest.mark.django_db
def test_a_delisted_product_is_never_reserved(goods):
    point, honey, _tea = goods
    certify(honey, stars=4, status=Status.SUSPENDED, status_reason="kiểm tra lại")
    with pytest.raises(NotAvailableAtPoint):
        allocate_at_point(point, [(honey.pk, 1)])
    assert shelf(point, honey) == (5, 0, 5)


@pytest.mark.django_db
def test_lines_of_the_same_product_add_up(goods, two_producers):
    point, honey, _tea = goods
    with pytest.raises(NotAvailableAtPoint):
        allocate_at_point(point, [(honey.pk, 3), (honey.pk, 3)])


@pytest.mark.django_db
def test_release_gives_the_reservation_back_and_consume_takes_the_items_off_the_shelf(goods):
    point, honey, tea = goods
    allocate_at_point(point, [(honey.pk, 3), (tea.pk, 1)])
    release_at_point(point, [(tea.pk, 1)])
    assert shelf(point, tea) == (2, 0, 2)
    release_at_point(point, [(tea.pk, 5)])  # never below nothing reserved
    assert shelf(point, tea) == (2, 0, 2)
    consume_at_point(point, [(honey.pk, 3)])  # picked up
    assert shelf(point, honey) == (2, 0, 2)


@pytest.mark.django_db
def test_order_lines_can_be_given_as_they_are(goods, order):
    point, _honey, _tea = goods
    line = order.lines.first()
    stock_at(point, line.product, 4)
    allocate_at_point(point, order.lines.filter(pk=line.pk))
    assert shelf(point, line.product) == (4, 1, 3)
    release_at_point(point, order.lines.filter(pk=line.pk))
    assert shelf(point, line.product) == (4, 0, 4)


@pytest.mark.django_db(transaction=True)
def test_orders_racing_for_the_last_items_never_get_more_than_the_shelf_holds(admin_units):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT … FOR UPDATE) are PostgreSQL's; SQLite serialises writers instead")
    point = SalesPointFactory()
    honey = ProductFactory(title="Mật ong")
    stock_at(point, honey, 10)
    shoppers = 16
    start = threading.Barrier(shoppers)
    won, refused, errors = [], [], []

    def order_two():
        try:
            start.wait()
            allocate_at_point(point, [(honey.pk, 2)])
            won.append(2)
        except NotAvailableAtPoint:
            refused.append(1)
        except Exception as error:  # reported below; a thread's exception would be lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=order_two) for _ in range(shoppers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert (sum(won), len(refused)) == (10, shoppers - 5)
    assert shelf(point, honey) == (10, 10, 0)
