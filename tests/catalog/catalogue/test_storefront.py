"""What a shopper sees: only certified products, clear pages for delisted ones, Vietnamese
first, and page costs that do not grow with the number of products shown."""

import datetime

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.certification.models import Status
from catalog.search.service import index_changed
from marketplace.pagecache import bump
from tests.factories import ProductFactory

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(featured_home_page):
    return ProductFactory(title="Mật ong hoa vải Lục Nam", certificate__stars=5, price=120000)


@pytest.fixture
def revoked(featured_home_page):
    return ProductFactory(
        title="Trà hoa vàng bị thu hồi",
        certificate__status=Status.REVOKED,
        certificate__status_reason="vi phạm an toàn thực phẩm",
        certificate__status_changed_at=datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC),
    )


@pytest.fixture
def expired(featured_home_page):
    return ProductFactory(title="Miến dong hết hạn", certificate__valid_until=datetime.date(2025, 1, 1))


def test_home_page_shows_certified_products_and_not_delisted_ones(client, listed, revoked, expired):
    html = client.get("/").content.decode()
    assert "Mật ong hoa vải Lục Nam" in html
    assert "120.000 ₫" in html
    assert revoked.title not in html and expired.title not in html


def test_catalogue_lists_only_certified_products(client, listed, revoked, expired):
    html = client.get(reverse("catalogue:index")).content.decode()
    assert listed.title in html
    assert "1 sản phẩm OCOP" in html
    assert revoked.title not in html and expired.title not in html


@pytest.mark.parametrize("fixture", ["revoked", "expired"])
def test_a_delisted_product_page_says_why_with_410(client, request, fixture):
    product = request.getfixturevalue(fixture)
    response = client.get(product.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert "Sản phẩm này không còn được chứng nhận OCOP" in html
    assert product.why_not_listable() in html


def test_revoked_page_names_date_and_reason(client, revoked):
    html = client.get(revoked.get_absolute_url()).content.decode()
    assert "Bị thu hồi ngày 04/05/2026 vì vi phạm an toàn thực phẩm" in html
    client.cookies["django_language"] = "en"
    html = client.get(revoked.get_absolute_url()).content.decode()
    assert "Revoked on 04/05/2026 because vi phạm an toàn thực phẩm" in html


def test_an_unknown_product_is_a_friendly_404(client, home_page):
    response = client.get("/catalogue/khong-co_999999/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_product_page_shows_stars_producer_place_and_certificate(client, listed):
    html = client.get(listed.get_absolute_url()).content.decode()
    certificate = listed.certificate
    assert "★★★★★" in html
    assert listed.producer.name in html
    assert certificate.code in html and certificate.decision_number in html
    assert certificate.decision_date.strftime("%d/%m/%Y") in html
    assert '"@type": "Product"' in html and '"priceCurrency": "VND"' in html


def test_vietnamese_by_default_english_on_request(client, listed):
    assert 'lang="vi"' in client.get("/").content.decode()
    assert 'lang="vi"' in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert 'lang="en"' in html and "All products" in html


def test_delisted_products_cannot_be_bought(client, listed, revoked):
    StockRecord.objects.create(
        product=revoked, partner=revoked.producer, partner_sku="R", price=90000, price_currency="VND", num_in_stock=5
    )
    response = client.post(reverse("basket:add", kwargs={"pk": revoked.pk}), {"quantity": 1}, follow=True)
    assert response.context["request"].basket.num_items == 0
    client.post(reverse("basket:add", kwargs={"pk": listed.pk}), {"quantity": 1})
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 1


def test_sitemap_lists_only_listable_products(client, listed, revoked, expired):
    xml = client.get("/sitemap.xml").content.decode()
    assert listed.get_absolute_url() in xml
    assert revoked.get_absolute_url() not in xml and expired.get_absolute_url() not in xml
    assert "robots" not in xml
    assert "Sitemap:" in client.get("/robots.txt").content.decode()


@pytest.mark.parametrize("url_name", ["home", "catalogue:index"])
def test_page_queries_do_not_grow_with_products_shown(
    client, featured_home_page, django_assert_max_num_queries, url_name
):
    url = reverse(url_name)
    for n in range(3):
        ProductFactory(price=100000 + n)
    client.get(url)  # warm the menu
    index_changed()  # so the measured request searches rather than reading the results cache
    bump()  # and renders its product cards rather than reading them from the cache
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for n in range(20):
        ProductFactory(price=200000 + n)  # changes the index: cached search results are dropped
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_product_page_shows_related_products_in_constant_queries(
    client, admin_units, home_page, django_assert_max_num_queries
):
    from tests.factories import ProducerFactory

    producer = ProducerFactory(legacy_province_id="24", legacy_district_id="218")
    product = ProductFactory(title="Mật ong Lục Nam", producer=producer, price=200000)
    ProductFactory(
        title="Vải thiều Lục Nam", producer=ProducerFactory(legacy_province_id="24", legacy_district_id="218")
    )
    client.get(product.get_absolute_url())
    with django_assert_max_num_queries(40) as baseline:
        html = client.get(product.get_absolute_url()).content.decode()
    assert "Vải thiều Lục Nam" in html and "Huyện Lục Nam" in html
    budget = len(baseline.captured_queries)  # (read now: the next request clears the connection's log)
    for n in range(6):
        ProductFactory(title=f"Mật ong rừng {n}", producer=producer, price=150000 + n)
    client.get(product.get_absolute_url())  # warm again, as the baseline was: picks are cached per index generation
    with django_assert_max_num_queries(budget):
        html = client.get(product.get_absolute_url()).content.decode()
    assert "Mật ong rừng" in html


def test_the_feed_lists_only_listable_products(client, listed, revoked, expired):
    xml = client.get("/feeds/new-products/").content.decode()
    assert listed.title in xml
    assert revoked.title not in xml and expired.title not in xml
