"""Open data ("OCOP in numbers", catalog/opendata): the public downloads hold every listed
product and never a product that is not listable today; the figures count the same products."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from catalog.certification.models import Status, local_today
from marketplace.adminunits.models import Province
from tests.factories import ProducerFactory, ProductFactory, certify, make_combo

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(admin_units):
    """Two listed products (5★ and 3★, two provinces), one of each way not to be listed, and a
    listed gift combo of the two (no certificate of its own: not a row, not counted)."""
    bac_ninh, ha_noi = Province.objects.get(short_name="Bắc Ninh"), Province.objects.get(short_name="Hà Nội")
    honey = ProductFactory(title="Mật ong hoa vải Lục Ngạn", producer__province=bac_ninh, certificate__stars=5)
    tea = ProductFactory(title="Chè Ba Vì", producer__province=ha_noi, certificate__stars=3)
    tea.group = type(tea.group).objects.get(code="II")
    tea.save()
    assert make_combo([honey, tea], price=300000).is_listable()
    hidden = {
        "revoked": ProductFactory(title="Rượu thu hồi", certificate__status=Status.REVOKED),
        "suspended": ProductFactory(title="Miến tạm dừng", certificate__status=Status.SUSPENDED),
        "expired": ProductFactory(
            title="Bánh hết hạn",
            certificate__decision_date=local_today() - datetime.timedelta(days=1200),
            certificate__valid_until=local_today() - datetime.timedelta(days=1),
        ),
        "two stars": ProductFactory(title="Nấm hai sao", certificate__stars=2),
        "uncertified": ProductFactory(title="Gạo chưa chứng nhận", certificate=False),
        "hidden": ProductFactory(title="Mắm ẩn", is_public=False),
        "inactive producer": ProductFactory(title="Tương nghỉ bán", producer=ProducerFactory(is_active=False)),
    }
    return honey, tea, hidden


def rows_of_csv(response):
    text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert text.startswith("\ufeff")  # Excel reads UTF-8 with the byte order mark
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_the_csv_lists_every_listed_product_and_nothing_else(client, catalogue):
    honey, tea, hidden = catalogue
    response = client.get(reverse("opendata:products-csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="ocop-products.csv"' in response["Content-Disposition"]
    assert 'rel="license"' in response["Link"] and "creativecommons.org/licenses/by/4.0" in response["Link"]
    rows = rows_of_csv(response)
    assert sorted(row["product"] for row in rows) == ["Chè Ba Vì", "Mật ong hoa vải Lục Ngạn"]
    by_name = {row["product"]: row for row in rows}
    row = by_name["Mật ong hoa vải Lục Ngạn"]
    assert row["certificate_code"] == honey.certificate.code
    assert row["product_code"] == honey.product_code
    assert row["stars"] == "5" and row["group_code"] == "I" and row["province"] == "Bắc Ninh"
    assert row["valid_until"] == honey.certificate.valid_until.isoformat()
    assert row["verification_url"].endswith(f"/verify/{honey.certificate.code}/")
    assert row["product_url"].endswith(honey.get_absolute_url())
    assert by_name["Chè Ba Vì"]["group_code"] == "II" and by_name["Chè Ba Vì"]["province"] == "Hà Nội"


def test_the_json_holds_the_same_products_with_its_licence_and_columns(client, catalogue):
    honey, tea, hidden = catalogue
    response = client.get(reverse("opendata:products-json"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)
    assert document["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert document["count"] == 2 == len(document["products"])
    assert document["date"] == local_today().isoformat()
    assert list(document["products"][0]) == list(document["columns"])
    assert {p["certificate_code"] for p in document["products"]} == {honey.certificate.code, tea.certificate.code}
    names = json.dumps(document, ensure_ascii=False)
    for product in hidden.values():
        assert product.title not in names


def test_a_revoked_certificate_leaves_the_downloads_and_the_figures_at_once(client, catalogue):
    honey, tea, hidden = catalogue
    before = json.loads(client.get(reverse("opendata:products-json")).content)
    assert before["count"] == 2
    client.get(reverse("opendata:numbers"))
    certificate = honey.certificate
    certificate.status = Status.REVOKED
    certificate.save()
    after = json.loads(client.get(reverse("opendata:products-json")).content)
    assert [p["product"] for p in after["products"]] == ["Chè Ba Vì"]
    assert [row["product"] for row in rows_of_csv(client.get(reverse("opendata:products-csv")))] == ["Chè Ba Vì"]
    html = client.get(reverse("opendata:numbers")).content.decode()
    assert "Bắc Ninh" not in html


def test_a_new_certificate_joins_the_downloads(client, catalogue):
    honey, tea, hidden = catalogue
    assert json.loads(client.get(reverse("opendata:products-json")).content)["count"] == 2
    certify(hidden["uncertified"], stars=4)
    assert json.loads(client.get(reverse("opendata:products-json")).content)["count"] == 3


def test_the_numbers_page_counts_the_listed_products(client, catalogue, django_assert_max_num_queries):
    response = client.get(reverse("opendata:numbers"))
    assert response.status_code == 200
    html = response.content.decode()
    figures = response.context["figures"]
    assert figures["products"] == 2 and figures["producers"] == 2
    assert figures["by_stars"] == [(5, 1), (4, 0), (3, 1)]
    assert [(code, n) for code, _name, n in figures["by_group"]] == [("I", 1), ("II", 1)]
    assert figures["by_province"] == [("Bắc Ninh", 1), ("Hà Nội", 1)]
    for text in ("OCOP in numbers", "Bắc Ninh", "Hà Nội", "ocop-products.csv", "ocop-products.json", 'rel="license"'):
        assert text in html or text.replace("OCOP in numbers", "OCOP qua những con số") in html
    assert 'data-value="1"' in html  # the charts are drawn from the tables
    assert "vendor/chartjs/chart.umd.min.js" in html
    with django_assert_max_num_queries(10):
        client.get(reverse("opendata:numbers"))


def test_nothing_listed_gives_empty_files_and_a_page_that_says_so(client, admin_units):
    rows = rows_of_csv(client.get(reverse("opendata:products-csv")))
    assert rows == []
    assert json.loads(client.get(reverse("opendata:products-json")).content)["products"] == []
    assert client.get(reverse("opendata:numbers")).status_code == 200


def test_a_product_name_that_looks_like_a_formula_is_text_in_the_csv(client, admin_units):
    ProductFactory(title='=HYPERLINK("http://evil.example","Mật ong")')
    (row,) = rows_of_csv(client.get(reverse("opendata:products-csv")))
    assert row["product"] == '\'=HYPERLINK("http://evil.example","Mật ong")'


def test_the_downloads_answer_head_and_refuse_posts(client, admin_units):
    assert client.head(reverse("opendata:products-csv")).status_code == 200
    assert client.post(reverse("opendata:products-json")).status_code == 405
