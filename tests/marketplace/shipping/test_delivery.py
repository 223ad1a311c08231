"""Home delivery: one parcel per producer priced by zone and weight, the sum paid; fresh food
and live goods only within their province; tourism services ship nothing — each refusal says
why and what to do."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_class

from marketplace.shipping.rules import options
from tests.factories import SalesPointFactory, stock_at
from tests.marketplace.conftest import basket_of

pytestmark = pytest.mark.django_db

Repository = get_class("shipping.repository", "Repository")


def delivery(methods):
    return next((m for m in methods if m.code == "home-delivery"), None)


def test_oscar_loads_our_repository():
    assert Repository.__module__ == "marketplace.shipping.repository"


def test_one_producer_one_parcel_priced_by_zone_and_weight(shop):
    basket = basket_of((shop.honey, 2))  # 2 × 400 g from Bắc Ninh
    same_province = delivery(Repository().get_shipping_methods(basket, province="24"))
    assert same_province.calculate(basket).incl_tax == Decimal(19_000)  # ≤ 1 kg, within the province
    nearby = delivery(Repository().get_shipping_methods(basket, province="01"))  # Hà Nội
    assert nearby.calculate(basket).incl_tax == Decimal(27_000)
    far = delivery(Repository().get_shipping_methods(basket, province="79"))  # Hồ Chí Minh
    assert far.calculate(basket).incl_tax == Decimal(36_000)
    assert "HTX Lục Nam" in far.description and "0,8 kg" in far.description


def test_heavier_parcels_cost_more(shop):
    light = delivery(Repository().get_shipping_methods(basket_of((shop.honey, 1)), province="79"))
    heavy_basket = basket_of((shop.honey, 30))  # 12 kg
    heavy = delivery(Repository().get_shipping_methods(heavy_basket, province="79"))
    assert light.amount == 30_000
    assert heavy.amount == 125_000 + 2 * 10_000
    assert heavy.calculate(heavy_basket).excl_tax == Decimal(145_000)


def test_several_producers_each_send_a_parcel_and_the_shopper_pays_the_sum(shop):
    basket = basket_of((shop.honey, 1), (shop.tea, 2))  # Bắc Ninh 400 g, Thái Nguyên 2 × 500 g
    method = delivery(Repository().get_shipping_methods(basket, province="24"))
    parcels = {parcel.producer.name: (parcel.grams, parcel.zone, parcel.price) for parcel in method.parcels}
    assert parcels == {"HTX Lục Nam": (400, "province", 16_000), "HTX Chè Tân Cương": (1_000, "region", 27_000)}
    assert method.calculate(basket).incl_tax == Decimal(16_000 + 27_000)
    assert "tổng của 2 lần giao" in method.description


def test_before_the_address_is_known_the_price_is_the_farthest_and_says_so(shop):
    basket = basket_of((shop.honey, 1))
    method = delivery(Repository().get_shipping_methods(basket))
    assert method.estimate and method.amount == 30_000
    assert Repository().get_default_shipping_method(basket).code == "home-delivery"


def test_fresh_food_is_delivered_within_its_province(shop):
    basket = basket_of((shop.lychee, 2))
    method = delivery(Repository().get_shipping_methods(basket, province="24"))
    assert method.amount == 24_000  # 2 kg within Bắc Ninh
    # Before the address is known: it can only go within Bắc Ninh, so it is priced so.
    assert delivery(Repository().get_shipping_methods(basket)).amount == 24_000


def test_fresh_food_to_another_province_is_refused_with_why_and_what_to_do(shop):
    basket = basket_of((shop.lychee, 1), (shop.honey, 1))
    result = options(basket, province="79")
    assert delivery(result.methods) is None and not result.ok
    [problem] = [p for p in result.problems if p.method == "delivery"]
    assert problem.message == "Vải thiều tươi chỉ được nhận tại điểm bán hoặc giao trong Bắc Ninh."
    assert problem.advice == "Bỏ khỏi giỏ hàng hoặc giao đến một địa chỉ trong Bắc Ninh."
    assert [item.product for item in problem.items] == [shop.lychee]


def test_when_a_point_holds_everything_the_advice_names_it(shop):
    point = SalesPointFactory(name="Điểm OCOP Lục Nam")
    stock_at(point, shop.lychee, 3)
    stock_at(point, shop.honey, 3)
    result = options(basket_of((shop.lychee, 1), (shop.honey, 1)), province="79")
    assert [m.name for m in result.methods] == ["Nhận tại Điểm OCOP Lục Nam"]
    [problem] = result.problems
    assert problem.advice == (
        "Bỏ khỏi giỏ hàng, giao đến một địa chỉ trong Bắc Ninh hoặc chọn nhận tại Điểm OCOP Lục Nam."
    )


def test_fresh_food_of_two_provinces_cannot_go_to_one_address(shop):
    result = options(basket_of((shop.lychee, 1), (shop.vegetables, 1)))
    assert not result.ok
    delivery_problem, pickup_problem = result.problems
    assert "Vải thiều tươi, Rau cải Đà Lạt" in delivery_problem.message
    assert "Bắc Ninh, Lâm Đồng" in delivery_problem.message
    assert delivery_problem.advice == "Chỉ giữ hàng của một tỉnh trong đơn này."
    assert pickup_problem.message == ("Không điểm bán nào có đủ Vải thiều tươi, Rau cải Đà Lạt theo số lượng bạn cần.")
    # The basket page still opens, and Oscar's default method says nothing can be delivered.
    assert Repository().get_default_shipping_method(basket_of((shop.lychee, 1), (shop.vegetables, 1))).code == (
        "unavailable"
    )


def test_fresh_food_of_a_producer_without_a_known_province_is_pickup_only(shop):
    shop.lucnam.province = None
    shop.lucnam.legacy_province = None
    shop.lucnam.save()
    result = options(basket_of((shop.lychee, 1)), province="24")
    assert delivery(result.methods) is None
    assert result.problems[0].message == "Vải thiều tươi chỉ nhận được tại điểm bán: chưa rõ tỉnh của chủ thể."


def test_a_producer_known_only_by_its_former_province_ships_from_its_successor(shop):
    shop.lucnam.province = None  # Bắc Giang (legacy 24) is now part of Bắc Ninh (current 24)
    shop.lucnam.save()
    method = delivery(options(basket_of((shop.lychee, 1)), province="24").methods)
    assert method.parcels[0].zone == "province"


def test_tourism_services_ship_nothing(shop):
    basket = basket_of((shop.tour, 2))
    [method] = Repository().get_shipping_methods(basket, province="79")
    assert method.code == "no-shipping-required"
    assert str(method.name) == "Không cần giao hàng"
    assert method.calculate(basket).incl_tax == 0
    assert options(basket).methods[0].code == "no-shipping-required"


def test_a_service_in_a_basket_of_goods_adds_nothing_to_the_parcels(shop):
    basket = basket_of((shop.tour, 1), (shop.honey, 1))
    result = options(basket, province="24")
    assert [item.product for item in result.services] == [shop.tour]
    assert [parcel.producer for parcel in result.parcels] == [shop.lucnam]
    assert delivery(result.methods).amount == 16_000


def test_the_product_weight_set_in_the_dashboard_prices_the_parcel(shop):
    shop.tea.weight_grams = 3_000
    shop.tea.save()
    assert delivery(options(basket_of((shop.tea, 1)), province="19").methods).amount == 35_000


def test_english_pages_get_the_words_in_english(shop):
    from django.utils import translation

    with translation.override("en"):
        result = options(basket_of((shop.lychee, 1), (shop.honey, 1)), province="79")
        method = delivery(options(basket_of((shop.honey, 1), (shop.tea, 1)), province="24").methods)
        assert str(method.name) == "Home delivery"
        assert "the sum of 2 deliveries" in method.description and "16,000 ₫" in method.description
        assert str(result.problems[0]) == (
            "Vải thiều tươi can only be picked up or delivered within Bắc Ninh. "
            "Remove it from your basket or deliver to an address in Bắc Ninh."
        )


def test_the_basket_page_opens_when_nothing_can_be_delivered(client, shop, home_page):
    for item in (shop.lychee, shop.vegetables):
        client.post(reverse("basket:add", kwargs={"pk": item.pk}), {"quantity": 1})
    response = client.get(reverse("basket:summary"))
    assert response.status_code == 200
    assert response.context["shipping_method"].code == "unavailable"


def test_the_basket_page_says_why_and_what_to_do(client, shop, home_page):
    for item in (shop.lychee, shop.vegetables):
        client.post(reverse("basket:add", kwargs={"pk": item.pk}), {"quantity": 1})
    page = client.get(reverse("basket:summary")).content.decode()
    assert "Giỏ hàng này không thể giao hoặc nhận tại điểm bán như hiện tại" in page
    assert "Vải thiều tươi" in page and "Rau cải Đà Lạt" in page
