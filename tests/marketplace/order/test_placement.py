"""Placing an order checks every line again under row locks: nothing oversold, nothing delisted
sold, no price the shopper did not see — and nothing written when anything is wrong."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from oscar.apps.checkout.calculators import OrderTotalCalculator
from oscar.apps.shipping.methods import Free
from oscar.core.loading import get_class, get_model

from catalog.certification.models import Status
from marketplace.order.utils import AlreadyPlaced, CannotPlaceOrder
from tests.factories import ProductFactory

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
OrderCreator = get_class("order.utils", "OrderCreator")
Selector = get_class("partner.strategy", "Selector")


def basket_with(product, quantity=1):
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(product, quantity)
    return basket


def place(basket):
    method = Free()
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    return OrderCreator().place_order(basket, total, method, charge, order_number=str(100000 + basket.pk))


@pytest.mark.django_db
def test_our_order_creator_is_the_one_oscar_uses():
    assert OrderCreator.__module__ == "marketplace.order.utils"


@pytest.mark.django_db
def test_an_order_allocates_the_stock_it_sells(admin_units):
    product = ProductFactory(price=250000)
    order = place(basket_with(product, 3))
    assert order.total_incl_tax == Decimal(750000)
    assert StockRecord.objects.get(product=product).num_allocated == 3


@pytest.mark.django_db
def test_a_product_delisted_during_checkout_is_refused_with_the_reason(admin_units):
    product = ProductFactory(title="Mật ong hoa vải", price=250000)
    basket = basket_with(product)
    product.certificate.status = Status.REVOKED
    product.certificate.save()
    with pytest.raises(CannotPlaceOrder) as refused:
        place(basket)
    assert "Mật ong hoa vải" in str(refused.value)
    assert not Order.objects.exists()
    assert StockRecord.objects.get(product=product).num_allocated in (0, None)


@pytest.mark.django_db
def test_a_changed_price_or_too_little_stock_is_refused(admin_units):
    product = ProductFactory(title="Chè Tân Cương", price=120000)
    basket = basket_with(product, 4)
    StockRecord.objects.filter(product=product).update(price=Decimal(150000), num_in_stock=3)
    with pytest.raises(CannotPlaceOrder) as refused:
        place(basket)
    assert len(refused.value.problems) == 2
    assert "150.000 ₫" in str(refused.value) and "3" in str(refused.value)
    assert not Order.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_fifty_checkouts_racing_for_the_last_ten_units_sell_exactly_ten(admin_units):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite runs one writer at a time")
    product = ProductFactory(price=99000)
    StockRecord.objects.filter(product=product).update(num_in_stock=10, num_allocated=0)
    baskets = [basket_with(product) for _ in range(50)]
    placed, refused, start = [], [], threading.Barrier(50)

    def checkout(basket):
        try:
            start.wait()
            place(basket)
            placed.append(basket.pk)
        except CannotPlaceOrder:
            refused.append(basket.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=checkout, args=(b,)) for b in baskets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(placed) == 10 and len(refused) == 40
    record = StockRecord.objects.get(product=product)
    assert record.num_allocated == 10 and record.net_stock_level == 0
    assert Order.objects.count() == 10


@pytest.mark.django_db(transaction=True)
def test_one_basket_placed_twice_at_the_same_moment_is_one_order(admin_units):
    """A double tap on "Place order": two requests place the same basket at once."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite runs one writer at a time")
    product = ProductFactory(price=99000)
    StockRecord.objects.filter(product=product).update(num_in_stock=2, num_allocated=0)  # the last two
    basket = basket_with(product, 2)
    outcomes, start = [], threading.Barrier(2)

    def checkout():
        try:
            copy = Basket.objects.get(pk=basket.pk)  # each request loads the basket itself
            copy.strategy = Selector().strategy()
            start.wait()
            outcomes.append(place(copy).number)
        except AlreadyPlaced as placed:
            outcomes.append(("already", placed.order.number))
        except Exception as error:  # an IntegrityError on the order number would land here
            outcomes.append(("error", repr(error)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=checkout) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    number = str(100000 + basket.pk)
    assert sorted(outcomes, key=str) == sorted([number, ("already", number)], key=str)
    assert Order.objects.count() == 1
    assert StockRecord.objects.get(product=product).num_allocated == 2  # allocated once
