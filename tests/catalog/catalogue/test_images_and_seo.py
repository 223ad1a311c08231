"""Product pictures in responsive renditions, and what search engines are given."""

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from oscar.core.loading import get_model

from catalog.catalogue.renditions import WIDTHS, rendition_name
from catalog.demo.loader import add_pictures
from tests.factories import ProducerFactory, ProductFactory

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db(transaction=True)  # renditions are made when the image is committed


def test_pictures_get_webp_and_jpeg_renditions_and_cards_use_them(client, home_page, featured_home_page):
    product = ProductFactory(title="Mật ong hoa vải", price=150000)
    other = ProductFactory(title="Chè Tân Cương", price=90000)
    add_pictures(Product.objects.select_related("subgroup").filter(pk__in=[product.pk, other.pk]))
    original = product.images.get().original.name
    for width in WIDTHS:
        for ext in ("webp", "jpg"):
            assert default_storage.exists(rendition_name(original, width, ext))
    html = client.get("/catalogue/").content.decode()
    assert 'type="image/webp"' in html and "320w" in html
    # The first card's picture comes at once and first; the others when scrolled to.
    assert html.count('loading="eager" fetchpriority="high"') == 1 and html.count('loading="lazy"') == 1
    assert html.count('width="640" height="640"') == 2
    response = client.get(product.get_absolute_url())
    assert 'loading="eager" fetchpriority="high"' in response.content.decode()  # the product page's main picture


def test_sitemap_lists_groups_producers_and_places_of_listed_products(client, admin_units, home_page):
    producer = ProducerFactory(legacy_province_id="24", legacy_district_id="218")
    ProductFactory(producer=producer)
    silent = ProducerFactory(name="Chủ thể không có sản phẩm", legacy_province_id="66")
    xml = client.get("/sitemap.xml").content.decode()
    for path in (
        "/catalogue/tinh/bac-giang/",
        "/catalogue/tinh/bac-giang/luc-nam/",
        producer.get_absolute_url(),
        "/catalogue/category/thuc-pham_",
    ):
        assert path in xml, path
    assert silent.get_absolute_url() not in xml and "/catalogue/tinh/dak-lak/" not in xml


def test_pages_carry_canonical_description_and_open_graph(client, home_page):
    product = ProductFactory(title="Chè Tân Cương", price=120000)
    html = client.get(product.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}{product.get_absolute_url()}">' in html
    assert '<meta property="og:type" content="product">' in html
    assert '<meta name="description" content="Chè Tân Cương' in html
    assert "/catalogue/che-tan-cuong_" in product.get_absolute_url()  # slugs without diacritics
