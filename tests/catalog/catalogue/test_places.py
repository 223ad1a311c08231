"""Province and district pages: the products made there, through the listing rule."""

import pytest

from marketplace.adminunits.models import LegacyDistrict
from tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def luc_nam_honey(admin_units, home_page):
    district = LegacyDistrict.objects.select_related("province").get(code="218")  # Lục Nam, Bắc Giang
    producer = ProducerFactory(legacy_province=district.province, legacy_district=district)
    return ProductFactory(title="Mật ong hoa vải Lục Nam", producer=producer, price=150000)


def test_a_district_page_lists_its_products(client, luc_nam_honey):
    district = luc_nam_honey.producer.legacy_district
    response = client.get(district.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mật ong hoa vải Lục Nam" in html
    assert district.short_name in html


def test_a_province_page_links_to_its_districts(client, luc_nam_honey):
    district = luc_nam_honey.producer.legacy_district
    html = client.get(district.province.get_absolute_url()).content.decode()
    assert luc_nam_honey.title in html
    assert f'href="{district.get_absolute_url()}"' in html


def test_a_district_under_the_wrong_province_is_404(client, luc_nam_honey):
    district = luc_nam_honey.producer.legacy_district
    response = client.get(f"/catalogue/tinh/ha-noi/{district.slug}/")
    assert response.status_code == 404
