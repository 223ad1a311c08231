from types import SimpleNamespace

import pytest
from oscar.core.loading import get_model

from marketplace.producers.strategy import Default
from tests.factories import ProducerFactory, ProductFactory

Basket = get_model("basket", "Basket")
Category = get_model("catalogue", "Category")
ProductClass = get_model("catalogue", "ProductClass")


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
