"""The API (marketplace/api): the public endpoints show only what the site shows (the listing
rule), certificates say what the verification page says, a producer's token reaches its own
products only (the ownership rule) and changes them through the dashboard's own checks."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from catalog.certification.models import Status
from tests.cms.fairs.conftest import add_fair, make_index
from tests.factories import ProductFactory, SalesPointFactory, stock_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def titles(response):
    return sorted(product["title"] for product in response.json()["results"])


def test_products_are_the_listed_ones_filtered_like_the_catalogue(api, shop):
    revoked = ProductFactory(title="Mật ong bị thu hồi", certificate__status=Status.REVOKED)
    response = api.get("/api/products/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5 and revoked.title not in titles(response)
    honey = next(p for p in body["results"] if p["title"] == "Mật ong hoa vải")
    assert honey["stars"] == 4 and honey["currency"] == "VND" and honey["producer"]["name"] == "HTX Lục Nam"
    assert honey["verification_url"].endswith(f"/verify/{shop.honey.certificate.code}/")
    assert honey["url"].endswith(shop.honey.get_absolute_url())
    assert titles(api.get("/api/products/", {"q": "mat ong"})) == ["Mật ong hoa vải"]
    assert titles(api.get("/api/products/", {"group": "VI"})) == ["Tour làng chài Cửa Vạn"]
    assert api.get("/api/products/", {"stars": "5"}).json()["count"] == 0
    paged = api.get("/api/products/", {"per_page": 2, "page": 2}).json()
    assert paged["page"] == 2 and paged["num_pages"] == 3 and len(paged["results"]) == 2
    assert len(api.get("/api/products/", {"per_page": 10_000}).json()["results"]) == 5  # at most 100 a page


def test_a_product_answers_while_it_is_listed(api, shop):
    assert api.get(f"/api/products/{shop.honey.pk}/").json()["title"] == "Mật ong hoa vải"
    certificate = shop.honey.certificate
    certificate.status = Status.SUSPENDED
    certificate.save()
    assert api.get(f"/api/products/{shop.honey.pk}/").status_code == 404


def test_a_certificate_says_what_the_verification_page_says(api, shop):
    code = shop.honey.certificate.code
    body = api.get(f"/api/certificates/{code}/").json()
    assert body["code"] == code and body["stars"] == 4 and body["status"] == "valid"
    assert body["certifies_today"] and body["is_current"] and body["listed"]
    assert body["product_url"].endswith(shop.honey.get_absolute_url())
    assert api.get(f"/api/certificates/{code.lower().replace('-', ' ')}/").json()["code"] == code  # typed by hand
    certificate = shop.honey.certificate
    certificate.status = Status.REVOKED
    certificate.save()
    body = api.get(f"/api/certificates/{code}/").json()
    assert body["status"] == "revoked" and not body["listed"] and body["product_url"] is None
    assert api.get("/api/certificates/KHONG-CO-MA-NAY/").status_code == 404
    slashed = ProductFactory(certificate__code="12/GCN-OCOP 2026").certificate.code
    assert api.get(f"/api/certificates/{slashed}/").json()["code"] == "12/GCN-OCOP 2026"


def test_sales_points_as_a_list_and_as_geojson(api, shop):
    point = SalesPointFactory(name="Điểm bán OCOP Lục Nam")
    stock_at(point, shop.honey)
    SalesPointFactory(name="Điểm đã đóng", is_active=False)
    body = api.get("/api/sales-points/").json()
    assert [p["name"] for p in body["results"]] == ["Điểm bán OCOP Lục Nam"] and body["count"] == 1
    assert api.get("/api/sales-points/", {"product": shop.tea.pk}).json()["count"] == 0
    geojson = api.get("/api/sales-points/geojson/", {"province": "24"})
    assert geojson["Content-Type"] == "application/geo+json"
    (feature,) = geojson.json()["features"]
    assert feature["properties"]["name"] == "Điểm bán OCOP Lục Nam"


def test_fairs_upcoming_and_past(api, featured_home_page, admin_units):
    index = make_index(featured_home_page)
    add_fair(index, title="Hội chợ sắp tới", starts_in=10)
    add_fair(index, title="Hội chợ đã qua", starts_in=-30, slug="hoi-cho-da-qua")
    assert [f["title"] for f in api.get("/api/fairs/").json()] == ["Hội chợ sắp tới"]
    assert [f["title"] for f in api.get("/api/fairs/", {"when": "past"}).json()] == ["Hội chợ đã qua"]


def test_a_producers_token_reaches_its_own_products_only(two_producers):
    t = two_producers
    a = token_client(t.user_a)
    assert sorted(p["title"] for p in a.get("/api/producer/products/").json()) == sorted(
        [t.product_a.title, t.bare_a.title]
    )
    assert a.get(f"/api/producer/products/{t.product_b.pk}/").status_code == 404
    assert a.patch(f"/api/producer/products/{t.product_b.pk}/", {"price": 1}, format="json").status_code == 404
    assert t.product_b.stockrecords.get().price == 120000


def test_a_producer_changes_price_and_stock_through_the_dashboards_checks(two_producers, client):
    t = two_producers
    a = token_client(t.user_a)
    url = f"/api/producer/products/{t.product_a.pk}/"
    response = a.patch(url, {"price": 265000, "num_in_stock": 7}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["price"] == 265000 and response.json()["num_in_stock"] == 7
    assert "265.000" in client.get(t.product_a.get_absolute_url()).content.decode()  # the shop shows it at once
    assert a.patch(url, {"price": -5}, format="json").status_code == 400
    record = t.product_a.stockrecords.get()
    record.num_allocated = 5
    record.save()
    refused = a.patch(url, {"num_in_stock": 2}, format="json")
    assert refused.status_code == 400 and "num_in_stock" in refused.json()
    assert a.patch(url, {"description": "<script>alert(1)</script>Mật ong rừng"}, format="json").status_code == 200
    assert "<script>" not in a.get(url).json()["description"]
    selling = a.patch(f"/api/producer/products/{t.bare_a.pk}/", {"num_in_stock": 3}, format="json")
    assert selling.status_code == 400 and "price" in selling.json()  # the form's own rule


def test_the_producer_endpoints_need_a_producer(api, two_producers, django_user_model):
    assert api.get("/api/producer/products/").status_code in (401, 403)
    shopper = django_user_model.objects.create_user("lan", "lan@example.vn", "mat-khau-dai-2026")
    assert token_client(shopper).get("/api/producer/products/").status_code == 403
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert bad.get("/api/producer/products/").status_code == 401


def test_a_signed_in_session_needs_the_csrf_token_to_write(two_producers):
    t = two_producers
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(t.user_a)
    assert browser.get("/api/producer/products/").status_code == 200
    url = f"/api/producer/products/{t.product_a.pk}/"
    assert browser.patch(url, {"price": 1}, format="json").status_code == 403


def test_clients_are_throttled(api, shop, settings):
    settings.API_THROTTLE_RATES = {"anon": "3/minute", "user": "600/minute"}
    statuses = [api.get("/api/products/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Retry-After" in api.get("/api/products/")


def test_the_schema_and_its_docs_are_served_from_our_own_files(api, shop):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    document = schema.json()
    assert document["openapi"].startswith("3.")
    for path in ("/api/products/", "/api/certificates/{code}/", "/api/sales-points/", "/api/fairs/"):
        assert path in document["paths"]
    assert "patch" in document["paths"]["/api/producer/products/{id}/"]
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html and "cdn" not in html.lower() and "//unpkg" not in html


def test_hostile_values_in_every_public_endpoint(api, shop):
    hostile = ["'", "<script>", "\x00", "9" * 400, "-1", "0", "１２", "%00", "../../etc/passwd"]
    for value in hostile:
        for path, names in (
            ("/api/products/", ("q", "province", "district", "group", "stars", "price", "sort", "page", "per_page")),
            ("/api/sales-points/", ("province", "district", "product", "open", "kind", "page")),
            ("/api/sales-points/geojson/", ("province", "district", "product")),
            ("/api/fairs/", ("when",)),
        ):
            for name in names:
                response = api.get(path, {name: value})
                assert response.status_code in (200, 400), (path, name, value, response.status_code)
        assert api.get(f"/api/certificates/{value}/").status_code in (404, 301)
    assert api.get("/api/products/abc/").status_code == 404
    assert api.get(f"/api/products/{10**30}/").status_code == 404  # beyond any id: not found, not an error


def test_a_producer_makes_replaces_and_deletes_its_api_key_from_its_phone_area(client, two_producers):
    t = two_producers
    client.force_login(t.user_a)
    page = client.get("/dashboard/shop/api-key/")
    assert page.status_code == 200 and "Bạn chưa có khóa API." in page.content.decode()
    client.post("/dashboard/shop/api-key/", {"action": "make"})
    first = Token.objects.get(user=t.user_a).key
    assert first in client.get("/dashboard/shop/api-key/").content.decode()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api.get("/api/producer/products/").status_code == 200
    client.post("/dashboard/shop/api-key/", {"action": "replace"})
    second = Token.objects.get(user=t.user_a).key
    assert second != first and api.get("/api/producer/products/").status_code == 401  # the old key is dead
    client.post("/dashboard/shop/api-key/", {"action": "delete"})
    assert not Token.objects.filter(user=t.user_a).exists()
    assert client.post("/dashboard/shop/api-key/", {"action": "steal"}).status_code == 302  # nothing changed
    assert not Token.objects.filter(user=t.user_a).exists()


def test_only_signed_in_dashboard_users_reach_the_api_key_page(client, two_producers, django_user_model):
    assert client.get("/dashboard/shop/api-key/").status_code == 302
    shopper = django_user_model.objects.create_user("lan", "lan@example.vn", "mat-khau-dai-2026")
    client.force_login(shopper)
    assert client.get("/dashboard/shop/api-key/").status_code in (302, 403)
    client.post("/dashboard/shop/api-key/", {"action": "make"})
    assert not Token.objects.filter(user=shopper).exists()
