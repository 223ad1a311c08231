"""Gift combos (catalog/combos): listed only while every product in it is, ordered as one line
per product that each producer sends, composed by producers of their own products and by staff
of anyone's."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.apps.checkout.calculators import OrderTotalCalculator
from oscar.apps.shipping.methods import Free
from oscar.core.loading import get_class, get_model

from catalog.certification.models import Status
from catalog.combos.models import ComboPart
from catalog.combos.parts import OFFICE_CODE, shares
from marketplace.order.utils import COMBO_ATTRIBUTE, CannotPlaceOrder
from tests.factories import ProducerFactory, ProductFactory, certify, make_combo, producer_user

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
OrderCreator = get_class("order.utils", "OrderCreator")
Selector = get_class("partner.strategy", "Selector")

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_producers(admin_units):
    honey_farm = ProducerFactory(name="HTX Mật ong Lục Nam", legacy_province_id="24")
    tea_farm = ProducerFactory(name="HTX Chè Tân Cương", legacy_province_id="19")
    honey = ProductFactory(title="Mật ong hoa vải", producer=honey_farm, price=100000, product_code="24-218-0101")
    tea = ProductFactory(title="Chè Tân Cương", producer=tea_farm, price=50000, product_code="19-164-0202")
    return honey_farm, tea_farm, honey, tea


def listed(product):
    return Product.objects.listable().filter(pk=product.pk).exists()


def test_a_combo_is_listed_only_while_every_part_is(two_producers, client):
    _, _, honey, tea = two_producers
    combo = make_combo([honey, (tea, 2)], price=190000)
    assert listed(combo) and combo.why_not_listable() is None
    assert client.get(combo.get_absolute_url()).status_code == 200

    certify(tea, status=Status.REVOKED)
    combo.refresh_from_db()
    assert not listed(combo)
    assert "Chè Tân Cương" in combo.why_not_listable()
    page = client.get(combo.get_absolute_url())
    assert page.status_code == 410 and "Chè Tân Cương" in page.content.decode()

    certify(tea)  # certified again: the combo is back
    assert listed(combo)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda part: Product.objects.filter(pk=part.pk).update(certificate=None),  # no certificate at all
        lambda part: Product.objects.filter(pk=part.pk).update(is_public=False),  # withdrawn by its producer
        lambda part: type(part.producer).objects.filter(pk=part.producer_id).update(is_active=False),
        lambda part: certify(part, stars=2),  # below three stars
        lambda part: certify(part, status=Status.SUSPENDED),
    ],
)
def test_any_part_that_is_not_listable_delists_the_combo(two_producers, spoil):
    _, _, honey, tea = two_producers
    combo = make_combo([honey, tea], price=140000)
    spoil(tea)
    assert not listed(combo)
    assert Product.objects.get(pk=combo.pk).why_not_listable()


def test_an_empty_or_withdrawn_combo_is_not_listed(two_producers):
    _, _, honey, _ = two_producers
    empty = make_combo([], price=10000)
    assert not listed(empty) and empty.why_not_listable()
    withdrawn = make_combo([honey], price=10000)
    withdrawn.is_public = False
    withdrawn.save()
    assert not listed(withdrawn)


def test_shares_add_up_to_the_price():
    assert shares(190000, [100000, 100000]) == [95000, 95000]
    assert sum(shares(100001, [3, 3, 3])) == 100001
    assert shares(100, [0, 0]) == [50, 50]


def place(basket):
    method = Free()
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    return OrderCreator().place_order(basket, total, method, charge, order_number=str(200000 + basket.pk))


def basket_with(product, quantity=1):
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(product, quantity)
    return basket


def test_ordering_a_combo_makes_a_line_for_each_producer(two_producers):
    honey_farm, tea_farm, honey, tea = two_producers
    combo = make_combo([honey, (tea, 2)], price=180000, stock=5)
    order = place(basket_with(combo, 2))

    lines = {line.partner_id: line for line in order.lines.all()}
    assert set(lines) == {honey_farm.pk, tea_farm.pk}
    assert (lines[honey_farm.pk].product, lines[honey_farm.pk].quantity) == (honey, 2)
    assert (lines[tea_farm.pk].product, lines[tea_farm.pk].quantity) == (tea, 4)
    # The combo's price shared by the parts' own prices (100,000 and 2 × 50,000): half each.
    assert lines[honey_farm.pk].line_price_incl_tax == Decimal(180000)
    assert lines[tea_farm.pk].line_price_incl_tax == Decimal(180000)
    assert sum(line.line_price_incl_tax for line in lines.values()) == order.total_incl_tax == Decimal(360000)
    assert all(line.attributes.get(type=COMBO_ATTRIBUTE).value.startswith(combo.title) for line in lines.values())
    # Each producer's online stock is reserved for its line; the combo's boxes are sold.
    assert StockRecord.objects.get(product=honey).num_allocated == 2
    assert StockRecord.objects.get(product=tea).num_allocated == 4
    assert StockRecord.objects.get(product=combo).num_in_stock == 3


def test_a_combo_whose_part_sold_out_cannot_be_ordered(two_producers):
    _, _, honey, tea = two_producers
    combo = make_combo([honey, (tea, 2)], price=180000)
    basket = basket_with(combo, 3)  # 6 teas, and the tea farm has 10
    StockRecord.objects.filter(product=tea).update(num_in_stock=5)
    with pytest.raises(CannotPlaceOrder) as refused:
        place(basket)
    assert "Chè Tân Cương" in str(refused.value)
    assert not StockRecord.objects.filter(num_allocated__gt=0).exists()  # nothing written


def test_a_combo_with_a_sold_out_part_shows_as_unavailable(two_producers):
    _, _, honey, tea = two_producers
    combo = make_combo([honey, tea], price=140000)
    StockRecord.objects.filter(product=tea).update(num_in_stock=0)
    info = Selector().strategy().fetch_for_product(combo)
    assert not info.availability.is_available_to_buy and "Chè Tân Cương" in str(info.availability.message)


def compose(client, url, title, *parts):
    data = {
        "title": title,
        "description": "Quà Tết <b>đẹp</b>",
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "12",
    }
    for index, (code, quantity) in enumerate(parts):
        data[f"form-{index}-code"], data[f"form-{index}-quantity"] = code, quantity
    for index in range(len(parts), 3):
        data[f"form-{index}-quantity"] = "1"
    return client.post(url, data)


def test_a_producer_composes_a_combo_of_its_own_products_only(two_producers, client):
    honey_farm, tea_farm, honey, tea = two_producers
    honey_user = producer_user(honey_farm)
    jar = ProductFactory(title="Mật ong bạc hà", producer=honey_farm, price=150000, product_code="24-218-0303")
    client.force_login(honey_user)
    new = reverse("producers-dashboard:combo-new")
    assert client.get(new).status_code == 200

    refused = compose(client, new, "Hộp quà", (honey.product_code, 1), (tea.product_code, 1))
    assert refused.status_code == 400 and "19-164-0202" in refused.content.decode()
    assert not Product.objects.filter(is_combo=True).exists()

    made = compose(client, new, "Hộp quà mật ong", ("24 218 0101", 2), (jar.product_code, 1))
    combo = Product.objects.get(is_combo=True)
    assert made.status_code == 302 and made["Location"].startswith(
        reverse("producers-dashboard:product", kwargs={"pk": combo.pk})
    )
    assert combo.producer == honey_farm and combo.description == "<p>Quà Tết &lt;b&gt;đẹp&lt;/b&gt;</p>"
    assert [(p.product, p.quantity) for p in ComboPart.objects.filter(combo=combo)] == [(honey, 2), (jar, 1)]
    assert not listed(combo) or not StockRecord.objects.filter(product=combo).exists()
    assert client.get(reverse("producers-dashboard:product", kwargs={"pk": combo.pk})).status_code == 200

    # Another producer reaches neither the combo's page nor its composition.
    client.force_login(producer_user(tea_farm))
    assert client.get(reverse("producers-dashboard:combo", kwargs={"pk": combo.pk})).status_code == 404
    assert (
        compose(
            client, reverse("producers-dashboard:combo", kwargs={"pk": combo.pk}), "X", (tea.product_code, 1)
        ).status_code
        == 404
    )
    assert ComboPart.objects.filter(combo=combo).count() == 2


def test_staff_compose_a_combo_of_several_producers(two_producers, client, admin_user):
    _, _, honey, tea = two_producers
    client.force_login(admin_user)
    made = compose(
        client,
        reverse("producers-dashboard:combo-new"),
        "Hộp quà hai miền",
        (honey.product_code, 1),
        (tea.product_code, 3),
    )
    assert made.status_code == 302
    combo = Product.objects.get(is_combo=True)
    assert combo.producer.code == OFFICE_CODE
    duplicate = compose(
        client,
        reverse("producers-dashboard:combo", kwargs={"pk": combo.pk}),
        "Hộp quà",
        (honey.product_code, 1),
        (honey.product_code, 2),
    )
    assert duplicate.status_code == 400
    certify(tea, status=Status.REVOKED)
    refused = compose(client, reverse("producers-dashboard:combo-new"), "Hộp quà", (tea.product_code, 1))
    assert refused.status_code == 400 and "Chè Tân Cương" in refused.content.decode()


def test_a_combo_is_delivered_in_a_parcel_from_each_producer(two_producers):
    from marketplace.shipping.rules import options

    honey_farm, tea_farm, honey, tea = two_producers
    combo = make_combo([honey, (tea, 2)], price=180000)
    found = options(basket_with(combo), province="24")
    delivery = [method for method in found.methods if not getattr(method, "is_pickup", False)]
    assert len(delivery) == 1 and not any(getattr(method, "is_pickup", False) for method in found.methods)
    parcels = {parcel.producer: sum(item.quantity for item in parcel.items) for parcel in delivery[0].parcels}
    assert parcels == {honey_farm: 1, tea_farm: 2}


@pytest.mark.parametrize(
    "hostile",
    [
        {"form-TOTAL_FORMS": "abc"},
        {"form-TOTAL_FORMS": "99999"},
        {"form-TOTAL_FORMS": ""},
        {"form-0-code": "24-218-0101\x00"},
        {"form-0-code": "' OR 1=1 --"},
        {"form-0-code": "x" * 5000},
        {"form-0-quantity": "-3"},
        {"form-0-quantity": "1e9"},
        {"title": "<script>alert(1)</script>\x00"},
    ],
)
def test_hostile_combo_posts_get_a_clear_refusal_and_change_nothing(two_producers, client, hostile):
    honey_farm, _, honey, _ = two_producers
    client.force_login(producer_user(honey_farm))
    data = {"title": "Hộp quà", "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0"}
    data |= {"form-0-code": honey.product_code, "form-0-quantity": "1", **hostile}
    response = client.post(reverse("producers-dashboard:combo-new"), data)
    assert response.status_code == 400
    assert not Product.objects.filter(is_combo=True).exists()
