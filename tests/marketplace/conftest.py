from types import SimpleNamespace

import pytest
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model

from tests.factories import ProducerFactory, ProductFactory, create_order, producer_user

Basket = get_model("basket", "Basket")
ProductCategory = get_model("catalogue", "ProductCategory")


@pytest.fixture
def two_producers(db, django_user_model):
    """Producers A and B with a user each: A has a product with stock and one without (Oscar's
    own dashboard hides the latter from A), B has one with stock; and a staff user."""
    a = ProducerFactory(name="Hợp tác xã Mật ong Lục Nam", code="htx-a")
    b = ProducerFactory(name="Hợp tác xã Chè Tân Cương", code="htx-b")
    t = SimpleNamespace(
        a=a,
        b=b,
        user_a=producer_user(a),
        user_b=producer_user(b),
        product_a=ProductFactory(title="Mật ong hoa vải Lục Nam", producer=a, price=250000),
        bare_a=ProductFactory(title="Mật ong bạc hà Lục Nam", producer=a),
        product_b=ProductFactory(title="Chè búp Tân Cương", producer=b, price=120000),
        staff=django_user_model.objects.create_user(
            "vanphong", "vp@ocop.local", "mat-khau-dai-2026", is_staff=True, is_superuser=True
        ),
    )
    for product in (t.product_a, t.bare_a, t.product_b):  # classified, as the registry import does
        ProductCategory.objects.create(product=product, category=product.subgroup)
    return t


@pytest.fixture
def order(two_producers):
    """One order with a line of A's and a line of B's."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(two_producers.product_a)
    basket.add_product(two_producers.product_b)
    return create_order(basket=basket)
