from types import SimpleNamespace

import pytest
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model

from marketplace.producers.strategy import Default
from tests.factories import ProducerFactory, ProductFactory, SalesPointFactory, create_order, producer_user, stock_at

Basket = get_model("basket", "Basket")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
ProductClass = get_model("catalogue", "ProductClass")


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


# --- goods of every fulfilment class, from producers in four provinces (delivery, pickup, checkout) ---
def product(title, producer, code, weight=None, price=100_000):
    """A listable product of classification ``code``, with the product class the registry
    import gives it (its category's fulfilment)."""
    subgroup = Category.objects.get(code=code)
    return ProductFactory(
        title=title,
        producer=producer,
        group=Category.objects.get(code=code.split(".")[0]),
        subgroup=subgroup,
        product_class=ProductClass.objects.get(slug=subgroup.fulfilment),
        weight_grams=weight,
        price=price,
    )


@pytest.fixture
def shop(admin_units):
    """Producers in Bắc Ninh (Lục Nam, once Bắc Giang), Thái Nguyên, Lâm Đồng and Quảng Ninh,
    and their goods: things that ship anywhere, fresh food, a tourism service."""
    lucnam = ProducerFactory(
        name="HTX Lục Nam", code="htx-luc-nam", province_id="24", legacy_province_id="24", legacy_district_id="218"
    )
    tancuong = ProducerFactory(name="HTX Chè Tân Cương", code="htx-tan-cuong", province_id="19")
    dalat = ProducerFactory(name="HTX Rau Đà Lạt", code="htx-da-lat", province_id="68")
    halong = ProducerFactory(name="HTX Du lịch Hạ Long", code="htx-ha-long", province_id="22")
    return SimpleNamespace(
        lucnam=lucnam,
        tancuong=tancuong,
        dalat=dalat,
        halong=halong,
        honey=product("Mật ong hoa vải", lucnam, "I.2.b", weight=400),
        lychee=product("Vải thiều tươi", lucnam, "I.1.a", weight=1_000),
        tea=product("Chè búp Tân Cương", tancuong, "I.5.a"),  # no weight: the default for food
        vegetables=product("Rau cải Đà Lạt", dalat, "I.1.a", weight=2_000),
        tour=product("Tour làng chài Cửa Vạn", halong, "VI"),
    )


def basket_of(*lines):
    """A basket with ``(product, quantity)`` lines, priced by the site's strategy."""
    basket = Basket.objects.create()
    basket.strategy = Default()
    for item, quantity in lines:
        basket.add_product(item, quantity)
    return basket


@pytest.fixture
def shop_points(shop):
    """Three points: Lục Nam holds honey and lychee, Bắc Giang city only honey, Hà Nội both but
    one lychee only."""
    lucnam = SalesPointFactory(name="Điểm Lục Nam", latitude=21.29, longitude=106.39)
    bacgiang = SalesPointFactory(name="Điểm TP Bắc Giang", legacy_district_id="213", latitude=21.27, longitude=106.19)
    hanoi = SalesPointFactory(
        name="Trung tâm OCOP Hà Nội",
        legacy_province_id="01",
        legacy_district_id="001",
        latitude=21.03,
        longitude=105.85,
    )
    stock_at(lucnam, shop.honey, 5)
    stock_at(lucnam, shop.lychee, 5)
    stock_at(bacgiang, shop.honey, 5)
    stock_at(hanoi, shop.honey, 5)
    stock_at(hanoi, shop.lychee, 1)
    return lucnam, bacgiang, hanoi
