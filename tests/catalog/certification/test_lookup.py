"""The certificate lookup takes whatever people type — a certificate code with spaces or in lower
case, the product's OCOP code from its page, a decision number with "QĐ" — and leads to the
certificate(s); nothing typed there or in a verification address gives an error page."""

import pytest
from django.urls import reverse

from tests.factories import ProducerFactory, ProductFactory, certify

pytestmark = pytest.mark.django_db


@pytest.fixture
def honey(home_page):
    return ProductFactory(
        title="Mật ong hoa vải",
        product_code="01-017-0004",
        certificate__code="OCOP-01-2026-0045",
        certificate__decision_number="2078/QĐ-UBND",
    )


def lookup(client, typed):
    return client.get(reverse("certification:verify-lookup"), {"code": typed})


@pytest.mark.parametrize(
    "typed", ["OCOP-01-2026-0045", "OCOP 01 2026 0045", "ocop 01-2026-0045", " ocop_01_2026_0045 ", "OCOP–01–2026–0045"]
)
def test_a_certificate_code_as_people_type_it(client, honey, typed):
    response = lookup(client, typed)
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:verify", kwargs={"code": "OCOP-01-2026-0045"})


@pytest.mark.parametrize("typed", ["01-017-0004", "01 017 0004", "010170004"])
def test_the_product_code_shown_on_the_product_page_leads_to_its_certificate(client, honey, typed):
    response = lookup(client, typed)
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:verify", kwargs={"code": "OCOP-01-2026-0045"})


@pytest.mark.parametrize("typed", ["2078/QĐ-UBND", "2078/qđ-ubnd", "2078/QD-UBND", "2078 QĐ UBND"])
def test_a_decision_number_lists_the_certificates_it_granted(client, honey, typed):
    other = ProductFactory(
        title="Miến dong",
        producer=ProducerFactory(),
        certificate__code="OCOP-01-2026-0046",
        certificate__decision_number="2078/QĐ-UBND",
    )
    response = lookup(client, typed)
    assert response.status_code == 200
    html = response.content.decode()
    for product in (honey, other):
        assert reverse("certification:verify", kwargs={"code": product.certificate.code}) in html
        assert product.title in html


def test_a_decision_with_one_certificate_goes_straight_to_it(client, honey):
    response = lookup(client, "2078/QĐ-UBND")
    assert response.status_code == 302


@pytest.mark.parametrize(
    "typed",
    [
        "NOPE-0000",
        "Đ",
        "___",
        "/",
        "2078/QĐ-UBND/../../etc",
        "x" * 5000,
        "\x00",
        "ﷺ",
        "‮OCOP",
        "<script>alert(1)</script>",
        "%",
        " ",
    ],
)
def test_anything_else_gets_a_page_never_an_error(client, honey, typed):
    response = lookup(client, typed)
    assert response.status_code in (200, 404)
    html = response.content.decode()
    if response.status_code == 404:
        assert 'name="code"' in html  # the lookup form again
    if typed.startswith("<script>"):
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


@pytest.mark.parametrize("path", ["OCOP 01 2026 0045", "2078/QĐ-UBND", "a_b", "Đ", "ocop-01-2026-0045", "%00"])
def test_verification_addresses_typed_by_hand(client, honey, path):
    response = client.get(f"/verify/{path}/")
    assert response.status_code in (200, 301, 302, 404)


def test_a_lower_case_address_goes_to_the_certificate(client, honey):
    response = client.get("/verify/ocop-01-2026-0045/", follow=True)
    assert response.status_code == 200
    assert "OCOP-01-2026-0045" in response.content.decode()


def test_a_certificate_code_with_a_slash_and_a_space_works_everywhere(client, home_page):
    product = ProductFactory(certificate__code="12/GCN-OCOP 2026")
    page = client.get(product.get_absolute_url())
    assert page.status_code == 200
    url = reverse("certification:verify", kwargs={"code": "12/GCN-OCOP 2026"})
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200 and "12/GCN-OCOP 2026" in response.content.decode()
    qr = client.get(reverse("certification:qr-png", kwargs={"code": "12/GCN-OCOP 2026"}) + "?download=1")
    assert qr.status_code == 200 and qr.content[:4] == b"\x89PNG"
    assert "/" not in qr["Content-Disposition"].split("filename=")[1]


def test_a_superseded_certificate_found_by_product_code_leads_to_the_current_one(client, honey):
    newer = certify(honey, stars=5, code="OCOP-01-2027-0001")
    response = lookup(client, "01-017-0004")
    assert response["Location"] == reverse("certification:verify", kwargs={"code": newer.code})


def test_the_check_is_offered_from_the_header_footer_and_home_page(client, featured_home_page):
    lookup_url = reverse("certification:verify-lookup")
    home = client.get("/").content.decode()
    assert home.count(f'href="{lookup_url}"') >= 2  # header and footer
    assert f'action="{lookup_url}"' in home  # the form on the home page itself
    catalogue = client.get(reverse("catalogue:index")).content.decode()
    assert catalogue.count(f'href="{lookup_url}"') >= 2
