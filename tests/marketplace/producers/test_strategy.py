"""The purchase strategy's stock at sales points: what may be sold there."""

import pytest

from catalog.certification.models import Status
from marketplace.producers.strategy import Default
from marketplace.salespoints.models import PointStock
from tests.factories import ProductFactory, SalesPointFactory, certify, stock_at

pytestmark = pytest.mark.django_db


def offered(point):
    return {row.product.title: row.available for row in Default().stock_at_points().filter(point=point)}


def test_stock_at_points_offers_listable_products_available_at_active_points(admin_units):
    point = SalesPointFactory()
    honey, tea, wine = ProductFactory(title="Mật ong"), ProductFactory(title="Chè"), ProductFactory(title="Rượu")
    stock_at(point, honey, 5)
    stock_at(point, tea, 0)
    stock_at(point, wine, 3)
    certify(wine, stars=4, status=Status.REVOKED, status_reason="vi phạm")
    assert offered(point) == {"Mật ong": 5}

    PointStock.objects.filter(point=point, product=honey).update(num_allocated=4)  # reserved for orders
    assert offered(point) == {"Mật ong": 1}
    PointStock.objects.filter(point=point, product=honey).update(num_allocated=5)
    assert offered(point) == {}  # on the shelf, but all reserved: not in stock for anyone else

    PointStock.objects.filter(point=point, product=honey).update(num_allocated=0)
    point.is_active = False
    point.save()
    assert offered(point) == {}
