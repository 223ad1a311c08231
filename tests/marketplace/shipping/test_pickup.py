"""Pickup at a sales point: offered at the points that hold every item of the basket in the
quantity wanted — available (not reserved for other orders), listable, at an active point —
nearest first when the shopper's location is known, else by district; free."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_class, get_model

from catalog.certification.models import Status
from marketplace.shipping.methods import pickup_point_id
from marketplace.shipping.rules import options
from tests.factories import certify, stock_at
from tests.marketplace.conftest import basket_of

pytestmark = pytest.mark.django_db

Repository = get_class("shipping.repository", "Repository")
ShippingAddress = get_model("order", "ShippingAddress")


def pickups(result):
    return [method.point.name for method in result.methods if method.is_pickup]


def test_only_points_holding_every_item_in_the_quantity_wanted_are_offered(shop, shop_points):
    # By province, then district (Bắc Giang city before Lục Nam), then name.
    assert pickups(options(basket_of((shop.honey, 2)))) == [
        "Điểm TP Bắc Giang",
        "Điểm Lục Nam",
        "Trung tâm OCOP Hà Nội",
    ]
    assert pickups(options(basket_of((shop.honey, 2), (shop.lychee, 1)))) == ["Điểm Lục Nam", "Trung tâm OCOP Hà Nội"]
    assert pickups(options(basket_of((shop.honey, 2), (shop.lychee, 2)))) == ["Điểm Lục Nam"]
    assert pickups(options(basket_of((shop.honey, 6)))) == []


def test_pickup_is_free_and_found_again_by_its_code(shop, shop_points):
    lucnam = shop_points[0]
    basket = basket_of((shop.honey, 1), (shop.lychee, 2))
    [method] = [m for m in Repository().get_shipping_methods(basket) if m.is_pickup]
    assert method.code == f"pickup-{lucnam.pk}" and pickup_point_id(method.code) == lucnam.pk
    assert method.calculate(basket).incl_tax == Decimal(0)
    assert str(method.name) == "Nhận tại Điểm Lục Nam"
    assert "T2-T6 07:30-17:00" in method.description
    assert Repository().find_by_code(method.code, basket).point == lucnam
    assert Repository().find_by_code("pickup-999999", basket) is None


def test_nearest_first_when_the_shopper_shared_a_location(shop, shop_points):
    basket = basket_of((shop.honey, 1))
    near_hanoi = options(basket, origin=(21.02, 105.84))
    assert pickups(near_hanoi) == ["Trung tâm OCOP Hà Nội", "Điểm TP Bắc Giang", "Điểm Lục Nam"]
    assert [m.km for m in near_hanoi.methods if m.is_pickup][0] < 2
    near_lucnam = options(basket, origin=(21.30, 106.40))
    assert pickups(near_lucnam)[0] == "Điểm Lục Nam"


def test_nearest_the_delivery_province_when_only_it_is_known(shop, shop_points):
    assert pickups(options(basket_of((shop.honey, 1)), province="01"))[0] == "Trung tâm OCOP Hà Nội"


def test_the_repository_ranks_by_the_locators_location_cookie(shop, shop_points, rf):
    request = rf.get("/", HTTP_COOKIE="ocop_near=21.30,106.40")
    methods = Repository().get_shipping_methods(basket_of((shop.honey, 1)), request=request)
    assert [m.point.name for m in methods if m.is_pickup][0] == "Điểm Lục Nam"


def test_the_repository_ranks_from_the_delivery_address_commune(shop, shop_points, rf):
    """Without a shared location, "… km away" is measured from the shopper's commune (Nghĩa
    Phương, formerly Lục Nam district), not from their province's centre near Bắc Giang city."""
    address = ShippingAddress(province_id="24", commune_id="07486")
    methods = Repository().get_shipping_methods(basket_of((shop.honey, 1)), shipping_addr=address)
    pickups = [m for m in methods if m.is_pickup]
    assert [m.point.name for m in pickups][:2] == ["Điểm Lục Nam", "Điểm TP Bắc Giang"]
    assert pickups[0].km < 10 < pickups[1].km
    # A location the shopper shared still comes first.
    request = rf.get("/", HTTP_COOKIE="ocop_near=21.02,105.84")
    methods = Repository().get_shipping_methods(basket_of((shop.honey, 1)), shipping_addr=address, request=request)
    assert [m.point.name for m in methods if m.is_pickup][0] == "Trung tâm OCOP Hà Nội"


def test_a_delisted_product_never_counts_as_held(shop, shop_points):
    certify(shop.lychee, stars=4, status=Status.REVOKED, status_reason="vi phạm")
    result = options(basket_of((shop.honey, 1), (shop.lychee, 1)))
    assert pickups(result) == []
    [problem] = [p for p in result.problems if p.method == "pickup"]
    assert problem.message == "Không điểm bán nào có đủ Vải thiều tươi theo số lượng bạn cần."
    assert problem.advice == (
        "Chọn giao hàng tận nơi hoặc bỏ Vải thiều tươi khỏi giỏ để nhận phần còn lại tại Điểm TP Bắc Giang."
    )


def test_an_inactive_point_is_not_offered(shop, shop_points):
    lucnam = shop_points[0]
    lucnam.is_active = False
    lucnam.save()
    assert pickups(options(basket_of((shop.honey, 1), (shop.lychee, 2)))) == []


def test_stock_reserved_for_other_orders_is_not_offered_again(shop, shop_points):
    from marketplace.salespoints.allocation import allocate_at_point

    lucnam = shop_points[0]
    allocate_at_point(lucnam, [(shop.lychee.pk, 4)])
    assert pickups(options(basket_of((shop.lychee, 2)))) == []
    assert pickups(options(basket_of((shop.lychee, 1)))) == ["Điểm Lục Nam", "Trung tâm OCOP Hà Nội"]


def test_when_no_single_point_holds_everything_the_advice_says_where_each_is(shop, shop_points):
    lucnam, bacgiang, hanoi = shop_points
    stock_at(bacgiang, shop.tea, 2)
    result = options(basket_of((shop.lychee, 3), (shop.tea, 1)), province="24")
    assert pickups(result) == []
    [problem] = result.problems
    assert problem.message == "Không có điểm bán nào có đủ tất cả sản phẩm của bạn."
    assert problem.advice == (
        "Chọn giao hàng tận nơi hoặc đặt riêng các sản phẩm để nhận tại những điểm khác nhau "
        "(Vải thiều tươi tại Điểm Lục Nam; Chè búp Tân Cương tại Điểm TP Bắc Giang)."
    )


def test_a_basket_of_services_is_never_offered_pickup(shop, shop_points):
    assert [m.code for m in options(basket_of((shop.tour, 1))).methods] == ["no-shipping-required"]
