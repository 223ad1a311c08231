"""The public side of the sales points, as a shopper meets it: the locator and its filters, a
point's page, the map's GeoJSON and the product page's "where to buy"."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.certification.models import Status
from marketplace import pagecache
from marketplace.salespoints.models import PointStock
from tests.factories import ProducerFactory, ProductFactory, SalesPointFactory, stock_at

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
LOCATOR = "/sales-points/"
# A Wednesday at 10:00 in Hà Nội: the factory's points (T2-T6 07:30-17:00) are open.
WEDNESDAY_10 = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=LOCAL)


@pytest.fixture
def points(admin_units, home_page):
    """Points in two districts of Bắc Giang (Lục Nam 218, Lục Ngạn 219) and one in Hà Nội,
    with a listable product in stock at two of them."""
    honey = ProductFactory(title="Mật ong hoa vải Lục Nam", price=250000)
    luc_nam = SalesPointFactory(code="BG-LN-01", slug="bg-ln-01", name="Điểm OCOP Lục Nam")
    luc_ngan = SalesPointFactory(
        code="BG-LG-01",
        slug="bg-lg-01",
        name="Điểm OCOP Lục Ngạn",
        legacy_district_id="219",
        latitude=21.38,
        longitude=106.62,
        hours="T2-CN 18:00-02:00",
    )
    ha_noi = SalesPointFactory(
        code="HN-01",
        slug="hn-01",
        name="Trung tâm OCOP Hà Nội",
        kind="showroom",
        legacy_province_id="01",
        legacy_district_id="001",
        latitude=21.03,
        longitude=105.85,
    )
    stock_at(luc_nam, honey, 7)
    stock_at(ha_noi, honey, 3)
    return honey, luc_nam, luc_ngan, ha_noi


POINT_NAMES = ("Điểm OCOP Lục Nam", "Điểm OCOP Lục Ngạn", "Trung tâm OCOP Hà Nội")  # the fixture's, by place


def names(response):
    return [point.name for _district, entries in response.context["results"].groups for point, *_ in entries]


@pytest.mark.django_db
def test_the_locator_lists_points_grouped_by_district(client, points):
    response = client.get(LOCATOR)
    assert response.status_code == 200
    districts = [district.name for district, _entries in response.context["results"].groups]
    assert districts == ["Huyện Lục Nam", "Huyện Lục Ngạn", "Quận Ba Đình"]  # Bắc Giang, then Hà Nội
    assert "Điểm OCOP Lục Nam" in response.content.decode()


@pytest.mark.django_db
def test_filters_by_province_district_kind_and_product(client, points):
    honey, *_ = points
    assert names(client.get(LOCATOR, {"province": "24"})) == ["Điểm OCOP Lục Nam", "Điểm OCOP Lục Ngạn"]
    assert names(client.get(LOCATOR, {"district": "219"})) == ["Điểm OCOP Lục Ngạn"]
    assert names(client.get(LOCATOR, {"kind": "showroom"})) == ["Trung tâm OCOP Hà Nội"]
    response = client.get(LOCATOR, {"product": honey.pk})
    assert names(response) == ["Điểm OCOP Lục Nam", "Trung tâm OCOP Hà Nội"]
    assert "còn 7" in response.content.decode()


@pytest.mark.django_db
def test_open_now_follows_hanoi_time_across_midnight(client, points):
    with time_machine.travel(WEDNESDAY_10, tick=False):
        assert "Điểm OCOP Lục Ngạn" not in names(client.get(LOCATOR, {"open": "now"}))
        assert len(names(client.get(LOCATOR, {"open": "now"}))) == 2
    # Thursday 01:30: only the night point (opened Wednesday 18:00) is open.
    with time_machine.travel(datetime.datetime(2026, 12, 3, 1, 30, tzinfo=LOCAL), tick=False):
        assert names(client.get(LOCATOR, {"open": "now"})) == ["Điểm OCOP Lục Ngạn"]
    # Sunday 10:00: the weekday points are closed.
    with time_machine.travel(datetime.datetime(2026, 12, 6, 10, 0, tzinfo=LOCAL), tick=False):
        assert names(client.get(LOCATOR, {"open": "now"})) == []


@pytest.mark.django_db
def test_sharing_a_location_orders_nearest_first_with_distances(client, points):
    # Standing in Lục Ngạn town.
    response = client.get(LOCATOR, {"lat": "21.38", "lng": "106.62"})
    entries = [(point.name, km) for _d, group in response.context["results"].groups for point, km, *_ in group]
    assert [name for name, _km in entries] == ["Điểm OCOP Lục Ngạn", "Điểm OCOP Lục Nam", "Trung tâm OCOP Hà Nội"]
    assert entries[0][1] == pytest.approx(0, abs=0.01)
    assert entries[2][1] == pytest.approx(88.8, abs=0.5)  # 39 km south, 80 km west: Ba Đình
    assert "km" in response.content.decode()


@pytest.mark.django_db
def test_bad_filters_are_reported_and_ignored(client, points):
    response = client.get(LOCATOR, {"province": "99", "district": "<script>", "lat": "91", "lng": "x", "product": "-1"})
    assert response.status_code == 200
    assert len(names(response)) == 3
    assert response.context["filters"].errors


@pytest.mark.django_db
def test_a_delisted_product_disappears_from_every_point_at_once(client, points):
    honey, luc_nam, _luc_ngan, ha_noi = points
    honey.certificate.status = Status.REVOKED
    honey.certificate.save()
    assert names(client.get(LOCATOR, {"product": honey.pk})) == []
    page = client.get(luc_nam.get_absolute_url())
    assert honey.title not in page.content.decode()
    assert client.get(reverse("salespoints:geojson")).json()["features"][0]["properties"]["products"] == 0


@pytest.mark.django_db
def test_a_point_page_shows_address_hours_phone_directions_and_products(client, points):
    honey, luc_nam, *_ = points
    with time_machine.travel(WEDNESDAY_10, tick=False):
        response = client.get(luc_nam.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="tel:02043882123"' in html
    assert "google.com/maps/dir/?api=1&amp;destination=21.290000,106.390000" in html
    assert honey.title in html
    assert "open-status--open" in html
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Store" and data["openingHoursSpecification"][0]["opens"] == "07:30"


@pytest.mark.django_db
def test_an_inactive_point_says_it_has_closed(client, points):
    _honey, luc_nam, *_ = points
    luc_nam.is_active = False
    luc_nam.save()
    response = client.get(luc_nam.get_absolute_url())
    assert response.status_code == 410
    assert names(client.get(LOCATOR, {"district": "218"})) == []
    assert client.get("/sales-points/no-such-point/").status_code == 404


@pytest.mark.django_db
def test_geojson_is_a_feature_collection_with_the_locators_filters(client, points):
    with time_machine.travel(WEDNESDAY_10, tick=False):
        response = client.get(reverse("salespoints:geojson"), {"province": "24"})
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert {f["properties"]["code"] for f in data["features"]} == {"BG-LN-01", "BG-LG-01"}
    feature = next(f for f in data["features"] if f["properties"]["code"] == "BG-LN-01")
    assert feature["geometry"] == {"type": "Point", "coordinates": [106.39, 21.29]}
    assert (
        feature["properties"].items()
        >= {
            "name": "Điểm OCOP Lục Nam",
            "kind": "district",
            "district_code": "218",
            "url": "/sales-points/bg-ln-01/",
            "open_now": True,
            "products": 1,
        }.items()
    )


@pytest.mark.django_db
def test_where_to_buy_on_the_product_page(client, points):
    honey, *_ = points
    html = client.get(honey.get_absolute_url()).content.decode()
    section = html.split('id="where-to-buy"')[1].split("</section>")[0]
    # Grouped by district (Lục Nam, Bắc Giang before Ba Đình, Hà Nội), with a link to the locator.
    assert section.index("Huyện Lục Nam, Bắc Giang") < section.index("Điểm OCOP Lục Nam")
    assert section.index("Điểm OCOP Lục Nam") < section.index("Trung tâm OCOP Hà Nội")
    assert "Quận Ba Đình, Hà Nội" in section
    assert "Điểm OCOP Lục Ngạn" not in section
    assert f"/sales-points/?product={honey.pk}" in section
    # Nearest first once the shopper has shared a location (in Hà Nội).
    client.cookies["ocop_near"] = "21.030,105.850"
    section = client.get(honey.get_absolute_url()).content.decode().split('id="where-to-buy"')[1]
    assert section.index("Trung tâm OCOP Hà Nội") < section.index("Điểm OCOP Lục Nam")


@pytest.mark.django_db
def test_where_to_buy_is_kept_a_minute_but_a_sold_out_point_leaves_at_once(client, points):
    honey, *_ = points
    url = honey.get_absolute_url()

    def section():
        return client.get(url).content.decode().split('id="where-to-buy"')[1].split("</section>")[0]

    assert "Điểm OCOP Lục Nam" in section()
    with CaptureQueriesContext(connection) as captured:
        assert "Điểm OCOP Lục Nam" in section()
    assert not any("salespoints_pointstock" in query["sql"] for query in captured)  # kept for the minute
    stock = PointStock.objects.get(product=honey, point__name="Điểm OCOP Lục Nam")
    stock.num_in_stock = 0
    stock.save()
    assert "Điểm OCOP Lục Nam" not in section() and "Trung tâm OCOP Hà Nội" in section()


@pytest.mark.django_db
def test_the_list_is_kept_but_a_new_or_closed_point_shows_at_once(client, points):
    _honey, luc_nam, *_ = points
    html = client.get(LOCATOR).content.decode()
    assert "Điểm OCOP Lục Nam" in html and "3 điểm bán" in html
    with CaptureQueriesContext(connection) as captured:
        assert "Điểm OCOP Lục Nam" in client.get(LOCATOR).content.decode()
    assert not any("salespoints_openinghours" in query["sql"] for query in captured)  # the list, kept
    SalesPointFactory(code="BG-LN-02", slug="bg-ln-02", name="Cửa hàng OCOP Đồi Ngô")
    html = client.get(LOCATOR).content.decode()
    assert "Cửa hàng OCOP Đồi Ngô" in html and "4 điểm bán" in html
    luc_nam.is_active = False
    luc_nam.save()
    html = client.get(LOCATOR).content.decode()
    assert "Điểm OCOP Lục Nam" not in html and "3 điểm bán" in html
    assert client.get(LOCATOR, {"page": 2}).status_code == 404  # still refused before any rendering


@pytest.mark.django_db
def test_pages_cost_a_constant_number_of_queries(client, points, django_assert_max_num_queries):
    honey, luc_nam, *_ = points
    for n in range(12):  # more points, districts and products: the same number of queries
        point = SalesPointFactory(legacy_district_id=["218", "219", "213"][n % 3])
        product = ProductFactory(producer=ProducerFactory(), price=1000 + n)
        stock_at(point, product)
        stock_at(point, honey)
        stock_at(luc_nam, product)
    client.get(LOCATOR)  # warm caches (site, translations)
    with django_assert_max_num_queries(9):
        assert client.get(LOCATOR).status_code == 200
    with django_assert_max_num_queries(9):
        assert (
            client.get(LOCATOR, {"lat": "21.3", "lng": "106.4", "open": "now", "product": honey.pk}).status_code == 200
        )
    with django_assert_max_num_queries(11):  # cold: the point kept, its products' ids, their cards
        assert client.get(luc_nam.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(2):  # then: nothing but PostgreSQL's savepoint and release
        assert client.get(luc_nam.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(6):  # 4, and PostgreSQL's savepoint and release (ATOMIC_REQUESTS)
        assert client.get(reverse("salespoints:geojson")).status_code == 200


@pytest.mark.django_db
def test_where_to_buy_costs_the_same_at_two_points_or_twenty(client, points):
    honey, *_ = points

    def queries():
        pagecache.bump()  # the section rendered afresh (not the one kept for the minute)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(honey.get_absolute_url()).status_code == 200
        return len(captured)

    queries()  # warm caches
    few = queries()
    for n in range(20):
        stock_at(SalesPointFactory(legacy_district_id="219" if n % 2 else "218"), honey)
    assert queries() == few


@pytest.mark.django_db
def test_the_list_shows_a_point_opening_at_its_time_and_is_kept_until_the_next_one(client, points):
    """What the list, its count and the map show of "open now" is kept until a point opens or
    closes — not a minute — and changes at that very time."""

    def seen(hour, minute, second=0):
        """Open points on the list, the points the "open now" list shows, open points on the map."""
        with time_machine.travel(datetime.datetime(2026, 12, 2, hour, minute, second, tzinfo=LOCAL), tick=False):
            html = client.get(LOCATOR).content.decode()
            only_open = client.get(LOCATOR, {"open": "now"}).content.decode()
            features = client.get(reverse("salespoints:geojson")).json()["features"]
        return (
            html.count("open-status--open"),
            [name for name in POINT_NAMES if name in only_open],
            sum(feature["properties"]["open_now"] for feature in features),
        )

    # Wednesday: Lục Nam and Hà Nội open 07:30-17:00, Lục Ngạn 18:00-02:00.
    assert seen(7, 29, 59) == (0, [], 0)
    assert seen(7, 30) == (2, ["Điểm OCOP Lục Nam", "Trung tâm OCOP Hà Nội"], 2)
    # Until the next time any point opens or closes (08:00: Saturdays'), nothing is asked again.
    with time_machine.travel(datetime.datetime(2026, 12, 2, 7, 59, 59, tzinfo=LOCAL), tick=False):
        with CaptureQueriesContext(connection) as captured:
            html = client.get(LOCATOR).content.decode()
            open_only = client.get(LOCATOR, {"open": "now"}).content.decode()
            client.get(reverse("salespoints:geojson"))
        assert html.count("open-status--open") == 2 and "2 điểm bán" in open_only
        assert not [query["sql"] for query in captured if "salespoints_" in query["sql"]]  # kept since 07:30
    assert seen(17, 0) == (0, [], 0)
    assert seen(18, 0)[2] == 1  # Lục Ngạn
