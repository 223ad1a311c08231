"""Delivery zones over the 34 current provinces, and the price of a parcel by zone and weight."""

import pytest
from django.conf import settings

from marketplace.adminunits.models import Province
from marketplace.shipping import rates
from marketplace.shipping.zones import NEIGHBOURS, PROVINCE_REGIONS, Region, Zone, zone


@pytest.mark.django_db
def test_every_current_province_has_a_region_and_the_table_names_no_other(admin_units):
    codes = set(Province.objects.values_list("code", flat=True))
    assert len(codes) == 34
    assert set(PROVINCE_REGIONS) == codes
    assert set(PROVINCE_REGIONS.values()) == set(Region)


def test_neighbouring_regions_are_neighbours_both_ways():
    for region, neighbours in NEIGHBOURS.items():
        assert region not in neighbours
        for other in neighbours:
            assert region in NEIGHBOURS[other]


@pytest.mark.parametrize(
    "origin, destination, expected",
    [
        ("24", "24", Zone.PROVINCE),  # Bắc Ninh → Bắc Ninh
        ("24", "01", Zone.REGION),  # Bắc Ninh → Hà Nội: same region
        ("01", "19", Zone.REGION),  # Hà Nội → Thái Nguyên: neighbouring region
        ("01", "40", Zone.REGION),  # Hà Nội → Nghệ An: neighbouring region
        ("01", "79", Zone.NATIONWIDE),  # Hà Nội → Hồ Chí Minh
        ("68", "79", Zone.REGION),  # Lâm Đồng → Hồ Chí Minh: neighbouring region
        ("92", "01", Zone.NATIONWIDE),  # Cần Thơ → Hà Nội
        ("24", None, Zone.NATIONWIDE),  # address not known yet: the farthest
        (None, "24", Zone.NATIONWIDE),
    ],
)
def test_zone(origin, destination, expected):
    assert zone(origin, destination) == expected


def test_a_parcel_costs_the_price_of_the_first_band_that_holds_it():
    assert rates.price(Zone.PROVINCE, 1) == 16_000
    assert rates.price(Zone.PROVINCE, 500) == 16_000
    assert rates.price(Zone.PROVINCE, 501) == 19_000
    assert rates.price(Zone.REGION, 2_000) == 35_000
    assert rates.price(Zone.NATIONWIDE, 4_999) == 75_000
    assert rates.price(Zone.NATIONWIDE, 10_000) == 125_000


def test_above_the_last_band_each_started_kilogram_adds_its_price():
    assert rates.price(Zone.PROVINCE, 10_001) == 55_000 + 3_000
    assert rates.price(Zone.PROVINCE, 12_000) == 55_000 + 2 * 3_000
    assert rates.price(Zone.NATIONWIDE, 12_500) == 125_000 + 3 * 10_000


def test_farther_never_costs_less_and_heavier_never_costs_less():
    zones = [Zone.PROVINCE, Zone.REGION, Zone.NATIONWIDE]
    for grams in (100, 500, 900, 1_500, 3_000, 7_000, 10_000, 15_000, 40_000):
        prices = [rates.price(z, grams) for z in zones]
        assert prices == sorted(prices)
        for z in zones:
            assert rates.price(z, grams) <= rates.price(z, grams + 1) and isinstance(rates.price(z, grams), int)
    assert set(settings.SHIPPING_RATES) == set(Zone.values)


def test_a_product_without_a_weight_weighs_what_its_group_typically_does():
    assert rates.default_weight("I.2.a") == 2_000  # rice, by the bag
    assert rates.default_weight("I.1.b") == 1_000  # fresh food
    assert rates.default_weight("I.2.b") == 500  # honey: food
    assert rates.default_weight("II.1.a") == 1_000  # a bottle
    assert rates.default_weight("") == 500
