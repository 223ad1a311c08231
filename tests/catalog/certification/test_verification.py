"""What a consumer sees after scanning a certificate's QR code."""

import datetime
import io

import pytest
import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from catalog.certification.models import Status
from tests.factories import ProductFactory, certify

pytestmark = pytest.mark.django_db


def page(client, certificate):
    response = client.get(reverse("certification:verify", kwargs={"code": certificate.code}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_valid_certificate_says_so_with_its_details(client, home_page):
    product = ProductFactory(title="Mật ong Lục Nam", certificate__stars=4)
    certificate = product.certificate
    html = page(client, certificate)
    assert f"Còn hiệu lực đến ngày {certificate.valid_until:%d/%m/%Y}" in html
    assert "verify--valid" in html and product.get_absolute_url() in html
    assert certificate.decision_number in html and product.producer.name in html and "★★★★" in html


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"valid_until": datetime.date(2025, 1, 31)}, "Hết hiệu lực từ ngày 01/02/2025"),
        ({"status": Status.SUSPENDED}, "Tạm đình chỉ"),
        (
            {
                "status": Status.REVOKED,
                "status_reason": "sai nhãn mác",
                "status_changed_at": datetime.datetime(2026, 4, 2, 10, 0, tzinfo=datetime.UTC),
            },
            "Bị thu hồi ngày 02/04/2026 vì sai nhãn mác",
        ),
    ],
)
def test_an_invalid_certificate_says_why_and_warns(client, home_page, fields, words):
    product = ProductFactory(**{f"certificate__{k}": v for k, v in fields.items()})
    html = page(client, product.certificate)
    assert words in html and "verify--invalid" in html
    assert "không được chứng nhận OCOP" in html or "không còn" in html.lower() or "not OCOP-certified" in html
    assert product.get_absolute_url() not in html  # no link to a delisted product


def test_a_superseded_certificate_points_to_the_current_one(client, home_page):
    product = ProductFactory(certificate__stars=3)
    old = product.certificate
    new = certify(product, stars=4)
    html = page(client, old)
    assert reverse("certification:verify", kwargs={"code": new.code}) in html and "verify--invalid" in html


def test_an_unknown_code_is_a_helpful_404(client, home_page):
    response = client.get("/verify/OCOP-00-0000-9999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "OCOP-00-0000-9999" in html and 'name="code"' in html


def test_the_lookup_form_goes_to_the_typed_code(client, home_page):
    ProductFactory(certificate__code="OCOP-24-2021-0042")
    assert client.get("/verify/").status_code == 200
    response = client.get("/verify/", {"code": "  ocop-24-2021-0042 "})
    assert response.status_code == 302 and response["Location"] == "/verify/OCOP-24-2021-0042/"


def test_qr_codes_encode_the_verification_page(client, home_page):
    certificate = ProductFactory().certificate
    url = f"{settings.SITE_URL}/verify/{certificate.code}/"
    svg = client.get(f"/verify/{certificate.code}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    expected = segno.make(url, error="m")
    assert svg.content.decode().count("<path") == 1 and expected.symbol_size(scale=10, border=4)[0] > 200
    buffer = io.BytesIO()
    expected.save(buffer, kind="svg", scale=10, border=4, title=f"OCOP {certificate.code}")
    assert svg.content == buffer.getvalue()
    png = client.get(f"/verify/{certificate.code}/qr.png?download=1")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert png["Content-Disposition"] == f'attachment; filename="ocop-{certificate.code}.png"'
    assert "max-age=86400" in png["Cache-Control"]
    assert client.get("/verify/NOPE/qr.png").status_code == 404


def test_the_product_page_links_to_the_check(client, home_page):
    product = ProductFactory()
    html = client.get(product.get_absolute_url()).content.decode()
    assert reverse("certification:verify", kwargs={"code": product.certificate.code}) in html


def test_scans_are_cheap_and_a_change_shows_at_once(client, home_page, django_assert_max_num_queries):
    certificate = ProductFactory().certificate
    page(client, certificate)
    with django_assert_max_num_queries(2):  # kept: none (PostgreSQL's savepoint and release)
        page(client, certificate)
    certificate.status, certificate.status_changed_at = Status.SUSPENDED, timezone.now()
    certificate.save()
    assert "Tạm đình chỉ" in page(client, certificate)


def test_each_visitor_gets_their_own_header_and_token(client, home_page, django_user_model):
    """The page is kept in pieces, never whole: a signed-in visitor's account links are not shown
    to the next visitor, nor one visitor's CSRF token (the language form's) to another."""
    import re

    from django.test import Client

    certificate = ProductFactory().certificate
    user = django_user_model.objects.create_user("lan", "lan@example.vn", "mat-khau-dai-2026")
    signed_in = Client()
    signed_in.force_login(user)
    assert "Đăng xuất" in page(signed_in, certificate) or "Log out" in page(signed_in, certificate)
    tokens = set()
    for _ in range(2):
        visitor = Client()
        visitor.get("/accounts/login/")  # their own CSRF cookie
        html = page(visitor, certificate)
        assert "logout-form" not in html
        tokens |= set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) == 2
