"""The demo's sales points: two files in the provinces' format, imported as an office would,
with a point in every district of Bắc Giang and Thái Nguyên, gaps in Quảng Ninh, and shelves
that show listable products only."""

import csv
from collections import Counter

import pytest
from django.urls import reverse
from django.utils.html import escape
from oscar.core.loading import get_model

from catalog.demo.generate_sales_points import POINTS_FILE, POINTS_HEADER, STOCK_FILE, STOCK_HEADER, build
from marketplace.adminunits.models import LegacyDistrict, LegacyProvince
from marketplace.producers.strategy import Default
from marketplace.salespoints import coverage
from marketplace.salespoints.models import Criterion, Kind, LocationSource, PointStock, SalesPoint

Product = get_model("catalogue", "Product")

EVERY_DISTRICT = ("24", "19")  # Bắc Giang, Thái Nguyên
WITH_GAPS = "22"  # Quảng Ninh

pytestmark = pytest.mark.django_db


def _rows(path):
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_demo_files_are_in_the_provinces_format():
    points, stock = _rows(POINTS_FILE), _rows(STOCK_FILE)
    assert points[0] == POINTS_HEADER and stock[0] == STOCK_HEADER
    assert {row[2] for row in points[1:]} == {
        "Trung tâm tỉnh",
        "Điểm cấp huyện",
        "Cửa hàng đối tác",
        "Điểm du lịch",
        "Gian hàng hội chợ",
    }
    assert {row[0] for row in stock[1:]} <= {row[0] for row in points[1:]}


def _shown():
    return Default().stock_at_points()


def test_every_district_of_two_provinces_has_a_point_with_products_on_show(demo_points):
    shown = _shown()
    for code in EVERY_DISTRICT:
        province = LegacyProvince.objects.get(code=code)
        districts = set(LegacyDistrict.objects.filter(province=province).values_list("code", flat=True))
        covered = set(shown.filter(point__legacy_province=province).values_list("point__legacy_district", flat=True))
        assert len(districts) >= 9
        assert covered == districts, code
        # What the office's coverage report says.
        report = coverage.coverage(province)
        assert report.districts_without_points == []
        assert all(row.products > 0 for row in report.districts)


def test_a_third_province_has_points_in_some_districts_and_gaps_in_others(demo_points):
    report = coverage.coverage(LegacyProvince.objects.get(code=WITH_GAPS))
    gaps = {row.code for row in report.districts_without_points}
    assert len(gaps) >= 3 and len(gaps) < len(report.districts)
    covered = set(demo_points.filter(legacy_province_id=WITH_GAPS).values_list("legacy_district", flat=True))
    assert covered and not covered & gaps


def test_points_show_listable_products_only(demo_points, demo_sentinels):
    shown = _shown()
    listable = set(Product.objects.listable().values_list("pk", flat=True))
    assert set(shown.values_list("product", flat=True)) <= listable
    # The revoked tea is still on a point's books, and never shown.
    revoked = Product.objects.get(certificates__code=demo_sentinels["revoked"])
    assert PointStock.objects.filter(product=revoked, num_in_stock__gt=0, point__is_active=True).exists()
    assert not shown.filter(product=revoked).exists()
    # The coverage report tells the office to take it off the shelf.
    off_shelf = coverage.off_shelf(LegacyProvince.objects.get(code=WITH_GAPS))
    assert [(point.code, [row.code for row in rows]) for point, rows in off_shelf] == [
        ("QN-BC-01", [revoked.product_code])
    ]
    # Each point holds its province's products, from a handful to several dozen.
    per_point = Counter(shown.values_list("point__code", flat=True))
    assert set(per_point) == set(demo_points.values_list("code", flat=True))
    assert min(per_point.values()) >= 3 and max(per_point.values()) >= 30
    for point_province, product_province in shown.values_list("point__legacy_province", "product__product_code"):
        assert product_province.startswith(f"{point_province}-")


def test_a_point_page_shows_its_products_and_never_the_revoked_one(client, home_page, demo_points, demo_sentinels):
    point = SalesPoint.objects.get(code="QN-BC-01")
    revoked = Product.objects.get(certificates__code=demo_sentinels["revoked"])
    page = client.get(point.get_absolute_url()).content.decode()
    titles = list(_shown().filter(point=point).values_list("product__title", flat=True))
    assert titles
    for title in titles:
        assert escape(title) in page
    assert revoked.title not in page
    locator = client.get(reverse("salespoints:locator"), {"product": revoked.pk}).content.decode()
    assert point.name not in locator


def test_demo_points_look_like_the_programme(demo_points):
    points = list(SalesPoint.objects.for_list())
    assert {p.kind for p in points} == set(Kind.values)
    assert sum(not p.is_active for p in points) == 1
    # A night market open past midnight, a day with two ranges, a closed Sunday, a point without hours.
    assert any(r.overnight for p in points for r in p.ranges)
    assert any(len([r for r in p.ranges if r.weekday == 0]) == 2 for p in points)
    assert any(p.ranges and not [r for r in p.ranges if r.weekday == 6] for p in points)
    assert any(not p.ranges for p in points)
    # Coordinates given for some points, taken from the ward for the others; every point is on the map.
    sources = Counter(p.location_source for p in points)
    assert sources[LocationSource.GIVEN] >= 5 and sources[LocationSource.WARD] >= 5
    assert all(p.has_location and p.commune_id and p.legacy_ward_id for p in points)
    # Decision 950: most met, a few failed (with the criteria they failed), others not assessed.
    assessed = Counter(p.meets_950 for p in points)
    assert assessed[True] >= 10 and assessed[None] >= 5 and assessed[False] >= 2
    failed = [p for p in points if p.meets_950 is False]
    assert all(p.failed_criteria and set(p.failed_criteria) <= set(Criterion.values) for p in failed)
    # Phones with the province's area code (landlines) or a mobile number.
    area = {"24": "0204", "19": "0208", "22": "0203"}
    districts = [p for p in points if p.kind == Kind.DISTRICT]
    assert all(p.phone.startswith(area[p.legacy_province_id]) for p in districts)


def test_loading_the_demo_points_again_changes_nothing(demo_points):
    from catalog.demo.loader import load_sales_points

    before = (SalesPoint.objects.count(), PointStock.objects.count(), sorted(_shown().values_list("pk", flat=True)))
    load_sales_points(verbosity=0)
    after = (SalesPoint.objects.count(), PointStock.objects.count(), sorted(_shown().values_list("pk", flat=True)))
    assert after == before


def test_the_committed_files_are_the_generators_output():
    """Deterministic: regenerating gives the committed files (nobody edited them by hand)."""
    points, stock = build()
    assert _rows(POINTS_FILE)[1:] == [[str(cell) for cell in row] for row in points]
    assert _rows(STOCK_FILE)[1:] == [[str(cell) for cell in row] for row in stock]
